import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROBE_TIMEOUT_MS } from '../../../core/api/probes.ts'
import { DIALECTS } from '../../testing/test-db.ts'
import { startTestServer, type TestServer } from '../../testing/test-app.ts'
import { sweepDisconnectedHosts } from '../hosts/hosts.service.ts'
import { PROBE_HISTORY } from './probes.service.ts'

const API = '/api/v1'

type Json = any

describe.each(DIALECTS)('active probes on %s', (dialect) => {
  let t: TestServer
  let envId: string
  const agents: Record<string, { hostId: string; token: string }> = {}
  const ctr: Record<string, Json> = {}

  const probes = () => `${API}/environments/${envId}/probes`
  const create = (payload: object) => t.request({ method: 'POST', url: probes(), payload })
  const get = (id: string) => t.request({ method: 'GET', url: `${probes()}/${id}` })
  const bearer = (name: string) => ({ authorization: `Bearer ${agents[name].token}` })
  const heartbeat = async (name: string) => (await t.request({ method: 'POST', url: `${API}/agent/heartbeat`, headers: bearer(name), payload: {} })).json.desiredRevision as number
  const desired = async (name: string) => (await t.request({ method: 'GET', url: `${API}/agent/desired-state`, headers: bearer(name) })).json
  const report = (name: string, probeResults: object[]) => t.request({ method: 'POST', url: `${API}/agent/report`, headers: bearer(name), payload: { probeResults } })
  /** Makes a probe look older than the timeout, as if its agent never answered. */
  const age = (id: string) =>
    t.server.ctx.db
      .updateTable('probe_requests')
      .set({ created_at: new Date(Date.now() - PROBE_TIMEOUT_MS - 1_000).toISOString() })
      .where('id', '=', id)
      .execute()

  beforeAll(async () => {
    // no lab: this test plays the agents, so nothing answers a probe unless the test does
    t = await startTestServer(dialect, { lab: false })
    const templates = (await t.request({ method: 'GET', url: `${API}/templates` })).json.items
    envId = (await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'probes', environmentTemplateId: templates.find((x: Json) => x.name === 'Cattle').id } })).json.id
    for (const [name, ip] of [['node-a', '10.0.0.11'], ['node-b', '10.0.0.12']]) {
      const res = await t.request({ method: 'POST', url: `${API}/agent/register`, payload: { environmentId: envId, name, agentIp: ip, interfaces: [{ name: 'eth0', cidrs: [`${ip}/24`] }] } })
      expect(res.status, res.body).toBe(201)
      agents[name] = res.json
    }
    const launch = async (name: string, host: string, networkMode: string) => {
      const res = await t.request({ method: 'POST', url: `${API}/environments/${envId}/containers`, payload: { name, image: 'nginx', hostId: agents[host].hostId, networkMode } })
      expect(res.status, res.body).toBe(201)
      ctr[name] = res.json
    }
    await launch('web-a', 'node-a', 'managed')
    await launch('web-b', 'node-b', 'managed')
    await launch('legacy-b', 'node-b', 'bridge')
    await launch('sidecar-b', 'node-b', 'container:web-b')
  })
  afterAll(async () => t?.close())

  it('queues an ICMP probe on the from-container’s host, resolved to the target’s managed IP, and moves that host’s desired revision', async () => {
    expect(ctr['web-b'].managedIp).toMatch(/^10\.42\./)
    const before = await heartbeat('node-a')
    const res = await create({ fromContainerId: ctr['web-a'].id, to: ctr['web-b'].id })
    expect(res.status, res.body).toBe(201)
    expect(res.json).toMatchObject({
      environmentId: envId,
      hostId: agents['node-a'].hostId,
      fromContainerId: ctr['web-a'].id,
      target: ctr['web-b'].managedIp,
      toContainerId: ctr['web-b'].id,
      protocol: 'icmp',
      port: null,
      state: 'pending',
      result: null,
    })
    expect(await heartbeat('node-a')).toBeGreaterThan(before)
    expect((await desired('node-a')).probes).toEqual([{ id: res.json.id, fromContainerId: ctr['web-a'].id, target: ctr['web-b'].managedIp, port: null, protocol: 'icmp' }])
    // another host's agent is not asked to run it
    expect((await desired('node-b')).probes).toEqual([])
    expect((await get(res.json.id)).json).toEqual(res.json)
    await report('node-a', [{ probeId: res.json.id, ok: true }])
  })

  it('takes an IPv4 with a TCP port, resolves a container:X target to X’s address, and drops the port of an ICMP probe', async () => {
    const tcp = await create({ fromContainerId: ctr['web-b'].id, to: '192.0.2.10', protocol: 'tcp', port: 5432 })
    expect(tcp.status, tcp.body).toBe(201)
    expect(tcp.json).toMatchObject({ hostId: agents['node-b'].hostId, target: '192.0.2.10', toContainerId: null, protocol: 'tcp', port: 5432 })
    const shared = await create({ fromContainerId: ctr['web-a'].id, to: ctr['sidecar-b'].id, port: 80 })
    expect(shared.status, shared.body).toBe(201)
    expect(shared.json).toMatchObject({ target: ctr['web-b'].managedIp, toContainerId: ctr['sidecar-b'].id, protocol: 'icmp', port: null })
    await report('node-b', [{ probeId: tcp.json.id, ok: false }])
    await report('node-a', [{ probeId: shared.json.id, ok: false }])
  })

  it('refuses bad input naming the field: 400 for the body, 422 for what does not exist or has no managed IP, 404 for unknown ids in the path', async () => {
    const cases: [object, string][] = [
      [{ fromContainerId: ctr['web-a'].id, to: '10.42.0.9', protocol: 'tcp' }, 'port'],
      [{ fromContainerId: ctr['web-a'].id, to: '10.42.0.999' }, 'to'],
      [{ fromContainerId: ctr['web-a'].id, to: '' }, 'to'],
      [{ fromContainerId: ctr['web-a'].id, to: '10.42.0.9', protocol: 'udp' }, 'protocol'],
      [{ fromContainerId: ctr['web-a'].id, to: '10.42.0.9', protocol: 'tcp', port: 70_000 }, 'port'],
      [{ to: '10.42.0.9' }, 'fromContainerId'],
      [{ fromContainerId: ctr['web-a'].id, to: '10.42.0.9', count: 5 }, ''],
    ]
    for (const [payload, path] of cases) {
      const res = await create(payload)
      expect(res.status, JSON.stringify(payload)).toBe(400)
      expect(res.json.error.code).toBe('VALIDATION_FAILED')
      if (path) expect(res.json.error.details.map((d: Json) => d.path), JSON.stringify(payload)).toContain(path)
    }
    const unknownFrom = await create({ fromContainerId: 'ctr_missing', to: '10.42.0.9' })
    expect(unknownFrom.status).toBe(422)
    expect(unknownFrom.json.error).toMatchObject({ code: 'REFERENCE_NOT_FOUND', details: [{ path: 'fromContainerId' }] })
    const unknownTo = await create({ fromContainerId: ctr['web-a'].id, to: 'ctr_missing' })
    expect(unknownTo.status).toBe(422)
    expect(unknownTo.json.error).toMatchObject({ code: 'REFERENCE_NOT_FOUND', details: [{ path: 'to' }] })
    const noManagedIp = await create({ fromContainerId: ctr['web-a'].id, to: ctr['legacy-b'].id })
    expect(noManagedIp.status).toBe(422)
    expect(noManagedIp.json.error.details).toEqual([{ path: 'to', message: expect.stringContaining('legacy-b') }])
    expect(noManagedIp.json.error.message).toContain('no managed IP')

    expect((await get('prb_missing')).status).toBe(404)
    const otherEnv = await t.request({ method: 'POST', url: `${API}/environments/env_missing/probes`, payload: { fromContainerId: ctr['web-a'].id, to: '10.42.0.9' } })
    expect(otherEnv.status).toBe(404)
    // nothing was queued by any of them
    expect((await desired('node-a')).probes).toEqual([])
  })

  it('answers 409 when the from-container’s host is not active', async () => {
    await t.server.ctx.db.updateTable('hosts').set({ last_heartbeat_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', agents['node-b'].hostId).execute()
    expect(await sweepDisconnectedHosts(t.server.ctx)).toBe(1)
    const res = await create({ fromContainerId: ctr['web-b'].id, to: ctr['web-a'].id })
    expect(res.status).toBe(409)
    expect(res.json.error.code).toBe('NO_ACTIVE_HOST')
    expect(res.json.error.message).toContain('node-b is disconnected')
    await heartbeat('node-b')
    expect((await create({ fromContainerId: ctr['web-b'].id, to: ctr['web-a'].id })).status).toBe(201)
    await report('node-b', (await desired('node-b')).probes.map((p: Json) => ({ probeId: p.id, ok: true })))
  })

  it('lets operators send probes and read-only members only read them', async () => {
    const readOnly = await t.as('read-only', envId)
    const refused = await readOnly({ method: 'POST', url: probes(), payload: { fromContainerId: ctr['web-a'].id, to: '10.42.0.9' } })
    expect(refused.status).toBe(403)
    const restricted = await t.as('restricted', envId)
    const made = await restricted({ method: 'POST', url: probes(), payload: { fromContainerId: ctr['web-a'].id, to: '10.42.0.9' } })
    expect(made.status, made.body).toBe(201)
    const read = await readOnly({ method: 'GET', url: `${probes()}/${made.json.id}` })
    expect(read.status).toBe(200)
    expect(read.json.id).toBe(made.json.id)
    await report('node-a', [{ probeId: made.json.id, ok: true }])
  })

  it('closes a probe with the answer of its own host only, and the answered probe leaves the desired state', async () => {
    const probe = (await create({ fromContainerId: ctr['web-a'].id, to: ctr['web-b'].id })).json
    // node-b cannot answer for node-a, and unknown ids are ignored
    const foreign = await report('node-b', [{ probeId: probe.id, ok: false, detail: 'forged' }, { probeId: 'prb_missing', ok: true }])
    expect(foreign.status).toBe(200)
    expect(foreign.json.accepted).toBe(0)
    expect((await get(probe.id)).json).toMatchObject({ state: 'pending', result: null })

    const revision = await heartbeat('node-a')
    const detail = '3 packets transmitted, 3 received, 0% packet loss, time 2003ms\nrtt min/avg/max/mdev = 0.310/0.402/0.511/0.083 ms'
    const own = await report('node-a', [{ probeId: probe.id, ok: true, rttMs: 0.402, detail }])
    expect(own.json.accepted).toBe(1)
    const done = (await get(probe.id)).json
    expect(done).toMatchObject({ state: 'done', result: { ok: true, rttMs: 0.402, detail } })
    expect(Date.parse(done.result.answeredAt)).toBeGreaterThan(Date.parse(done.createdAt) - 1)
    // the event tells the agent (and live clients) that something moved
    expect(await heartbeat('node-a')).toBeGreaterThan(revision)
    expect((await desired('node-a')).probes).toEqual([])

    // a second answer does not rewrite the first
    expect((await report('node-a', [{ probeId: probe.id, ok: false, detail: 'again' }])).json.accepted).toBe(0)
    expect((await get(probe.id)).json.result).toEqual(done.result)
  })

  it('reads a probe nobody answered in time as expired and stops offering it; a late answer still closes it', async () => {
    const probe = (await create({ fromContainerId: ctr['web-a'].id, to: '10.42.0.9' })).json
    expect((await desired('node-a')).probes.map((p: Json) => p.id)).toEqual([probe.id])
    await age(probe.id)
    expect((await get(probe.id)).json).toMatchObject({ state: 'expired', result: null })
    expect((await desired('node-a')).probes).toEqual([])
    expect((await report('node-a', [{ probeId: probe.id, ok: false, detail: 'timeout' }])).json.accepted).toBe(1)
    expect((await get(probe.id)).json).toMatchObject({ state: 'done', result: { ok: false, detail: 'timeout' } })
  })

  it(`keeps the newest ${PROBE_HISTORY} probes of an environment`, async () => {
    const first = (await create({ fromContainerId: ctr['web-a'].id, to: '10.42.0.9' })).json
    for (let i = 0; i < PROBE_HISTORY; i++) expect((await create({ fromContainerId: ctr['web-a'].id, to: '10.42.0.9' })).status).toBe(201)
    const rows = await t.server.ctx.db.selectFrom('probe_requests').select('id').where('environment_id', '=', envId).execute()
    expect(rows).toHaveLength(PROBE_HISTORY)
    expect((await get(first.id)).status).toBe(404)
  })
})
