import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../testing/test-db.ts'
import { startTestServer, type TestServer } from '../../testing/test-app.ts'
import { inCidr } from '../../testing/net.ts'
import { sweepDisconnectedHosts } from './hosts.service.ts'

const API = '/api/v1'

/** The infrastructure services every host runs (Network Services, IPsec, healthcheck). */
const PER_HOST_SERVICES = ['network-manager', 'metadata', 'dns', 'ipsec', 'router', 'connectivity-check', 'cni-driver', 'healthcheck']

type Json = any

async function createEnvironment(t: TestServer, name: string, template = 'Cattle'): Promise<Json> {
  const templates = (await t.request({ method: 'GET', url: `${API}/templates` })).json.items
  const tpl = templates.find((x: { name: string }) => x.name === template)
  const res = await t.request({ method: 'POST', url: `${API}/environments`, payload: { name, environmentTemplateId: tpl.id } })
  expect(res.status).toBe(201)
  return res.json
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe.each(DIALECTS)('hosts on %s', (dialect) => {
  let t: TestServer
  let envId: string
  const hosts: Json[] = []

  beforeAll(async () => {
    t = await startTestServer(dialect, { labIntervalMs: 60_000 })
    envId = (await createEnvironment(t, 'lab')).id
  })
  afterAll(async () => t?.close())

  const addHost = (payload: object = {}, env = envId) => t.request({ method: 'POST', url: `${API}/environments/${env}/hosts`, payload })

  it('adds a simulated host that registered through the agent API', async () => {
    const res = await addHost({})
    expect(res.status).toBe(201)
    const host = res.json
    hosts.push(host)
    expect(host).toMatchObject({ environmentId: envId, simulated: true, state: 'active', name: 'host-1', revision: expect.any(Number) })
    expect(inCidr('192.168.50.0/24', host.agentIp)).toBe(true)
    expect(host.lastHeartbeatAt).toEqual(expect.any(String))
    expect(Number.isNaN(Date.parse(host.lastHeartbeatAt))).toBe(false)
    expect(host.routerIp).toEqual(expect.any(String))
    expect(inCidr('10.42.0.0/16', host.routerIp)).toBe(true)

    // registered through the agent API: the row carries a token hash and the agent's interfaces
    const row = await t.server.ctx.db.selectFrom('hosts').selectAll().where('id', '=', host.id).executeTakeFirstOrThrow()
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(host.interfaces.map((i: { name: string }) => i.name)).toEqual(['eth0', 'docker0'])
    expect(host.interfaces[0].cidrs).toEqual([`${host.agentIp}/24`])

    // the per-host infrastructure containers
    const services = host.infrastructure.map((c: { serviceName: string }) => c.serviceName)
    for (const s of PER_HOST_SERVICES) expect(services, s).toContain(s)
    for (const c of host.infrastructure) expect(c.stackName).toMatch(/^(network-services|ipsec|healthcheck|scheduler)$/)
    expect(host.containerCount).toBeGreaterThanOrEqual(PER_HOST_SERVICES.length)

    // the router IP is the managed IP of this host's ipsec holder
    const holder = host.infrastructure.find((c: { name: string }) => /^ipsec-ipsec-\d+$/.test(c.name))
    expect(holder).toBeTruthy()
    const container = await t.request({ method: 'GET', url: `${API}/environments/${envId}/containers/${holder.id}` })
    expect(container.status).toBe(200)
    expect(container.json).toMatchObject({ hostId: host.id, managedIp: host.routerIp, networkMode: 'ipsec', system: true })
    const ip = await t.server.ctx.db.selectFrom('ip_addresses').selectAll().where('host_id', '=', host.id).where('role', '=', 'router').execute()
    expect(ip).toHaveLength(1)
    expect(ip[0]).toMatchObject({ address: host.routerIp, container_id: holder.id })

    // GET answers the same host
    const got = await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts/${host.id}` })
    expect(got.status).toBe(200)
    expect(got.json).toMatchObject({ id: host.id, name: host.name, agentIp: host.agentIp, routerIp: host.routerIp, simulated: true })
  })

  it('activates the environment and its stacks on the first host', async () => {
    const env = await t.request({ method: 'GET', url: `${API}/environments/${envId}` })
    expect(env.json).toMatchObject({ state: 'active', hostCount: 1 })
    const stacks = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/stacks` })).json.items
    expect(stacks).toHaveLength(4)
    for (const s of stacks) expect(s, s.name).toMatchObject({ state: 'active', stateReason: null })
    const drivers = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/network-drivers` })).json.items
    expect(drivers[0].state).toBe('active')
  })

  it('gives further hosts their own router IP, name and agent IP', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await addHost({})
      expect(res.status).toBe(201)
      hosts.push(res.json)
    }
    await t.server.lab!.tickAll()
    expect(hosts[1].routerIp).not.toBe(hosts[0].routerIp)
    const list = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts` })).json
    expect(list.nextCursor).toBeNull()
    expect(list.items).toHaveLength(4)
    const uniq = (key: string) => new Set(list.items.map((h: Json) => h[key])).size
    expect(uniq('name')).toBe(4)
    expect(uniq('agentIp')).toBe(4)
    expect(uniq('routerIp')).toBe(4)
    for (const h of list.items) {
      expect(h.state).toBe('active')
      expect(inCidr('192.168.50.0/24', h.agentIp)).toBe(true)
      expect(inCidr('10.42.0.0/16', h.routerIp)).toBe(true)
      const services = h.infrastructure.map((c: { serviceName: string }) => c.serviceName)
      for (const s of PER_HOST_SERVICES) expect(services, `${h.name} ${s}`).toContain(s)
    }
    // the scheduler is scaled (one instance), not global
    const schedulers = list.items.flatMap((h: Json) => h.infrastructure).filter((c: { serviceName: string }) => c.serviceName === 'scheduler')
    expect(schedulers).toHaveLength(1)
    const env = await t.request({ method: 'GET', url: `${API}/environments/${envId}` })
    expect(env.json.hostCount).toBe(4)
  })

  it('takes a name and an agent IP', async () => {
    const res = await addHost({ name: 'edge-1', agentIp: '192.168.50.200' })
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({ name: 'edge-1', hostname: 'edge-1', agentIp: '192.168.50.200', simulated: true, state: 'active' })
    hosts.push(res.json)
    // the next automatic name skips none and reuses none
    const next = await addHost({})
    expect(next.status).toBe(201)
    expect(hosts.map((h) => h.name)).not.toContain(next.json.name)
    expect(hosts.map((h) => h.agentIp)).not.toContain(next.json.agentIp)
    hosts.push(next.json)
  })

  it('adds hosts requested at the same time as distinct hosts', async () => {
    const burst = await Promise.all([0, 1, 2].map(() => addHost({})))
    for (const res of burst) expect(res.status, JSON.stringify(res.json)).toBe(201)
    const ids = burst.map((r) => r.json.id)
    expect(new Set(ids).size).toBe(3)
    expect(new Set(burst.map((r) => r.json.name)).size).toBe(3)
    expect(new Set(burst.map((r) => r.json.agentIp)).size).toBe(3)
    hosts.push(...burst.map((r) => r.json))
    // every agent kept its token: a round leaves them all active and heart-beating
    const before = await t.server.ctx.db.selectFrom('hosts').select(['id', 'last_heartbeat_at']).where('id', 'in', ids).execute()
    await new Promise((r) => setTimeout(r, 5))
    await t.server.lab!.tickAll()
    const after = await t.server.ctx.db.selectFrom('hosts').select(['id', 'state', 'last_heartbeat_at']).where('id', 'in', ids).execute()
    for (const h of after) {
      expect(h.state).toBe('active')
      expect(h.last_heartbeat_at! > before.find((b) => b.id === h.id)!.last_heartbeat_at!, h.id).toBe(true)
    }

    // the same explicit name twice at once: one host, one 409
    const same = await Promise.all([0, 1].map(() => addHost({ name: 'twin' })))
    expect(same.map((r) => r.status).sort()).toEqual([201, 409])
    hosts.push(same.find((r) => r.status === 201)!.json)
    const twins = await t.server.ctx.db.selectFrom('hosts').select('id').where('environment_id', '=', envId).where('name', '=', 'twin').execute()
    expect(twins).toHaveLength(1)
  })

  it('refuses bad input naming the field, a taken name and an unknown environment', async () => {
    const cases: [object, string][] = [
      [{ name: 'Bad Name' }, 'name'],
      [{ name: '-x' }, 'name'],
      [{ name: 'x'.repeat(64) }, 'name'],
      [{ name: 42 }, 'name'],
      [{ agentIp: '300.1.1.1' }, 'agentIp'],
      [{ agentIp: 'host-1' }, 'agentIp'],
    ]
    for (const [payload, path] of cases) {
      const res = await addHost(payload)
      expect(res.status, JSON.stringify(payload)).toBe(400)
      expect(res.json.error.code).toBe('VALIDATION_FAILED')
      expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(path)
      expect(res.json.requestId).toBeTruthy()
    }
    const extra = await addHost({ bogus: true })
    expect(extra.status).toBe(400)

    const taken = await addHost({ name: 'host-1' })
    expect(taken.status).toBe(409)
    expect(taken.json.error.code).toBe('NAME_TAKEN')
    expect(taken.json.error.details.map((d: { path: string }) => d.path)).toContain('name')

    const unknown = await addHost({}, 'env_missing')
    expect(unknown.status).toBe(404)
    expect(unknown.json.error.code).toBe('NOT_FOUND')
    const unknownGet = await t.request({ method: 'GET', url: `${API}/environments/env_missing/hosts` })
    expect(unknownGet.status).toBe(404)
    const unknownHost = await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts/hst_missing` })
    expect(unknownHost.status).toBe(404)
    expect(unknownHost.json.error.code).toBe('NOT_FOUND')

    // nothing was registered by the refused requests
    const count = await t.server.ctx.db.selectFrom('hosts').select('id').where('environment_id', '=', envId).execute()
    expect(count).toHaveLength(hosts.length)
  })

  it('does not show a host under another environment', async () => {
    const other = await createEnvironment(t, 'other')
    const res = await t.request({ method: 'GET', url: `${API}/environments/${other.id}/hosts/${hosts[0].id}` })
    expect(res.status).toBe(404)
    const list = await t.request({ method: 'GET', url: `${API}/environments/${other.id}/hosts` })
    expect(list.json.items).toEqual([])
    // the same name is free in another environment
    const same = await addHost({ name: 'host-1' }, other.id)
    expect(same.status).toBe(201)
    expect(same.json.environmentId).toBe(other.id)
    // and the first host of that environment activates it
    expect((await t.request({ method: 'GET', url: `${API}/environments/${other.id}` })).json.state).toBe('active')
  })
})

describe.each(DIALECTS)('host disconnection on %s', (dialect) => {
  const DISCONNECT_MS = 400
  let t: TestServer
  let envId: string

  beforeAll(async () => {
    t = await startTestServer(dialect, { labIntervalMs: 60_000, hostDisconnectMs: DISCONNECT_MS })
    envId = (await createEnvironment(t, 'flaky')).id
  })
  afterAll(async () => t?.close())

  const getHost = async (id: string) => (await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts/${id}` })).json

  it('marks a host disconnected when heartbeats stop and active again on the next heartbeat', async () => {
    const added = await addAndCheck()
    await sleep(DISCONNECT_MS + 60)
    await sweepDisconnectedHosts(t.server.ctx)
    const gone = await getHost(added.id)
    expect(gone.state).toBe('disconnected')
    expect(gone.revision).toBeGreaterThan(added.revision)
    const event = await t.server.ctx.db.selectFrom('events').selectAll().where('resource_id', '=', added.id).orderBy('seq', 'desc').executeTakeFirstOrThrow()
    expect(event).toMatchObject({ kind: 'host', action: 'updated', revision: gone.revision, environment_id: envId })
    // a swept host is not swept again
    expect(await sweepDisconnectedHosts(t.server.ctx)).toBe(0)

    // the agent's next round heartbeats: active again
    await t.server.lab!.tickAll()
    const back = await getHost(added.id)
    expect(back.state).toBe('active')
    expect(back.revision).toBeGreaterThan(gone.revision)
    expect(Date.parse(back.lastHeartbeatAt)).toBeGreaterThan(Date.parse(added.lastHeartbeatAt))
  })

  it('keeps a stopped agent disconnected', async () => {
    const hosts = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts` })).json.items
    t.server.lab!.stopAll()
    await sleep(DISCONNECT_MS + 60)
    await sweepDisconnectedHosts(t.server.ctx)
    await t.server.lab!.tickAll()
    for (const h of hosts) expect((await getHost(h.id)).state).toBe('disconnected')
    // a host that is only disconnected still counts and still holds its router address
    const env = (await t.request({ method: 'GET', url: `${API}/environments/${envId}` })).json
    expect(env.hostCount).toBe(hosts.length)
    for (const h of hosts) expect((await getHost(h.id)).routerIp).toBe(h.routerIp)
  })

  async function addAndCheck() {
    const res = await t.request({ method: 'POST', url: `${API}/environments/${envId}/hosts`, payload: {} })
    expect(res.status).toBe(201)
    expect(res.json.state).toBe('active')
    // within the window a sweep leaves it alone
    expect(await sweepDisconnectedHosts(t.server.ctx)).toBe(0)
    return res.json
  }
})
