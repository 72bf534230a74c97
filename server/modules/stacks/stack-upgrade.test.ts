import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../testing/test-db.ts'
import { startTestServer, type TestServer } from '../../testing/test-app.ts'

const API = '/api/v1'

describe.each(DIALECTS)('stack upgrade on %s', (dialect) => {
  let t: TestServer
  let envId: string
  const ipsecStack = async () => (await t.request({ method: 'GET', url: `${API}/environments/${envId}/stacks` })).json.items.find((s: { name: string }) => s.name === 'ipsec')
  const containers = async () => (await t.request({ method: 'GET', url: `${API}/environments/${envId}/containers?limit=500` })).json.items

  beforeAll(async () => {
    t = await startTestServer(dialect, { demo: true, labIntervalMs: 60_000 })
    envId = (await t.request({ method: 'GET', url: `${API}/environments` })).json.items[0].id
    await t.server.lab!.tickAll()
  })
  afterAll(async () => t?.close())

  it('previews an MTU change per host and per container without writing', async () => {
    const stack = await ipsecStack()
    const res = await t.request({ method: 'POST', url: `${API}/environments/${envId}/stacks/${stack.id}/upgrade-preview`, payload: { answers: { ...stack.answers, MTU: '1400' } } })
    expect(res.status).toBe(200)
    expect(res.json.refused).toBeNull()
    expect(res.json.revision).toBe(stack.revision)
    expect(res.json.networkChanges).toEqual(
      expect.arrayContaining([
        { field: 'mtu', from: '1500', to: '1400' },
        { field: 'effectiveMtu', from: '1402', to: '1302' },
      ]),
    )
    expect(res.json.hosts).toHaveLength(3)
    for (const h of res.json.hosts) {
      expect(h.files[0]).toMatchObject({ name: '10-rancher.conf', changed: true })
      expect(JSON.parse(h.files[0].after).mtu).toBe(1400)
    }
    const web1 = res.json.containers.find((c: { name: string }) => c.name === 'web-1')
    expect(web1.changes).toEqual([{ field: 'mtu', from: '1402', to: '1302' }])
    // the holder keeps its own overhead 0: 1500 → 1400
    expect(res.json.containers.find((c: { name: string }) => c.name.startsWith('ipsec-ipsec-')).changes).toEqual([{ field: 'mtu', from: '1500', to: '1400' }])
    expect((await ipsecStack()).revision).toBe(stack.revision)
  })

  it('applies the change to the driver, the network and every host; agents report the new MTU', async () => {
    const stack = await ipsecStack()
    const res = await t.request({
      method: 'PATCH',
      url: `${API}/environments/${envId}/stacks/${stack.id}`,
      headers: { 'if-match': String(stack.revision) },
      payload: { answers: { ...stack.answers, MTU: '1400' } },
    })
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ revision: stack.revision + 1, answers: { MTU: '1400' } })
    const network = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/networks` })).json.items.find((n: { isDefault: boolean }) => n.isDefault)
    expect(network).toMatchObject({ mtu: 1400, effectiveMtu: 1302 })
    expect(JSON.parse(network.cniFiles[0].content).mtu).toBe(1400)

    await t.server.lab!.tickAll()
    const web1 = (await containers()).find((c: { name: string }) => c.name === 'web-1')
    expect(web1.mtu).toBe(1302)
  })

  it('refuses a stale revision with 409 REVISION_MISMATCH', async () => {
    const stack = await ipsecStack()
    const res = await t.request({
      method: 'PATCH',
      url: `${API}/environments/${envId}/stacks/${stack.id}`,
      headers: { 'if-match': String(stack.revision - 1) },
      payload: { answers: { ...stack.answers, MTU: '1450' } },
    })
    expect(res.status).toBe(409)
    expect(res.json.error).toMatchObject({ code: 'REVISION_MISMATCH', details: { current: stack.revision } })
  })

  it('refuses to re-address live containers and says what to do instead', async () => {
    const stack = await ipsecStack()
    const body = { answers: { ...stack.answers, SUBNET: '10.43.0.0/16' } }
    const preview = await t.request({ method: 'POST', url: `${API}/environments/${envId}/stacks/${stack.id}/upgrade-preview`, payload: body })
    expect(preview.json.refused).toMatchObject({ code: 'READDRESS_REFUSED' })
    const res = await t.request({ method: 'PATCH', url: `${API}/environments/${envId}/stacks/${stack.id}`, payload: body })
    expect(res.status).toBe(409)
    expect(res.json.error.code).toBe('READDRESS_REFUSED')
    expect(res.json.error.message).toContain('10.42.0.0/16')
    expect(res.json.error.message).toContain('new environment')
    const network = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/networks` })).json.items.find((n: { isDefault: boolean }) => n.isDefault)
    expect(network.subnets[0].cidr).toBe('10.42.0.0/16')
  })

  it('answers 400 naming the answer for a bad value, 404 for an unknown stack', async () => {
    const stack = await ipsecStack()
    const bad = await t.request({ method: 'PATCH', url: `${API}/environments/${envId}/stacks/${stack.id}`, payload: { answers: { ...stack.answers, MTU: '15x0' } } })
    expect(bad.status).toBe(400)
    expect(bad.json.error.details.map((d: { path: string }) => d.path)).toContain('answers.MTU')
    const missing = await t.request({ method: 'PATCH', url: `${API}/environments/${envId}/stacks/stk_nope`, payload: {} })
    expect(missing.status).toBe(404)
  })

  it('moves a stack to another catalog version with that version\'s compose; the drift shows it; an unknown version is 400', async () => {
    const stack = await ipsecStack()
    expect(stack.version).toBe('0.2.5')
    const unknown = await t.request({ method: 'PATCH', url: `${API}/environments/${envId}/stacks/${stack.id}`, payload: { version: '9.9.9' } })
    expect(unknown.status).toBe(400)
    expect(unknown.json.error.details[0].path).toBe('version')
    expect(unknown.json.error.details[0].message).toContain('0.2.4')

    const res = await t.request({ method: 'PATCH', url: `${API}/environments/${envId}/stacks/${stack.id}`, headers: { 'if-match': String(stack.revision) }, payload: { version: '0.2.4' } })
    expect(res.status, res.body).toBe(200)
    const after = await ipsecStack()
    expect(after.version).toBe('0.2.4')
    expect(after.externalId).toBe('catalog://library:infra*ipsec:0.2.4')
    const catalogFile = (await t.request({ method: 'GET', url: `${API}/catalog/ipsec` })).json.versions.find((v: { version: string }) => v.version === '0.2.4').files.find((f: { name: string }) => f.name.startsWith('docker-compose'))
    expect(after.dockerCompose).toBe(catalogFile.content)
    const drift = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/drift` })).json
    const ipsec = drift.stacks.find((d: { name: string }) => d.name === 'ipsec')
    expect(ipsec.status).toBe('drifted')
    expect(ipsec.changes).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'version', template: '0.2.5', running: '0.2.4' })]))
  })
})
