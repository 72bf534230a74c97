import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../testing/test-db.ts'
import { startDemoServer, type TestServer } from '../../testing/test-app.ts'

const API = '/api/v1'

type Json = any

describe.each(DIALECTS)('diagnostics findings on %s', (dialect) => {
  let t: TestServer
  let envId: string
  const findings = async () => {
    const res = await t.request({ method: 'GET', url: `${API}/environments/${envId}/diagnostics/findings` })
    expect(res.status, res.body).toBe(200)
    return res.json as { items: Json[]; nextCursor: null; checkedAt: string }
  }
  const hosts = async () => (await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts` })).json.items as Json[]
  const tick = () => t.server.lab!.tickAll()

  beforeAll(async () => {
    ;({ t, envId } = await startDemoServer(dialect))
  })
  afterAll(async () => t?.close())

  it('finds nothing wrong in the healthy demo environment', async () => {
    const before = Date.now()
    const list = await findings()
    expect(list.items).toEqual([])
    expect(list.nextCursor).toBeNull()
    expect(Date.parse(list.checkedAt)).toBeGreaterThanOrEqual(before - 1000)
    expect(list.checkedAt).toMatch(/Z$/)
  })

  it('answers 404 NOT_FOUND for an unknown environment', async () => {
    const res = await t.request({ method: 'GET', url: `${API}/environments/env_missing/diagnostics/findings` })
    expect(res.status).toBe(404)
    expect(res.json.error.code).toBe('NOT_FOUND')
  })

  it('follows an MTU upgrade: containers still on the old MTU show until the agents report the new one, then nothing', async () => {
    const stack = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/stacks` })).json.items.find((s: Json) => s.name === 'ipsec')
    const res = await t.request({
      method: 'PATCH',
      url: `${API}/environments/${envId}/stacks/${stack.id}`,
      headers: { 'if-match': String(stack.revision) },
      payload: { answers: { ...stack.answers, MTU: '1400' } },
    })
    expect(res.status, res.body).toBe(200)

    // before the agents catch up, web-1 still reports 1402 where the network now gives 1302
    const stale = (await findings()).items.filter((f) => f.checkId === 'container.mtu-mismatch')
    const web1 = stale.find((f) => f.subject.name === 'web-1')
    expect(web1).toMatchObject({ severity: 'warning', subject: { kind: 'container' }, evidence: { reportedMtu: 1402, expectedMtu: 1302, networkMtu: 1400, linkMtuOverhead: 98 } })

    await tick()
    await tick()
    expect((await findings()).items).toEqual([])
  })

  it('names a host registered with docker0 172.17.0.1 and gives the re-register command', async () => {
    const reg = await t.request({
      method: 'POST',
      url: `${API}/agent/register`,
      payload: {
        environmentId: envId,
        name: 'wrong-ip',
        agentIp: '172.17.0.1',
        interfaces: [
          { name: 'eth0', cidrs: ['192.168.50.40/24'], mtu: 1500 },
          { name: 'docker0', cidrs: ['172.17.0.1/16'], mtu: 1500 },
        ],
        mtu: 1500,
      },
    })
    expect(reg.status, reg.body).toBe(201)
    const items = (await findings()).items
    const found = items.filter((f) => f.checkId === 'agent-ip.docker-bridge')
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({
      severity: 'error',
      subject: { kind: 'host', id: reg.json.hostId, name: 'wrong-ip' },
      evidence: { agentIp: '172.17.0.1', dockerBridge: '172.17.0.0/16' },
    })
    expect(found[0].message).toContain('wrong-ip registered with 172.17.0.1')
    expect(found[0].fix).toContain('-e CATTLE_AGENT_IP=192.168.50.40')
    expect(found[0].fix).toContain('rancher/agent')
    // the lab hosts are not blamed for it
    const labHosts = (await hosts()).filter((h) => h.simulated).map((h) => h.id)
    expect(items.filter((f) => f.checkId.startsWith('agent-ip.') && labHosts.includes(f.subject.id))).toEqual([])
  })

  it('reports a failing peer direction as peer.unreachable for that host pair, and says so on the event stream', async () => {
    const reg = await t.request({
      method: 'POST',
      url: `${API}/agent/register`,
      payload: { environmentId: envId, name: 'far-away', agentIp: '192.168.50.41', interfaces: [{ name: 'eth0', cidrs: ['192.168.50.41/24'] }] },
    })
    expect(reg.status, reg.body).toBe(201)
    const host1 = (await hosts()).find((h) => h.name === 'host-1')
    const seqBefore = Number((await t.server.ctx.db.selectFrom('events').select((e) => e.fn.max('seq').as('seq')).executeTakeFirst())?.seq ?? 0)

    const report = await t.request({
      method: 'POST',
      url: `${API}/agent/report`,
      headers: { authorization: `Bearer ${reg.json.token}` },
      payload: {
        peers: [
          { peerHostId: host1.id, direction: 'outbound', ok: false, error: 'GET /ping: timeout' },
          { peerHostId: host1.id, direction: 'inbound', ok: true, rttMs: 0.5 },
        ],
      },
    })
    expect(report.status, report.body).toBe(200)

    const peer = (await findings()).items.filter((f) => f.checkId === 'peer.unreachable')
    expect(peer).toEqual([
      expect.objectContaining({
        severity: 'error',
        subject: { kind: 'hostPair', id: reg.json.hostId, name: 'far-away', peerId: host1.id, peerName: 'host-1', direction: 'outbound' },
        evidence: expect.objectContaining({ reportedBy: ['far-away (outbound)'], error: 'GET /ping: timeout' }),
      }),
    ])
    // the findings changed, and the network timeline gained the peer-down event
    const events = await t.server.ctx.db.selectFrom('events').selectAll().where('seq', '>', seqBefore).where('kind', '=', 'finding').orderBy('seq').execute()
    expect(events.map((e) => [e.action, e.resource_id, e.environment_id])).toEqual([
      ['updated', reg.json.hostId, envId],
      ['created', expect.stringMatching(/^tle_/), envId],
    ])

    // the same problems again change nothing: no event
    await t.request({
      method: 'POST',
      url: `${API}/agent/report`,
      headers: { authorization: `Bearer ${reg.json.token}` },
      payload: { peers: [{ peerHostId: host1.id, direction: 'outbound', ok: false, rttMs: null, error: 'GET /ping: timeout' }] },
    })
    const again = await t.server.ctx.db.selectFrom('events').select('seq').where('seq', '>', seqBefore).where('kind', '=', 'finding').execute()
    expect(again).toHaveLength(events.length)
  })
})
