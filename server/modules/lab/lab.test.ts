import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../testing/test-db.ts'
import { startTestServer, type TestServer } from '../../testing/test-app.ts'

const API = '/api/v1'

type Json = any

async function setup(dialect: (typeof DIALECTS)[number], opts: { hostDisconnectMs?: number } = {}) {
  // lab agents run one round per tickAll: the interval is long enough never to fire by itself
  const t = await startTestServer(dialect, { demo: true, labIntervalMs: 60_000, ...opts })
  const envId = (await t.request({ method: 'GET', url: `${API}/environments` })).json.items[0].id as string
  await t.server.lab!.tickAll()
  await t.server.lab!.tickAll()
  return { t, envId }
}

describe.each(DIALECTS)('lab faults on %s', (dialect) => {
  let t: TestServer
  let envId: string
  let host: Record<string, Json>
  const tick = () => t.server.lab!.tickAll()
  const findings = async () => {
    const res = await t.request({ method: 'GET', url: `${API}/environments/${envId}/diagnostics/findings` })
    expect(res.status, res.body).toBe(200)
    return res.json.items as Json[]
  }
  const inject = async (payload: Json) => {
    const res = await t.request({ method: 'POST', url: `${API}/environments/${envId}/lab/faults`, payload })
    expect(res.status, res.body).toBe(201)
    return res.json
  }
  const clear = async (id: string) => {
    const res = await t.request({ method: 'DELETE', url: `${API}/environments/${envId}/lab/faults/${id}` })
    expect(res.status, res.body).toBe(204)
  }
  /** Injects, checks the findings, clears, and checks everything is healthy again. */
  const roundTrip = async (payload: Json, check: (items: Json[]) => void) => {
    const fault = await inject(payload)
    await tick()
    await tick()
    check(await findings())
    await clear(fault.id)
    await tick()
    await tick()
    expect(await findings()).toEqual([])
    const list = await t.request({ method: 'GET', url: `${API}/environments/${envId}/lab/faults` })
    expect(list.json.items).toEqual([])
  }

  beforeAll(async () => {
    ;({ t, envId } = await setup(dialect))
    const hosts = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts` })).json.items as Json[]
    host = Object.fromEntries(hosts.map((h) => [h.name, h]))
  })
  afterAll(async () => t?.close())

  it('starts healthy with no faults', async () => {
    expect(await findings()).toEqual([])
    const res = await t.request({ method: 'GET', url: `${API}/environments/${envId}/lab/faults` })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({ items: [], nextCursor: null })
  })

  it('UDP 4500 blocked host-1 → host-2: the tunnel port and the peer check fail for exactly that direction', async () => {
    await roundTrip({ type: 'udp-blocked', fromHostId: host['host-1'].id, toHostId: host['host-2'].id, port: 4500 }, (items) => {
      const ports = items.filter((f) => f.checkId === 'port.tunnel-blocked')
      expect(ports).toHaveLength(1)
      expect(ports[0].subject).toMatchObject({ id: host['host-1'].id, peerId: host['host-2'].id })
      expect(ports[0].evidence.blocked).toEqual(['udp/4500'])
      const peers = items.filter((f) => f.checkId === 'peer.unreachable')
      expect(peers).toHaveLength(1)
      expect(peers[0].subject).toMatchObject({ id: host['host-1'].id, peerId: host['host-2'].id })
      expect(peers[0].evidence.reportedBy).toEqual(['host-1 (outbound)', 'host-2 (inbound)'])
      expect(items.every((f) => ['port.tunnel-blocked', 'peer.unreachable'].includes(f.checkId))).toBe(true)
    })
  })

  it('lists an active fault with its description', async () => {
    const fault = await inject({ type: 'udp-blocked', fromHostId: host['host-1'].id, toHostId: host['host-2'].id, port: 500 })
    expect(fault).toMatchObject({ type: 'udp-blocked', port: 500, environmentId: envId, description: 'UDP 500 blocked host-1 → host-2' })
    const list = await t.request({ method: 'GET', url: `${API}/environments/${envId}/lab/faults` })
    expect(list.json.items).toEqual([fault])
    await clear(fault.id)
    await tick()
    expect(await findings()).toEqual([])
  })

  it('router stopped on host-3: router missing and its peers unreachable', async () => {
    await roundTrip({ type: 'router-stopped', hostId: host['host-3'].id }, (items) => {
      expect(items.filter((f) => f.checkId === 'host.router-missing').map((f) => f.subject.id)).toEqual([host['host-3'].id])
      const peers = items.filter((f) => f.checkId === 'peer.unreachable')
      expect(peers.length).toBe(4)
      for (const p of peers) expect([p.subject.id, p.subject.peerId]).toContain(host['host-3'].id)
    })
  })

  it('wrong agent IP (docker0): agent-ip.docker-bridge, and clearing re-registers with the real IP', async () => {
    await roundTrip({ type: 'wrong-agent-ip', hostId: host['host-2'].id, kind: 'docker-bridge' }, (items) => {
      expect(items.filter((f) => f.checkId === 'agent-ip.docker-bridge').map((f) => f.subject.id)).toEqual([host['host-2'].id])
    })
    const again = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts/${host['host-2'].id}` })).json
    expect(again.agentIp).toBe(host['host-2'].agentIp)
  })

  it('wrong agent IP (duplicate): agent-ip.duplicate', async () => {
    await roundTrip({ type: 'wrong-agent-ip', hostId: host['host-2'].id, kind: 'duplicate' }, (items) => {
      expect(items.filter((f) => f.checkId === 'agent-ip.duplicate').length).toBeGreaterThanOrEqual(1)
    })
  })

  it('wrong agent IP (not on interfaces): agent-ip.not-on-interfaces', async () => {
    await roundTrip({ type: 'wrong-agent-ip', hostId: host['host-1'].id, kind: 'not-on-interfaces' }, (items) => {
      expect(items.filter((f) => f.checkId === 'agent-ip.not-on-interfaces').map((f) => f.subject.id)).toEqual([host['host-1'].id])
    })
  })

  it('MTU mismatch: container.mtu-mismatch on that host only', async () => {
    await roundTrip({ type: 'mtu-mismatch', hostId: host['host-1'].id, mtu: 1400 }, (items) => {
      const mtu = items.filter((f) => f.checkId === 'container.mtu-mismatch')
      expect(mtu.length).toBeGreaterThan(0)
      for (const f of mtu) expect(f.evidence).toMatchObject({ host: 'host-1', reportedMtu: 1400 })
    })
  })

  it('slow metadata: metadata.slow', async () => {
    await roundTrip({ type: 'slow-metadata', hostId: host['host-3'].id, reloadMs: 15_000 }, (items) => {
      expect(items.filter((f) => f.checkId === 'metadata.slow')).toEqual([expect.objectContaining({ evidence: expect.objectContaining({ metadataReloadMs: 15_000 }) })])
    })
  })

  it('LAN overlapping the managed subnet: host.lan-overlaps-subnet', async () => {
    await roundTrip({ type: 'lan-overlap', hostId: host['host-2'].id, cidr: '10.42.0.0/24' }, (items) => {
      expect(items.filter((f) => f.checkId === 'host.lan-overlaps-subnet').map((f) => f.subject.id)).toEqual([host['host-2'].id])
    })
  })

  it('answers 400 naming the field, 404 for unknown environment or fault, 422 for an unknown or real host', async () => {
    const post = (payload: Json, env = envId) => t.request({ method: 'POST', url: `${API}/environments/${env}/lab/faults`, payload })
    const bad = await post({ type: 'udp-blocked', fromHostId: host['host-1'].id, toHostId: host['host-2'].id, port: 22 })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.json.error)).toContain('port')
    const badType = await post({ type: 'meteor-strike', hostId: host['host-1'].id })
    expect(badType.status).toBe(400)
    const same = await post({ type: 'udp-blocked', fromHostId: host['host-1'].id, toHostId: host['host-1'].id, port: 500 })
    expect(same.status).toBe(400)
    expect(same.json.error.details[0].path).toBe('toHostId')
    expect((await post({ type: 'router-stopped', hostId: host['host-1'].id }, 'env_missing')).status).toBe(404)
    expect((await t.request({ method: 'GET', url: `${API}/environments/env_missing/lab/faults` })).status).toBe(404)
    expect((await t.request({ method: 'DELETE', url: `${API}/environments/${envId}/lab/faults/flt_missing` })).status).toBe(404)
    const unknown = await post({ type: 'router-stopped', hostId: 'hst_missing' })
    expect(unknown.status).toBe(422)
    expect(unknown.json.error).toMatchObject({ code: 'REFERENCE_NOT_FOUND', details: [{ path: 'hostId' }] })
    const reg = await t.request({
      method: 'POST',
      url: `${API}/agent/register`,
      payload: { environmentId: envId, name: 'real-host', agentIp: '192.168.50.90', interfaces: [{ name: 'eth0', cidrs: ['192.168.50.90/24'] }] },
    })
    expect(reg.status).toBe(201)
    const real = await post({ type: 'udp-blocked', fromHostId: host['host-1'].id, toHostId: reg.json.hostId, port: 500 })
    expect(real.status).toBe(422)
    expect(real.json.error).toMatchObject({ code: 'REFERENCE_NOT_FOUND', details: [{ path: 'toHostId' }] })
    expect((await t.request({ method: 'GET', url: `${API}/environments/${envId}/lab/faults` })).json.items).toEqual([])
  })
})

describe.each(DIALECTS)('lab fault "disconnected" on %s', (dialect) => {
  let t: TestServer
  let envId: string
  beforeAll(async () => {
    ;({ t, envId } = await setup(dialect, { hostDisconnectMs: 300 }))
  })
  afterAll(async () => t?.close())

  it('a disconnected host shows host.disconnected after the timeout; clearing brings it back', async () => {
    const findings = async () => (await t.request({ method: 'GET', url: `${API}/environments/${envId}/diagnostics/findings` })).json.items as Json[]
    const hosts = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts` })).json.items as Json[]
    const h2 = hosts.find((h) => h.name === 'host-2')
    const res = await t.request({ method: 'POST', url: `${API}/environments/${envId}/lab/faults`, payload: { type: 'disconnected', hostId: h2.id } })
    expect(res.status, res.body).toBe(201)
    // the others keep heartbeating; host-2 stays silent past the timeout
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 150))
      await t.server.lab!.tickAll()
    }
    const items = await findings()
    expect(items.filter((f) => f.checkId === 'host.disconnected').map((f) => f.subject.id)).toEqual([h2.id])
    expect((await t.request({ method: 'DELETE', url: `${API}/environments/${envId}/lab/faults/${res.json.id}` })).status).toBe(204)
    await t.server.lab!.tickAll()
    await t.server.lab!.tickAll()
    expect(await findings()).toEqual([])
  })
})

describe.each(DIALECTS)('lab agents answer active probes on %s', (dialect) => {
  let t: TestServer
  let envId: string
  let host: Record<string, Json>
  let ctr: Record<string, Json>
  const tick = () => t.server.lab!.tickAll()
  const create = async (payload: Json) => {
    const res = await t.request({ method: 'POST', url: `${API}/environments/${envId}/probes`, payload })
    expect(res.status, res.body).toBe(201)
    return res.json
  }
  const get = async (id: string) => (await t.request({ method: 'GET', url: `${API}/environments/${envId}/probes/${id}` })).json
  /** Sends a probe and runs one round of the lab agents: the from-host's agent answers in it. */
  const probe = async (from: string, to: string, extra: Json = {}) => {
    const made = await create({ fromContainerId: ctr[from].id, to: ctr[to]?.id ?? to, ...extra })
    await tick()
    return get(made.id)
  }
  const withFault = async (payload: Json, run: () => Promise<void>) => {
    const res = await t.request({ method: 'POST', url: `${API}/environments/${envId}/lab/faults`, payload })
    expect(res.status, res.body).toBe(201)
    await tick()
    await run()
    expect((await t.request({ method: 'DELETE', url: `${API}/environments/${envId}/lab/faults/${res.json.id}` })).status).toBe(204)
    await tick()
  }

  beforeAll(async () => {
    ;({ t, envId } = await setup(dialect))
    const hosts = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts` })).json.items as Json[]
    host = Object.fromEntries(hosts.map((h) => [h.name, h]))
    const containers = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/containers?limit=500` })).json.items as Json[]
    ctr = Object.fromEntries(containers.map((c) => [c.name, c]))
  })
  afterAll(async () => t?.close())

  it('answers from the healthy lab: across hosts in ~0.4 ms, on the same host in 0.05 ms, printed like ping and saying the host is simulated', async () => {
    const cross = await probe('web-1', 'db-1')
    expect(cross).toMatchObject({ state: 'done', target: ctr['db-1'].managedIp, result: { ok: true, rttMs: 0.4 } })
    expect(cross.result.detail).toContain(`--- ${ctr['db-1'].managedIp} ping statistics ---`)
    expect(cross.result.detail).toContain('3 packets transmitted, 3 received, 0% packet loss')
    expect(cross.result.detail).toContain('simulated host')
    // web-1-logger shares web-1's netns: same host, same address
    const local = await probe('web-1', 'web-1-logger')
    expect(local).toMatchObject({ state: 'done', target: ctr['web-1'].managedIp, result: { ok: true, rttMs: 0.05 } })
    const tcp = await probe('web-1', 'db-1', { protocol: 'tcp', port: 5432 })
    expect(tcp.result).toMatchObject({ ok: true, rttMs: 0.4 })
    expect(tcp.result.detail).toContain(`Connected to ${ctr['db-1'].managedIp}:5432`)
    // a managed address nobody holds: the bridge's ARP gets no answer
    const nobody = await probe('web-1', '10.42.222.222')
    expect(nobody.result).toMatchObject({ ok: false, rttMs: null })
    expect(nobody.result.detail).toContain('Destination Host Unreachable')
    expect(nobody.result.detail).toContain('100% packet loss')
  })

  it('fails the probes whose path a fault cuts, in either direction, and only those', async () => {
    // blocked host-3 → host-1: web-1's echo requests arrive, the replies do not
    await withFault({ type: 'udp-blocked', fromHostId: host['host-3'].id, toHostId: host['host-1'].id, port: 4500 }, async () => {
      const cut = await probe('web-1', 'db-1')
      expect(cut.result).toMatchObject({ ok: false, rttMs: null })
      expect(cut.result.detail).toContain('3 packets transmitted, 0 received, 100% packet loss')
      expect(cut.result.detail).toContain('simulated host')
      expect((await probe('web-1', 'api-1')).result).toMatchObject({ ok: true, rttMs: 0.4 })
    })
    await withFault({ type: 'router-stopped', hostId: host['host-3'].id }, async () => {
      expect((await probe('web-1', 'db-1')).result.ok).toBe(false)
      expect((await probe('db-1', 'web-1', { protocol: 'tcp', port: 80 })).result).toMatchObject({ ok: false, detail: expect.stringContaining('Connection timed out') })
      // the bridge on host-3 does not need its router
      expect((await probe('db-1', 'cache-1')).result).toMatchObject({ ok: true, rttMs: 0.05 })
    })
    // cleared: the path answers again
    expect((await probe('web-1', 'db-1')).result.ok).toBe(true)
  })

  it('a disconnected host: probes towards it get no answer, and its own probes expire unanswered', async () => {
    await withFault({ type: 'disconnected', hostId: host['host-3'].id }, async () => {
      expect((await probe('web-1', 'db-1')).result).toMatchObject({ ok: false, detail: expect.stringContaining('100% packet loss') })
      // host-3 is still active (the disconnect timeout has not passed) but its agent is silent
      const silent = await probe('db-1', 'web-1')
      expect(silent).toMatchObject({ state: 'pending', result: null })
      await t.server.ctx.db.updateTable('probe_requests').set({ created_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', silent.id).execute()
      expect((await get(silent.id)).state).toBe('expired')
    })
  })
})
