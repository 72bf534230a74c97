/**
 * The network timeline as an operator sees it on `GET …/diagnostics/timeline`: lab faults and
 * what they cause (through the agent API only), hosts going down and coming back, routers
 * stopping, stack changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../testing/test-db.ts'
import { startDemoServer, type TestServer } from '../../testing/test-app.ts'

const API = '/api/v1'

type Json = any

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Timeline helpers over one server and environment. */
function timelineOf(get: () => { t: TestServer; envId: string }) {
  const all = async (): Promise<Json[]> => {
    const { t, envId } = get()
    const res = await t.request({ method: 'GET', url: `${API}/environments/${envId}/diagnostics/timeline?limit=500` })
    expect(res.status, res.body).toBe(200)
    return res.json.items
  }
  /** Events newer than `mark` (an event id from an earlier read), newest first. */
  const since = async (mark: string | null): Promise<Json[]> => {
    const items = await all()
    const i = mark === null ? items.length : items.findIndex((e) => e.id === mark)
    return items.slice(0, i < 0 ? items.length : i)
  }
  const mark = async () => (await all())[0]?.id ?? null
  return { all, since, mark }
}

describe.each(DIALECTS)('network timeline of lab faults on %s', (dialect) => {
  let t: TestServer
  let envId: string
  let host: Record<string, Json>
  const tl = timelineOf(() => ({ t, envId }))
  const tick = () => t.server.lab!.tickAll()
  const inject = async (payload: Json) => {
    const res = await t.request({ method: 'POST', url: `${API}/environments/${envId}/lab/faults`, payload })
    expect(res.status, res.body).toBe(201)
    return res.json
  }
  const clear = async (id: string) => {
    const res = await t.request({ method: 'DELETE', url: `${API}/environments/${envId}/lab/faults/${id}` })
    expect(res.status, res.body).toBe(204)
  }
  const pair = (from: string, to: string) => ({ kind: 'host-pair', id: host[from].id, name: from, peerId: host[to].id, peerName: to })

  beforeAll(async () => {
    ;({ t, envId } = await startDemoServer(dialect))
    const hosts = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts` })).json.items as Json[]
    host = Object.fromEntries(hosts.map((h) => [h.name, h]))
  })
  afterAll(async () => t?.close())

  it('starts with each demo host registering, and nothing failing', async () => {
    const items = await tl.all()
    expect(items.filter((e) => e.kind === 'host-registered').map((e) => e.message).sort()).toEqual([
      'host-1 registered with agent IP 192.168.50.11',
      'host-2 registered with agent IP 192.168.50.12',
      'host-3 registered with agent IP 192.168.50.13',
    ])
    expect(items.filter((e) => e.severity === 'error')).toEqual([])
    expect(items[0]).toEqual({
      id: expect.any(String),
      at: expect.stringMatching(/Z$/),
      kind: expect.any(String),
      severity: expect.any(String),
      subject: expect.objectContaining({ kind: expect.any(String), id: expect.any(String), name: expect.any(String) }),
      message: expect.any(String),
    })
  })

  it('UDP 4500 blocked host-2 → host-3: the fault, then the blocked port and the failing peer check for that direction only; clearing reverses it', async () => {
    const before = await tl.mark()
    const fault = await inject({ type: 'udp-blocked', fromHostId: host['host-2'].id, toHostId: host['host-3'].id, port: 4500 })
    await tick()
    await tick()
    const injected = await tl.since(before)
    // oldest first reads as the story: the fault, then what the agents reported
    expect(injected.at(-1)).toMatchObject({ kind: 'fault-injected', severity: 'warning', subject: pair('host-2', 'host-3'), message: 'Fault injected: UDP 4500 blocked host-2 → host-3' })
    const network = injected.filter((e) => e.kind !== 'fault-injected')
    expect(network.map((e) => e.kind).sort()).toEqual(['peer-down', 'port-blocked'])
    for (const e of network) expect(e.subject).toEqual(pair('host-2', 'host-3'))
    expect(network.find((e) => e.kind === 'port-blocked')).toMatchObject({ severity: 'error', message: 'UDP 4500 blocked host-2 → host-3 (host-2 reports the port closed)' })
    // both ends report the direction failing (host-2 outbound, host-3 inbound): one event
    expect(network.find((e) => e.kind === 'peer-down').message).toMatch(/^host-2 → host-3: peer check failing \(host-[23] reports .*timeout\)$/)

    const mid = await tl.mark()
    await clear(fault.id)
    await tick()
    await tick()
    const cleared = await tl.since(mid)
    expect(cleared.at(-1)).toMatchObject({ kind: 'fault-cleared', severity: 'info', subject: pair('host-2', 'host-3'), message: 'Fault cleared: UDP 4500 blocked host-2 → host-3' })
    const healed = cleared.filter((e) => e.kind !== 'fault-cleared')
    expect(healed.map((e) => e.kind).sort()).toEqual(['peer-up', 'port-open'])
    for (const e of healed) expect(e.subject).toEqual(pair('host-2', 'host-3'))
    expect(healed.find((e) => e.kind === 'port-open').message).toBe('UDP 4500 open again host-2 → host-3 (host-2 reports the port open)')
    expect(healed.find((e) => e.kind === 'peer-up').message).toMatch(/^host-2 → host-3: peer check passing again/)

    // nothing more once healthy
    await tick()
    expect(await tl.since(await tl.mark())).toEqual([])
    expect((await tl.all()).filter((e) => e.kind.startsWith('peer-') || e.kind.startsWith('port-')).every((e) => e.subject.id === host['host-2'].id && e.subject.peerId === host['host-3'].id)).toBe(true)
  })

  it('the same problem reported again adds nothing', async () => {
    const fault = await inject({ type: 'udp-blocked', fromHostId: host['host-1'].id, toHostId: host['host-3'].id, port: 500 })
    await tick()
    const mark = await tl.mark()
    // a fresh full report of the same facts (clearing another fault forces one)
    const other = await inject({ type: 'slow-metadata', hostId: host['host-1'].id, reloadMs: 20_000 })
    await clear(other.id)
    await tick()
    const kinds = (await tl.since(mark)).map((e) => e.kind)
    expect(kinds.filter((k) => k.startsWith('peer-') || k.startsWith('port-'))).toEqual([])
    await clear(fault.id)
    await tick()
  })

  it('router stopped on host-1 and started again', async () => {
    const before = await tl.mark()
    const fault = await inject({ type: 'router-stopped', hostId: host['host-1'].id })
    await tick()
    const stopped = (await tl.since(before)).filter((e) => e.kind === 'router-stopped')
    expect(stopped).toHaveLength(1)
    expect(stopped[0]).toMatchObject({ severity: 'error', subject: { kind: 'host', id: host['host-1'].id, name: 'host-1', peerId: null, peerName: null } })
    expect(stopped[0].message).toMatch(/^Router stopped on host-1: .* stopped/)

    const mid = await tl.mark()
    await clear(fault.id)
    await tick()
    const started = (await tl.since(mid)).filter((e) => e.kind === 'router-started')
    expect(started).toHaveLength(1)
    expect(started[0].message).toMatch(/^Router running again on host-1/)
  })

  it('stack changes: an upgrade, a forced removal and adding the stack back', async () => {
    const stacks = async () => (await t.request({ method: 'GET', url: `${API}/environments/${envId}/stacks` })).json.items as Json[]
    const ipsec = (await stacks()).find((s) => s.name === 'ipsec')
    const before = await tl.mark()
    const up = await t.request({ method: 'PATCH', url: `${API}/environments/${envId}/stacks/${ipsec.id}`, payload: { answers: { ...ipsec.answers, MTU: '1400' } } })
    expect(up.status, up.body).toBe(200)
    const del = await t.request({ method: 'DELETE', url: `${API}/environments/${envId}/stacks/${ipsec.id}?force=true` })
    expect(del.status, del.body).toBe(200)
    const add = await t.request({ method: 'POST', url: `${API}/environments/${envId}/stacks`, payload: { name: 'ipsec', catalogTemplateId: 'ipsec' } })
    expect(add.status, add.body).toBe(201)
    const changes = (await tl.since(before)).filter((e) => e.kind === 'stack-changed').reverse()
    expect(changes.map((e) => [e.severity, e.subject.kind, e.subject.name])).toEqual([
      ['info', 'stack', 'ipsec'],
      ['warning', 'stack', 'ipsec'],
      ['info', 'stack', 'ipsec'],
    ])
    expect(changes[0].message).toBe('Stack ipsec upgraded: new compose or answers (version 0.2.5)')
    expect(changes[1].message).toMatch(/^Stack ipsec removed: removed with its network driver .* lost their networking/)
    expect(changes[2].message).toBe('Stack ipsec added (ipsec 0.2.5)')
    expect(changes[2].subject.id).toBe(add.json.id)
  })
})

describe.each(DIALECTS)('network timeline of a disconnected host on %s', (dialect) => {
  let t: TestServer
  let envId: string
  const tl = timelineOf(() => ({ t, envId }))

  beforeAll(async () => {
    // the sweep runs every 100 ms and marks a host silent for 300 ms disconnected
    ;({ t, envId } = await startDemoServer(dialect, { hostDisconnectMs: 300 }))
  })
  afterAll(async () => t?.close())

  it('host-2 silent: host-down once, then host-up when its heartbeats resume', async () => {
    const hosts = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts` })).json.items as Json[]
    const h2 = hosts.find((h) => h.name === 'host-2')
    const before = await tl.mark()
    const res = await t.request({ method: 'POST', url: `${API}/environments/${envId}/lab/faults`, payload: { type: 'disconnected', hostId: h2.id } })
    expect(res.status, res.body).toBe(201)
    for (let i = 0; i < 5; i++) {
      await sleep(150)
      await t.server.lab!.tickAll()
    }
    const down = (await tl.since(before)).filter((e) => e.kind === 'host-down')
    expect(down).toHaveLength(1)
    expect(down[0]).toMatchObject({ severity: 'error', subject: { kind: 'host', id: h2.id, name: 'host-2' } })
    expect(down[0].message).toMatch(/^host-2 disconnected: no heartbeat for \d+(\.\d)? s$/)
    expect((await tl.since(before)).at(-1)).toMatchObject({ kind: 'fault-injected', message: 'Fault injected: host-2 disconnected (heartbeats stopped)' })

    const mid = await tl.mark()
    expect((await t.request({ method: 'DELETE', url: `${API}/environments/${envId}/lab/faults/${res.json.id}` })).status).toBe(204)
    await t.server.lab!.tickAll()
    const back = (await tl.since(mid)).filter((e) => e.kind === 'host-up')
    expect(back).toHaveLength(1)
    expect(back[0]).toMatchObject({ severity: 'info', subject: { id: h2.id }, message: 'host-2 is back: heartbeats resumed (was disconnected)' })
  })
})
