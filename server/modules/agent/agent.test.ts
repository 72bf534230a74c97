import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../testing/test-db.ts'
import { startTestServer, type TestServer } from '../../testing/test-app.ts'
import { inCidr } from '../../testing/net.ts'
import { parseIpv4 } from '../../../core/net/ipv4.ts'
import { sweepDisconnectedHosts } from '../hosts/hosts.service.ts'
import { REPORT_HISTORY } from './agent.service.ts'

const API = '/api/v1'

type Json = any

const ipNum = (ip: string) => parseIpv4(ip) ?? -1

interface Agent {
  hostId: string
  token: string
  name: string
  agentIp: string
}

describe.each(DIALECTS)('agent API on %s', (dialect) => {
  let t: TestServer
  let envId: string
  let a: Agent
  let b: Agent
  let c: Agent

  const registerBody = (name: string, agentIp: string, extra: object = {}) => ({
    environmentId: envId,
    name,
    agentIp,
    interfaces: [{ name: 'eth0', cidrs: [`${agentIp}/24`], mtu: 1500 }],
    mtu: 1500,
    labels: { zone: 'a' },
    ...extra,
  })
  const register = (payload: object) => t.request({ method: 'POST', url: `${API}/agent/register`, payload })
  const asAgent = (token: string | null) => (token === null ? {} : { authorization: `Bearer ${token}` })
  const heartbeat = (token: string | null) => t.request({ method: 'POST', url: `${API}/agent/heartbeat`, headers: asAgent(token), payload: {} })
  const report = (token: string | null, payload: object) => t.request({ method: 'POST', url: `${API}/agent/report`, headers: asAgent(token), payload })
  const desired = (token: string | null, since?: number) =>
    t.request({ method: 'GET', url: `${API}/agent/desired-state${since === undefined ? '' : `?since=${since}`}`, headers: asAgent(token) })

  async function registerAgent(name: string, agentIp: string): Promise<Agent> {
    const res = await register(registerBody(name, agentIp))
    expect(res.status, JSON.stringify(res.json)).toBe(201)
    expect(res.json).toMatchObject({ hostId: expect.any(String), environmentId: envId, token: expect.any(String), heartbeatIntervalMs: expect.any(Number) })
    return { hostId: res.json.hostId, token: res.json.token, name, agentIp }
  }

  const containerOf = async (id: string) => (await t.request({ method: 'GET', url: `${API}/environments/${envId}/containers/${id}` })).json

  beforeAll(async () => {
    // no lab: this test is the agent
    t = await startTestServer(dialect, { lab: false })
    const templates = (await t.request({ method: 'GET', url: `${API}/templates` })).json.items
    const env = await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'agents', environmentTemplateId: templates.find((x: Json) => x.name === 'Cattle').id } })
    envId = env.json.id
  })
  afterAll(async () => t?.close())

  it('registers hosts and answers a token per host', async () => {
    a = await registerAgent('node-a', '10.0.0.11')
    b = await registerAgent('node-b', '10.0.0.12')
    c = await registerAgent('node-c', '10.0.0.13')
    expect(new Set([a.token, b.token, c.token]).size).toBe(3)
    const host = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts/${a.hostId}` })).json
    expect(host).toMatchObject({ name: 'node-a', hostname: 'node-a', agentIp: '10.0.0.11', state: 'active', simulated: false, labels: { zone: 'a' }, mtu: 1500 })
    // the token is stored only as a hash
    const row = await t.server.ctx.db.selectFrom('hosts').select('token_hash').where('id', '=', a.hostId).executeTakeFirstOrThrow()
    expect(row.token_hash).not.toContain(a.token)
  })

  it('refuses a registration for an unknown environment or with bad fields', async () => {
    const unknown = await register({ ...registerBody('x', '10.0.0.99'), environmentId: 'env_missing' })
    expect(unknown.status).toBe(422)
    expect(unknown.json.error.code).toBe('REFERENCE_NOT_FOUND')
    expect(unknown.json.error.details.map((d: Json) => d.path)).toEqual(['environmentId'])

    const cases: [object, string][] = [
      [registerBody('x', '10.0.0'), 'agentIp'],
      [registerBody('x', '10.0.0.256'), 'agentIp'],
      [registerBody('x', 'fe80::1'), 'agentIp'],
      [{ ...registerBody('x', '10.0.0.1'), agentIp: 42 }, 'agentIp'],
      [registerBody('', '10.0.0.1'), 'name'],
      [registerBody('x', '10.0.0.1', { mtu: 10 }), 'mtu'],
      [registerBody('x', '10.0.0.1', { simulated: 'yes' }), 'simulated'],
    ]
    for (const [payload, path] of cases) {
      const res = await register(payload)
      expect(res.status, JSON.stringify(payload)).toBe(400)
      expect(res.json.error.code).toBe('VALIDATION_FAILED')
      expect(res.json.error.details.map((d: Json) => d.path)).toContain(path)
    }
    const hosts = await t.server.ctx.db.selectFrom('hosts').select('name').where('environment_id', '=', envId).execute()
    expect(hosts.map((h) => h.name).sort()).toEqual(['node-a', 'node-b', 'node-c'])
  })

  it('answers 401 without a token or with a wrong one', async () => {
    for (const token of [null, 'nope', '', a.token + 'x']) {
      for (const res of [await heartbeat(token), await report(token, {}), await desired(token)]) {
        expect(res.status, String(token)).toBe(401)
        expect(res.json.error.code).toBe('UNAUTHENTICATED')
        expect(res.json.requestId).toBeTruthy()
      }
    }
    for (const authorization of [a.token, `Basic ${a.token}`, `Bearer`, `Bearer ${a.token} extra`]) {
      const res = await t.request({ method: 'POST', url: `${API}/agent/heartbeat`, headers: { authorization }, payload: {} })
      expect(res.status, authorization).toBe(401)
    }
    const ok = await heartbeat(a.token)
    expect(ok.status).toBe(200)
    expect(ok.json.desiredRevision).toEqual(expect.any(Number))
  })

  it('serves the desired state of the calling host', async () => {
    const res = await desired(a.token)
    expect(res.status).toBe(200)
    const ds = res.json
    expect(ds).toMatchObject({ changed: true, hostId: a.hostId, probes: [] })
    expect(inCidr('10.42.0.0/16', ds.routerIp)).toBe(true)

    // only this host's containers
    const rows = await t.server.ctx.db.selectFrom('containers').select(['id', 'host_id']).where('environment_id', '=', envId).where('state', '!=', 'removed').execute()
    expect(ds.containers.map((x: Json) => x.id).sort()).toEqual(rows.filter((r) => r.host_id === a.hostId).map((r) => r.id).sort())

    const managed = ds.containers.filter((x: Json) => x.managedIp !== null)
    expect(managed.length).toBeGreaterThanOrEqual(2)
    for (const m of managed) {
      const [ip, prefix] = m.managedIp.split('/')
      expect(prefix, m.name).toBe('16')
      expect(inCidr('10.42.0.0/16', ip)).toBe(true)
      expect(m.gateway).toBe('10.42.0.1')
      expect(m.dns).toContain('169.254.169.250')
      expect(m.dnsSearch).toContain('rancher.internal')
      // the same address the containers API shows
      expect((await containerOf(m.id)).managedIp).toBe(ip)
    }
    const holder = ds.containers.find((x: Json) => /^ipsec-ipsec-\d+$/.test(x.name))
    expect(holder).toMatchObject({ networkMode: 'ipsec', managedIp: `${ds.routerIp}/16`, mtu: 1500, system: true })
    expect(holder.labels['io.rancher.cni.link_mtu_overhead']).toBe('0')
    for (const m of managed.filter((x: Json) => x.id !== holder.id)) expect(m.mtu, m.name).toBe(1402)
    const healthcheck = ds.containers.find((x: Json) => x.name.startsWith('healthcheck-healthcheck-'))
    expect(healthcheck).toMatchObject({ networkMode: 'managed', mtu: 1402 })

    // not managed: no managed IP, gateway or MTU; sidekicks name the netns they join
    for (const x of ds.containers.filter((y: Json) => y.managedIp === null)) {
      expect(x.gateway, x.name).toBeNull()
      expect(x.mtu, x.name).toBeNull()
    }
    const router = ds.containers.find((x: Json) => x.name.startsWith('ipsec-router-'))
    expect(router).toMatchObject({ networkMode: 'container:ipsec', networkFrom: holder.name, managedIp: null })
    const manager = ds.containers.find((x: Json) => x.name.startsWith('network-services-network-manager-'))
    expect(manager).toMatchObject({ networkMode: 'host', managedIp: null })

    // peers: the other active hosts with their agent and router IPs
    expect(ds.peers.map((p: Json) => p.hostId).sort()).toEqual([b.hostId, c.hostId].sort())
    const peerB = ds.peers.find((p: Json) => p.hostId === b.hostId)
    const hostB = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts/${b.hostId}` })).json
    expect(peerB).toEqual({ hostId: b.hostId, name: 'node-b', agentIp: '10.0.0.12', routerIp: hostB.routerIp, slice: null, managedIps: expect.any(Array) })
    expect(hostB.routerIp).not.toBe(ds.routerIp)

    expect(ds.driver).toMatchObject({ name: 'Rancher IPsec', overlay: 'ipsec', networkName: 'ipsec', subnets: ['10.42.0.0/16'], mtu: 1500, linkMtuOverhead: 98, tunnelPorts: [500, 4500] })
    expect(ds.driver).toMatchObject({ gateway: '10.42.0.1', vni: null, psk: expect.stringMatching(/^\S{32,}$/) })
    expect(ds.cniFiles).toHaveLength(1)
    expect(ds.cniFiles[0].name).toBe('10-rancher.conf')
    expect(JSON.parse(ds.cniFiles[0].content)).toMatchObject({ type: 'rancher-bridge', bridge: 'docker0', bridgeSubnet: '10.42.0.0/16', mtu: 1500, linkMTUOverhead: 98 })
  })

  /** Managed IPs (no prefix) of a host's containers that are not removed, router excluded, in numeric order. */
  async function managedIpsOn(hostId: string): Promise<string[]> {
    const host = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts/${hostId}` })).json
    const items = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/containers?limit=500` })).json.items as Json[]
    return items
      .filter((x) => x.hostId === hostId && x.state !== 'removed' && x.managedIp && x.managedIp !== host.routerIp)
      .map((x) => x.managedIp as string)
      .sort((p, q) => ipNum(p) - ipNum(q))
  }

  it('lists each peer’s container addresses (router excluded) and follows launches and removals', async () => {
    const before = (await desired(a.token)).json.peers.find((p: Json) => p.hostId === b.hostId)
    expect(before.managedIps.length).toBeGreaterThanOrEqual(1)
    expect(before.managedIps).toEqual(await managedIpsOn(b.hostId))
    expect(before.managedIps).not.toContain(before.routerIp)
    for (const ip of before.managedIps) expect(ip).not.toContain('/')

    // a requested address: 10.42.0.100 sorts after 10.42.0.9 numerically (as text it would not)
    const launched = await t.request({
      method: 'POST',
      url: `${API}/environments/${envId}/containers`,
      payload: { name: 'probe-target', image: 'nginx', hostId: b.hostId, networkMode: 'managed', labels: { 'io.rancher.container.requested_ip': '10.42.0.100' } },
    })
    expect(launched.status, launched.body).toBe(201)
    const bridged = await t.request({ method: 'POST', url: `${API}/environments/${envId}/containers`, payload: { name: 'bridged', image: 'nginx', hostId: b.hostId, networkMode: 'bridge' } })
    expect(bridged.status, bridged.body).toBe(201)
    const during = (await desired(a.token)).json.peers.find((p: Json) => p.hostId === b.hostId)
    expect(during.managedIps).toContain('10.42.0.100')
    expect(during.managedIps).toEqual(await managedIpsOn(b.hostId))
    expect(during.managedIps).toHaveLength(before.managedIps.length + 1)
    // the host's own view does not list itself as a peer
    expect((await desired(b.token)).json.peers.map((p: Json) => p.hostId)).not.toContain(b.hostId)

    const removed = await t.request({ method: 'DELETE', url: `${API}/environments/${envId}/containers/${launched.json.id}` })
    expect(removed.status, removed.body).toBe(200)
    await t.request({ method: 'DELETE', url: `${API}/environments/${envId}/containers/${bridged.json.id}` })
    const after = (await desired(a.token)).json.peers.find((p: Json) => p.hostId === b.hostId)
    expect(after.managedIps).toEqual(before.managedIps)
  })

  it('gives every host the same generated IPsec PSK, shown by no other route; an operator’s answer replaces it', async () => {
    const psk = (await desired(a.token)).json.driver.psk as string
    expect((await desired(b.token)).json.driver.psk).toBe(psk)
    expect((await desired(a.token)).json.driver.psk).toBe(psk)

    const stacks = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/stacks` })).json.items as Json[]
    const hostIds = [a.hostId, b.hostId, c.hostId]
    const containerIds = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/containers?limit=500` })).json.items.map((x: Json) => x.id)
    const network = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/networks` })).json.items[0]
    const paths = [
      `${API}/environments`,
      `${API}/environments/${envId}`,
      `${API}/environments/${envId}/stacks`,
      ...stacks.map((x) => `${API}/environments/${envId}/stacks/${x.id}`),
      `${API}/environments/${envId}/drift`,
      `${API}/environments/${envId}/network-drivers`,
      `${API}/environments/${envId}/networks`,
      `${API}/environments/${envId}/networks/${network.id}`,
      `${API}/environments/${envId}/hosts`,
      ...hostIds.map((id) => `${API}/environments/${envId}/hosts/${id}`),
      `${API}/environments/${envId}/containers?limit=500`,
      ...containerIds.map((id: string) => `${API}/environments/${envId}/containers/${id}`),
      `${API}/environments/${envId}/diagnostics/findings`,
      `${API}/environments/${envId}/diagnostics/matrix`,
      `${API}/environments/${envId}/diagnostics/timeline`,
      `${API}/environments/${envId}/diagnostics/export`,
      `${API}/audit?environmentId=${envId}`,
    ]
    for (const url of paths) {
      const res = await t.request({ method: 'GET', url })
      expect(res.status, url).toBe(200)
      expect(res.body.includes(psk), url).toBe(false)
    }

    // the operator sets RANCHER_IPSEC_PSK: agents get that one; emptied again, the generated one is back
    const ipsec = stacks.find((x) => x.catalogTemplateId === 'ipsec')
    const patch = async (answers: Record<string, string>) => {
      const current = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/stacks/${ipsec.id}` })).json
      const res = await t.request({ method: 'PATCH', url: `${API}/environments/${envId}/stacks/${ipsec.id}`, payload: { answers: { ...current.answers, ...answers } } })
      expect(res.status, res.body).toBe(200)
    }
    await patch({ RANCHER_IPSEC_PSK: 'operator-chosen-secret' })
    expect((await desired(a.token)).json.driver.psk).toBe('operator-chosen-secret')
    expect((await desired(c.token)).json.driver.psk).toBe('operator-chosen-secret')
    await patch({ RANCHER_IPSEC_PSK: '' })
    expect((await desired(a.token)).json.driver.psk).toBe(psk)
  })

  it('gives a host that registered asking for a slice its slice, holding its router address, and tells its peers', async () => {
    expect((await desired(a.token)).json.slice).toBeNull()
    const res = await register(registerBody('node-sliced', '10.0.0.15', { hostSlice: true }))
    expect(res.status, res.body).toBe(201)
    const ds = (await desired(res.json.token)).json
    expect(ds.slice).toMatch(/^10\.42\.\d+\.\d+\/\d+$/)
    expect(inCidr(ds.slice, ds.routerIp)).toBe(true)
    expect((await desired(res.json.token, ds.desiredRevision)).json).toMatchObject({ changed: false, slice: ds.slice })
    expect((await desired(a.token)).json.peers.find((p: Json) => p.hostId === res.json.hostId).slice).toBe(ds.slice)
    // the host leaves again so the other tests see the three nodes they expect
    await t.server.ctx.db.updateTable('hosts').set({ last_heartbeat_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', res.json.hostId).execute()
    await sweepDisconnectedHosts(t.server.ctx)
  })

  it('gives a VXLAN environment its VNI and gateway, and no PSK', async () => {
    const templates = (await t.request({ method: 'GET', url: `${API}/templates` })).json.items
    const env = await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'vxlan-agents', environmentTemplateId: templates.find((x: Json) => x.name === 'Cattle VXLAN').id } })
    expect(env.status, env.body).toBe(201)
    const res = await register({ ...registerBody('vx-1', '10.0.1.11'), environmentId: env.json.id })
    expect(res.status, res.body).toBe(201)
    const ds = (await desired(res.json.token)).json
    expect(ds.driver).toMatchObject({ overlay: 'vxlan', vni: 1042, psk: null, gateway: '10.42.0.1', tunnelPorts: [4789] })
    expect(await t.server.ctx.db.selectFrom('environments').select('ipsec_psk').where('id', '=', env.json.id).executeTakeFirstOrThrow()).toEqual({ ipsec_psk: null })
  })

  it('leaves disconnected hosts out of the peers', async () => {
    await t.server.ctx.db.updateTable('hosts').set({ last_heartbeat_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', c.hostId).execute()
    expect(await sweepDisconnectedHosts(t.server.ctx)).toBe(1)
    const ds = (await desired(a.token)).json
    expect(ds.peers.map((p: Json) => p.hostId)).toEqual([b.hostId])
    // its heartbeat brings it back
    expect((await heartbeat(c.token)).status).toBe(200)
    const again = (await desired(a.token)).json
    expect(again.peers.map((p: Json) => p.hostId).sort()).toEqual([b.hostId, c.hostId].sort())
  })

  it('answers changed: false for the current revision and moves the revision on a change', async () => {
    const current = (await heartbeat(a.token)).json.desiredRevision
    const first = (await desired(a.token)).json
    expect(first.desiredRevision).toBe(current)
    const same = await desired(a.token, current)
    expect(same.status).toBe(200)
    expect(same.json).toMatchObject({ desiredRevision: current, changed: false, hostId: a.hostId, containers: [], peers: [], driver: null, cniFiles: [] })
    expect(same.json.routerIp).toBe(first.routerIp)

    // a change in the environment: a new host joins
    const d = await registerAgent('node-d', '10.0.0.14')
    const moved = (await heartbeat(a.token)).json.desiredRevision
    expect(moved).toBeGreaterThan(current)
    const after = (await desired(a.token, current)).json
    expect(after).toMatchObject({ desiredRevision: moved, changed: true })
    expect(after.peers.map((p: Json) => p.hostId)).toContain(d.hostId)
    // a change in another environment does not move it
    const templates = (await t.request({ method: 'GET', url: `${API}/templates` })).json.items
    await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'elsewhere', environmentTemplateId: templates[0].id } })
    expect((await heartbeat(a.token)).json.desiredRevision).toBe(moved)
    expect((await desired(a.token, moved)).json.changed).toBe(false)
    // bad since
    for (const since of ['-1', 'abc', '1.5']) {
      const res = await t.request({ method: 'GET', url: `${API}/agent/desired-state?since=${since}`, headers: asAgent(a.token) })
      expect(res.status, since).toBe(400)
      expect(res.json.error.details.map((x: Json) => x.path)).toContain('since')
    }
  })

  it('applies container facts for the own host only', async () => {
    const mine = (await desired(a.token)).json.containers.find((x: Json) => x.name.startsWith('healthcheck-healthcheck-'))
    const theirs = (await desired(b.token)).json.containers.find((x: Json) => x.name.startsWith('healthcheck-healthcheck-'))
    const before = await containerOf(theirs.id)

    const res = await report(a.token, {
      containers: [
        { containerId: mine.id, state: 'running', dockerIp: '172.17.0.5', eth0Addresses: ['172.17.0.5/16', mine.managedIp], mtu: 1402 },
        { containerId: theirs.id, state: 'error', dockerIp: '172.17.0.99', eth0Addresses: [], mtu: 9000, error: 'hijacked' },
        { containerId: 'ctr_missing', state: 'running' },
      ],
    })
    expect(res.status).toBe(200)
    expect(res.json.accepted).toBe(1)

    expect(await containerOf(mine.id)).toMatchObject({ state: 'running', dockerIp: '172.17.0.5', mtu: 1402, reportedAddresses: ['172.17.0.5/16', mine.managedIp] })
    const after = await containerOf(theirs.id)
    expect(after).toMatchObject({ state: before.state, dockerIp: before.dockerIp, mtu: before.mtu, revision: before.revision, reportedAddresses: before.reportedAddresses })
    const row = await t.server.ctx.db.selectFrom('containers').select(['state', 'docker_ip', 'error']).where('id', '=', theirs.id).executeTakeFirstOrThrow()
    expect(row).toEqual({ state: 'creating', docker_ip: null, error: null })

    // B may report for its own container
    const own = await report(b.token, { containers: [{ containerId: theirs.id, state: 'running', dockerIp: '172.17.0.2', eth0Addresses: ['172.17.0.2/16'], mtu: 1402 }] })
    expect(own.json.accepted).toBe(1)
    expect(await containerOf(theirs.id)).toMatchObject({ state: 'running', dockerIp: '172.17.0.2' })
  })

  it('refuses a malformed report naming the field', async () => {
    const cases: [object, string][] = [
      [{ containers: [{ containerId: 'x', state: 'flying' }] }, 'containers.0.state'],
      [{ containers: [{ containerId: 'x', state: 'running', dockerIp: 'nope' }] }, 'containers.0.dockerIp'],
      [{ peers: [{ peerHostId: b?.hostId ?? 'h', direction: 'sideways', ok: true }] }, 'peers.0.direction'],
      [{ ports: [{ peerHostId: 'h', port: 70000, protocol: 'udp', open: true }] }, 'ports.0.port'],
      [{ metadataReloadMs: -1 }, 'metadataReloadMs'],
    ]
    for (const [payload, path] of cases) {
      const res = await report(a.token, payload)
      expect(res.status, JSON.stringify(payload)).toBe(400)
      expect(res.json.error.details.map((d: Json) => d.path)).toContain(path)
    }
  })

  it('keeps a bounded report history per host', async () => {
    const now = new Date().toISOString()
    const peerReport = (i: number) => ({
      peers: [{ peerHostId: b.hostId, direction: 'outbound', ok: true, rttMs: i, lastSuccessAt: now }],
      ports: [{ peerHostId: b.hostId, port: 4500, protocol: 'udp', open: true }],
      metadataReloadMs: 1000 + i,
    })
    expect((await report(b.token, peerReport(0))).status).toBe(200)
    for (let i = 1; i <= REPORT_HISTORY + 7; i++) {
      const res = await report(a.token, peerReport(i))
      expect(res.status).toBe(200)
      expect(res.json.accepted).toBe(2)
    }
    const rows = await t.server.ctx.db.selectFrom('agent_reports').select(['id', 'body_json']).where('host_id', '=', a.hostId).orderBy('id').execute()
    expect(rows).toHaveLength(REPORT_HISTORY)
    // the newest are kept
    const last = JSON.parse(rows[rows.length - 1].body_json as string)
    expect(last.metadataReloadMs).toBe(1000 + REPORT_HISTORY + 7)
    const first = JSON.parse(rows[0].body_json as string)
    expect(first.metadataReloadMs).toBe(1000 + 8)
    // another host's history is untouched
    const others = await t.server.ctx.db.selectFrom('agent_reports').select('id').where('host_id', '=', b.hostId).execute()
    expect(others).toHaveLength(1)
  })

  it('re-registers by name: same host, new token, old token revoked', async () => {
    const before = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts/${a.hostId}` })).json
    const res = await register(registerBody('node-a', '10.0.0.21', { labels: { zone: 'b' } }))
    expect(res.status).toBe(201)
    expect(res.json.hostId).toBe(a.hostId)
    expect(res.json.token).not.toBe(a.token)
    expect((await heartbeat(a.token)).status).toBe(401)
    expect((await desired(a.token)).status).toBe(401)
    const fresh = res.json.token
    expect((await heartbeat(fresh)).status).toBe(200)

    const after = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts/${a.hostId}` })).json
    expect(after).toMatchObject({ id: a.hostId, agentIp: '10.0.0.21', labels: { zone: 'b' }, routerIp: before.routerIp, containerCount: before.containerCount })
    expect(after.revision).toBeGreaterThan(before.revision)
    expect(after.infrastructure.map((x: Json) => x.id).sort()).toEqual(before.infrastructure.map((x: Json) => x.id).sort())
    const hosts = await t.server.ctx.db.selectFrom('hosts').select('id').where('environment_id', '=', envId).where('name', '=', 'node-a').execute()
    expect(hosts).toHaveLength(1)
    // peers see the new agent IP
    const peerA = (await desired(b.token)).json.peers.find((p: Json) => p.hostId === a.hostId)
    expect(peerA.agentIp).toBe('10.0.0.21')
    a = { ...a, token: fresh, agentIp: '10.0.0.21' }
  })

  it('registers the same name twice at once as one host', async () => {
    const both = await Promise.all([register(registerBody('node-e', '10.0.0.31')), register(registerBody('node-e', '10.0.0.32'))])
    for (const res of both) expect(res.status, JSON.stringify(res.json)).toBe(201)
    expect(both[0].json.hostId).toBe(both[1].json.hostId)
    const rows = await t.server.ctx.db.selectFrom('hosts').select('id').where('environment_id', '=', envId).where('name', '=', 'node-e').execute()
    expect(rows).toHaveLength(1)
    // the registration that committed last holds the only valid token
    const alive = await Promise.all(both.map(async (r) => (await heartbeat(r.json.token)).status))
    expect(alive.sort()).toEqual([200, 401])
    // and the host got its infrastructure once
    const host = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts/${rows[0].id}` })).json
    const names = host.infrastructure.map((x: Json) => x.serviceName)
    expect(new Set(names).size).toBe(names.length)
  })

  it('revokes every token of an environment that is deleted', async () => {
    const res = await t.request({ method: 'DELETE', url: `${API}/environments/${envId}` })
    expect(res.status).toBe(204)
    for (const token of [a.token, b.token, c.token]) expect((await heartbeat(token)).status).toBe(401)
  })
})
