import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../testing/test-db.ts'
import { startDemoServer, type TestServer } from '../../testing/test-app.ts'

const API = '/api/v1'

type Json = any

describe.each(DIALECTS)('diagnostics matrix and trace on %s', (dialect) => {
  let t: TestServer
  let envId: string
  const matrix = async () => {
    const res = await t.request({ method: 'GET', url: `${API}/environments/${envId}/diagnostics/matrix` })
    expect(res.status, res.body).toBe(200)
    return res.json as { hosts: Json[]; cells: string; checkedAt: string }
  }
  const traceReq = (payload: Json) => t.request({ method: 'POST', url: `${API}/environments/${envId}/diagnostics/trace`, payload })
  const containers = async () => (await t.request({ method: 'GET', url: `${API}/environments/${envId}/containers?limit=500` })).json.items as Json[]
  const idOf = async (name: string) => (await containers()).find((c) => c.name === name).id as string

  beforeAll(async () => {
    ;({ t, envId } = await startDemoServer(dialect))
  })
  afterAll(async () => t?.close())

  it('serves the healthy demo matrix compactly: every off-diagonal cell ok', async () => {
    const m = await matrix()
    const n = m.hosts.length
    expect(n).toBeGreaterThanOrEqual(3)
    expect(m.hosts.map((h) => h.name)).toEqual([...m.hosts.map((h) => h.name)].sort())
    expect(m.hosts[0]).toEqual({ id: expect.any(String), name: expect.any(String), agentIp: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/), interfaceIps: expect.any(Array) })
    // each header shows the registered IP beside the addresses the host's interfaces carry (no prefix)
    for (const h of m.hosts) expect(h.interfaceIps).toEqual([h.agentIp, '172.17.0.1'])
    expect(m.cells).toHaveLength(n * n)
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(m.cells[i * n + j]).toBe(i === j ? '-' : 'o')
  })

  it('answers 404 for an unknown environment', async () => {
    const res = await t.request({ method: 'GET', url: `${API}/environments/env_missing/diagnostics/matrix` })
    expect(res.status).toBe(404)
    const tr = await t.request({ method: 'POST', url: `${API}/environments/env_missing/diagnostics/trace`, payload: { from: 'a', to: 'b' } })
    expect(tr.status).toBe(404)
  })

  it('traces web-1 → db-1 across hosts as reachable, hop by hop', async () => {
    const res = await traceReq({ from: await idOf('web-1'), to: await idOf('db-1') })
    expect(res.status, res.body).toBe(200)
    expect(res.json.verdict, JSON.stringify(res.json, null, 1)).toBe('reachable')
    expect(res.json.hops.map((h: Json) => [h.name, h.verdict])).toEqual([
      ['Source container web-1', 'ok'],
      ['Source host host-1: router', 'ok'],
      ['Tunnel host-1 → host-3', 'ok'],
      ['Destination host host-3: router', 'ok'],
      ['Destination container db-1', 'ok'],
    ])
  })

  it('traces to a managed IP and port', async () => {
    const db = (await containers()).find((c) => c.name === 'db-1')
    const ip = db.managedIp ?? db.primaryIp ?? db.ipAddress
    expect(typeof ip).toBe('string')
    const res = await traceReq({ from: await idOf('web-1'), to: ip, port: 5432 })
    expect(res.status, res.body).toBe(200)
    expect(res.json.verdict).toBe('reachable')
    expect(res.json.hops.at(-1).name).toBe('Destination container db-1')
  })

  it('a none-mode container is unreachable and the trace says why', async () => {
    const res = await traceReq({ from: await idOf('web-1'), to: await idOf('batch-job') })
    expect(res.status, res.body).toBe(200)
    expect(res.json.verdict).toBe('unreachable')
    const last = res.json.hops.at(-1)
    expect(last).toMatchObject({ name: 'Destination container batch-job', verdict: 'fail' })
    expect(last.evidence.join('\n')).toContain('network mode none: it has only a loopback interface')
    expect(last.fix).toBeTruthy()
  })

  it('answers 422 REFERENCE_NOT_FOUND naming from/to, and 400 for a bad IP', async () => {
    const web = await idOf('web-1')
    const from = await traceReq({ from: 'ctr_missing', to: web })
    expect(from.status).toBe(422)
    expect(from.json.error.code).toBe('REFERENCE_NOT_FOUND')
    expect(from.json.error.details[0].path).toBe('from')
    const to = await traceReq({ from: web, to: 'ctr_missing' })
    expect(to.status).toBe(422)
    expect(to.json.error.details[0].path).toBe('to')
    const bad = await traceReq({ from: web, to: '10.42.300.1' })
    expect(bad.status).toBe(400)
    expect(bad.json.error.code).toBe('VALIDATION_FAILED')
  })

  it('a report with a failing outbound peer shows x in exactly that cell', async () => {
    const reg = await t.request({
      method: 'POST',
      url: `${API}/agent/register`,
      payload: { environmentId: envId, name: 'zz-far', agentIp: '192.168.50.41', interfaces: [{ name: 'eth0', cidrs: ['192.168.50.41/24'] }] },
    })
    expect(reg.status, reg.body).toBe(201)
    const before = await matrix()
    const host1 = before.hosts.find((h) => h.name === 'host-1')
    const report = await t.request({
      method: 'POST',
      url: `${API}/agent/report`,
      headers: { authorization: `Bearer ${reg.json.token}` },
      payload: { peers: [{ peerHostId: host1.id, direction: 'outbound', ok: false, error: 'GET /ping: timeout' }] },
    })
    expect(report.status, report.body).toBe(200)
    const m = await matrix()
    const n = m.hosts.length
    const from = m.hosts.findIndex((h) => h.id === reg.json.hostId)
    const to = m.hosts.findIndex((h) => h.id === host1.id)
    const xs: Array<[number, number]> = []
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (m.cells[i * n + j] === 'x') xs.push([i, j])
    expect(xs).toEqual([[from, to]])
  })
})
