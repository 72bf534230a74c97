import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../testing/test-db.ts'
import { startTestServer, type TestServer } from '../../testing/test-app.ts'

const API = '/api/v1'

describe.each(DIALECTS)('environments on %s', (dialect) => {
  let t: TestServer
  let failNext = false
  const templateId = async (name: string) => (await t.request({ method: 'GET', url: `${API}/templates` })).json.items.find((x: { name: string }) => x.name === name).id

  beforeAll(async () => {
    t = await startTestServer(dialect, {
      lab: false,
      hooks: {
        beforeEnvironmentCommit: () => {
          if (failNext) {
            failNext = false
            throw new Error('injected failure after stacks and networks were written')
          }
        },
      },
    })
  })
  afterAll(async () => t?.close())

  it('creates an environment from Cattle with the IPsec default network', async () => {
    const res = await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'prod', environmentTemplateId: await templateId('Cattle') } })
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({ name: 'prod', state: 'activating', templateName: 'Cattle', hostCount: 0 })
    const envId = res.json.id

    const networks = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/networks` })).json.items
    const def = networks.find((n: { isDefault: boolean }) => n.isDefault)
    expect(def).toMatchObject({
      id: res.json.defaultNetworkId,
      name: 'ipsec',
      kind: 'cni',
      dns: ['169.254.169.250'],
      dnsSearch: ['rancher.internal'],
      hostPorts: true,
      mtu: 1500,
      linkMtuOverhead: 98,
      effectiveMtu: 1402,
      subnets: [{ cidr: '10.42.0.0/16', gateway: '10.42.0.1', startAddress: '10.42.0.2', endAddress: '10.42.255.250', size: 65529, used: 0, free: 65529 }],
    })
    expect(def.cniFiles[0].name).toBe('10-rancher.conf')
    expect(JSON.parse(def.cniFiles[0].content)).toMatchObject({ type: 'rancher-bridge', bridge: 'docker0', bridgeSubnet: '10.42.0.0/16', linkMTUOverhead: 98 })
    expect(networks.map((n: { kind: string }) => n.kind).sort()).toEqual(['cni', 'dockerBridge', 'dockerContainer', 'dockerHost', 'dockerNone'])

    const stacks = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/stacks` })).json.items
    expect(stacks.map((s: { name: string }) => s.name).sort()).toEqual(['healthcheck', 'ipsec', 'network-services', 'scheduler'])
    const ipsec = stacks.find((s: { name: string }) => s.name === 'ipsec')
    expect(ipsec).toMatchObject({ system: true, state: 'activating', version: '0.2.5', catalogTemplateId: 'ipsec' })
    expect(ipsec.stateReason).toContain('waiting for an active host')
    expect(ipsec.services.find((s: { kind: string }) => s.kind === 'networkDriverService').name).toBe('cni-driver')

    const drivers = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/network-drivers` })).json.items
    expect(drivers).toHaveLength(1)
    expect(drivers[0]).toMatchObject({ name: 'Rancher IPsec', version: '0.2.5', stackId: ipsec.id })
  })

  it('creates an environment from Cattle VXLAN with overhead 50', async () => {
    const res = await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'vx', environmentTemplateId: await templateId('Cattle VXLAN') } })
    expect(res.status).toBe(201)
    const def = (await t.request({ method: 'GET', url: `${API}/environments/${res.json.id}/networks` })).json.items.find((n: { isDefault: boolean }) => n.isDefault)
    expect(def).toMatchObject({ name: 'vxlan', linkMtuOverhead: 50, effectiveMtu: 1450, subnets: [{ cidr: '10.42.0.0/16' }] })
    expect(def.cniFiles[0].name).toBe('10-rancher-vxlan.conf')
  })

  it('refuses bad input with a 4xx naming the field', async () => {
    const tpl = await templateId('Cattle')
    const cases: [unknown, number, string, string?][] = [
      [{ name: 'x', environmentTemplateId: 'tpl_nope' }, 422, 'REFERENCE_NOT_FOUND', 'environmentTemplateId'],
      [{ name: 42, environmentTemplateId: tpl }, 400, 'VALIDATION_FAILED', 'name'],
      [{ environmentTemplateId: tpl }, 400, 'VALIDATION_FAILED', 'name'],
      [{ name: '', environmentTemplateId: tpl }, 400, 'VALIDATION_FAILED', 'name'],
      [{ name: 'ok', environmentTemplateId: tpl, extra: 1 }, 400, 'VALIDATION_FAILED', ''],
      [{ name: 'PROD', environmentTemplateId: tpl }, 409, 'NAME_TAKEN', 'name'],
    ]
    for (const [payload, status, code, path] of cases) {
      const res = await t.request({ method: 'POST', url: `${API}/environments`, payload: payload as object })
      expect(res.status, JSON.stringify(payload)).toBe(status)
      expect(res.json.error.code).toBe(code)
      expect(res.json.requestId).toBeTruthy()
      if (path !== undefined && path !== '') expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(path)
    }
  })

  it('answers 400 for malformed JSON, 413 above 1 MiB and 404 for unknown ids', async () => {
    const bad = await t.request({ method: 'POST', url: `${API}/environments`, headers: { 'content-type': 'application/json' }, payload: '{"name": ' })
    expect(bad.status).toBe(400)
    expect(bad.json.error.code).toBe('VALIDATION_FAILED')
    const big = await t.request({ method: 'POST', url: `${API}/environments`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }) })
    expect(big.status).toBe(413)
    expect(big.json.error.code).toBe('PAYLOAD_TOO_LARGE')
    for (const url of [`${API}/environments/env_missing`, `${API}/environments/env_missing/networks`, `${API}/environments/env_missing/containers`, `${API}/templates/tpl_missing`, `${API}/catalog/nope`]) {
      const res = await t.request({ method: 'GET', url })
      expect(res.status, url).toBe(404)
      expect(res.json.error.code).toBe('NOT_FOUND')
    }
    const cursor = await t.request({ method: 'GET', url: `${API}/environments?cursor=%%%` })
    expect(cursor.status).toBe(400)
    const limit = await t.request({ method: 'GET', url: `${API}/environments?limit=501` })
    expect(limit.status).toBe(400)
    expect(limit.json.error.details[0].path).toBe('limit')
  })

  it('leaves nothing behind when creation fails half-way', async () => {
    const count = async (table: string) => Number((await t.server.ctx.db.selectFrom(table as 'stacks').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    const tables = ['environments', 'stacks', 'services', 'network_drivers', 'networks', 'subnets', 'events']
    const before = await Promise.all(tables.map(count))
    failNext = true
    const res = await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'doomed', environmentTemplateId: await templateId('Cattle') } })
    expect(res.status).toBe(500)
    expect(res.json.error.code).toBe('INTERNAL')
    expect(res.body).not.toContain('injected failure')
    expect(await Promise.all(tables.map(count))).toEqual(before)
    const list = (await t.request({ method: 'GET', url: `${API}/environments` })).json.items
    expect(list.map((e: { name: string }) => e.name)).not.toContain('doomed')
  })

  it('refuses a template saved with two network drivers (before the template rules existed) with MULTIPLE_NETWORK_DRIVERS', async () => {
    // the template routes refuse two drivers now, so such a row can only predate them
    const now = new Date().toISOString()
    const stacks = [
      { name: 'network-services', catalogTemplateId: 'network-services', version: null, answers: {}, dockerCompose: null, rancherCompose: null },
      { name: 'ipsec', catalogTemplateId: 'ipsec', version: null, answers: {}, dockerCompose: null, rancherCompose: null },
      { name: 'vxlan', catalogTemplateId: 'vxlan', version: null, answers: {}, dockerCompose: null, rancherCompose: null },
    ]
    await t.server.ctx.db
      .insertInto('environment_templates')
      .values({ id: 'tpl_two_drivers', name: 'Two drivers', description: '', is_public: 1, builtin: 0, stacks_json: JSON.stringify(stacks), revision: 1, created_at: now, updated_at: now })
      .execute()
    const res = await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'two-drivers', environmentTemplateId: 'tpl_two_drivers' } })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('MULTIPLE_NETWORK_DRIVERS')
    expect(res.json.error.details[0].path).toBe('environmentTemplateId')
    expect(res.json.error.message).toContain('ipsec, vxlan')
    const list = (await t.request({ method: 'GET', url: `${API}/environments` })).json.items
    expect(list.map((e: { name: string }) => e.name)).not.toContain('two-drivers')
  })

  it('renames with If-Match and refuses a stale revision', async () => {
    const env = (await t.request({ method: 'GET', url: `${API}/environments` })).json.items.find((e: { name: string }) => e.name === 'vx')
    const ok = await t.request({ method: 'PATCH', url: `${API}/environments/${env.id}`, headers: { 'if-match': String(env.revision) }, payload: { name: 'vx-renamed' } })
    expect(ok.status).toBe(200)
    expect(ok.json).toMatchObject({ name: 'vx-renamed', revision: env.revision + 1 })
    const stale = await t.request({ method: 'PATCH', url: `${API}/environments/${env.id}`, headers: { 'if-match': String(env.revision) }, payload: { name: 'again' } })
    expect(stale.status).toBe(409)
    expect(stale.json.error).toMatchObject({ code: 'REVISION_MISMATCH', details: { current: env.revision + 1 } })
    const taken = await t.request({ method: 'PATCH', url: `${API}/environments/${env.id}`, payload: { name: 'prod' } })
    expect(taken.status).toBe(409)
  })

  it('deletes an environment and everything in it', async () => {
    const env = (await t.request({ method: 'GET', url: `${API}/environments` })).json.items.find((e: { name: string }) => e.name === 'vx-renamed')
    const res = await t.request({ method: 'DELETE', url: `${API}/environments/${env.id}` })
    expect(res.status).toBe(204)
    expect((await t.request({ method: 'GET', url: `${API}/environments/${env.id}` })).status).toBe(404)
    const left = await t.server.ctx.db.selectFrom('networks').select('id').where('environment_id', '=', env.id).execute()
    expect(left).toEqual([])
  })
})
