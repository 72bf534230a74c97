/**
 * One matrix cell in detail and the troubleshooting export, with "UDP 4500 blocked host-2 →
 * host-3" injected through the lab API: the broken direction shows its evidence, the reverse
 * direction stays clean, and the export names the fault and the finding.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DiagnosticsExport, MatrixCell } from '../../../core/api/diagnostics.ts'
import { DIALECTS } from '../../testing/test-db.ts'
import { startDemoServer, type TestServer } from '../../testing/test-app.ts'

const API = '/api/v1'

type Json = any

describe.each(DIALECTS)('matrix cell details and export on %s', (dialect) => {
  let t: TestServer
  let envId: string
  let host: Record<string, Json>
  let faultId: string
  const cell = (from: string, to: string, env = envId) => t.request({ method: 'GET', url: `${API}/environments/${env}/diagnostics/matrix/${from}/${to}` })
  const exportReq = (query = '') => t.request({ method: 'GET', url: `${API}/environments/${envId}/diagnostics/export${query}` })
  const matrixStatus = async (from: string, to: string) => {
    const m = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/diagnostics/matrix` })).json
    const n = m.hosts.length
    return m.cells[m.hosts.findIndex((h: Json) => h.id === from) * n + m.hosts.findIndex((h: Json) => h.id === to)]
  }

  beforeAll(async () => {
    ;({ t, envId } = await startDemoServer(dialect))
    const hosts = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts` })).json.items as Json[]
    host = Object.fromEntries(hosts.map((h) => [h.name, h]))
  })
  afterAll(async () => t?.close())

  it('a healthy cell: ok, ports open, a user container pair to trace', async () => {
    const res = await cell(host['host-3'].id, host['host-1'].id)
    expect(res.status, res.body).toBe(200)
    const c = MatrixCell.parse(res.json)
    expect(c.status).toBe('o')
    expect(c.overlay).toBe('ipsec')
    expect(c.from).toEqual({ id: host['host-3'].id, name: 'host-3', agentIp: '192.168.50.13', interfaceIps: ['192.168.50.13', '172.17.0.1'] })
    // host-3 registered last: its reports cover every peer
    expect(c.outbound).toMatchObject({ reportedBy: 'host-3', ok: true, error: null })
    expect(c.outbound.receivedAt).toMatch(/Z$/)
    expect(c.outbound.lastSuccessAt).toMatch(/Z$/)
    // host-1 reports its peers on its own schedule: either it has and all is well, or not yet (all null)
    expect(c.inbound.reportedBy).toBe('host-1')
    expect([true, null]).toContain(c.inbound.ok)
    if (c.inbound.ok === null) expect(c.inbound).toMatchObject({ rttMs: null, lastSuccessAt: null, error: null, receivedAt: null })
    expect(c.ports).toEqual([
      { port: 500, protocol: 'udp', open: true },
      { port: 4500, protocol: 'udp', open: true },
    ])
    // a running user container with a managed IP on each host, first by name
    expect(c.representative).toMatchObject({ fromContainerName: 'cache-1', toContainerName: 'web-1' })
  })

  it('UDP 4500 blocked host-2 → host-3: that cell fails with the port closed, the reverse cell is ok', async () => {
    const res = await t.request({
      method: 'POST',
      url: `${API}/environments/${envId}/lab/faults`,
      payload: { type: 'udp-blocked', fromHostId: host['host-2'].id, toHostId: host['host-3'].id, port: 4500 },
    })
    expect(res.status, res.body).toBe(201)
    faultId = res.json.id
    await t.server.lab!.tickAll()

    const broken = (await cell(host['host-2'].id, host['host-3'].id)).json
    expect(broken.status).toBe(await matrixStatus(host['host-2'].id, host['host-3'].id))
    expect(broken.status).toBe('x')
    expect(broken.outbound).toMatchObject({ reportedBy: 'host-2', ok: false, rttMs: null, lastSuccessAt: null })
    expect(broken.outbound.error).toContain('timeout')
    expect(broken.inbound).toMatchObject({ reportedBy: 'host-3', ok: false })
    expect(broken.ports).toEqual([
      { port: 500, protocol: 'udp', open: true },
      { port: 4500, protocol: 'udp', open: false },
    ])
    expect(broken.representative).toMatchObject({ fromContainerName: 'api-1', toContainerName: 'cache-1' })

    const reverse = (await cell(host['host-3'].id, host['host-2'].id)).json
    expect(reverse.status).toBe('o')
    expect(reverse.status).toBe(await matrixStatus(host['host-3'].id, host['host-2'].id))
    expect(reverse.outbound).toMatchObject({ reportedBy: 'host-3', ok: true })
    expect(reverse.inbound).toMatchObject({ reportedBy: 'host-2', ok: true })
    expect(reverse.ports.every((p: Json) => p.open === true)).toBe(true)
  })

  it('the export names the fault, the finding and the failing direction in its summary', async () => {
    const res = await exportReq()
    expect(res.status, res.body).toBe(200)
    expect(res.headers['content-disposition']).toBeUndefined()
    const ex = DiagnosticsExport.parse(res.json)
    expect(ex.environment.id).toBe(envId)
    expect(ex.findings.map((f) => f.checkId).sort()).toEqual(['peer.unreachable', 'port.tunnel-blocked'])
    expect(ex.matrix.hosts.map((h) => h.name)).toEqual(['host-1', 'host-2', 'host-3'])
    expect(ex.timeline[0].id).toBeTruthy()
    expect(ex.timeline.some((e) => e.message === 'Fault injected: UDP 4500 blocked host-2 → host-3')).toBe(true)
    expect((ex.snapshot as Json).hosts).toHaveLength(3)

    const s = ex.summary
    expect(s).toContain('# Paddock troubleshooting export: Default')
    expect(s).toContain(`- Generated at: ${ex.generatedAt}`)
    expect(s).toContain('| host-2 | 192.168.50.12 | active |')
    expect(s).toContain('### Errors (2)')
    for (const f of ex.findings) expect(s).toContain(f.message)
    expect(s).toContain('- host-2 → host-3: failing')
    expect(s).not.toContain('- host-3 → host-2:')
    expect(s).toContain('Fault injected: UDP 4500 blocked host-2 → host-3')
  })

  it('?download=1 answers the same export as an attachment', async () => {
    const res = await exportReq('?download=1')
    expect(res.status).toBe(200)
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="paddock-default-\d{8}T\d{6}Z\.json"$/)
    expect(res.json.summary).toContain('Fault injected')
    expect((await exportReq('?download=maybe')).status).toBe(400)
  })

  it('after clearing, the cell is ok again', async () => {
    expect((await t.request({ method: 'DELETE', url: `${API}/environments/${envId}/lab/faults/${faultId}` })).status).toBe(204)
    await t.server.lab!.tickAll()
    const c = (await cell(host['host-2'].id, host['host-3'].id)).json
    expect(c.status).toBe('o')
    expect(c.ports.every((p: Json) => p.open === true)).toBe(true)
    const ex = (await exportReq()).json
    expect(ex.findings).toEqual([])
    expect(ex.summary).toContain('No findings: every check passed.')
    expect(ex.summary).toContain('Fault cleared: UDP 4500 blocked host-2 → host-3')
  })

  it('answers 404 naming an unknown host or environment', async () => {
    const from = await cell('hst_nope', host['host-1'].id)
    expect(from.status).toBe(404)
    expect(from.json.error).toMatchObject({ code: 'NOT_FOUND' })
    expect(from.json.error.message).toContain('hst_nope')
    const to = await cell(host['host-1'].id, 'hst_gone')
    expect(to.status).toBe(404)
    expect(to.json.error.message).toContain('hst_gone')
    expect((await cell(host['host-1'].id, host['host-2'].id, 'env_missing')).status).toBe(404)
    expect((await t.request({ method: 'GET', url: `${API}/environments/env_missing/diagnostics/export` })).status).toBe(404)
  })
})
