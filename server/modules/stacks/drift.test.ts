import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../testing/test-db.ts'
import { startTestServer, type TestServer } from '../../testing/test-app.ts'

const API = '/api/v1'

type Drift = { name: string; status: string; stackId: string | null; changes: { field: string; variable: string | null; template: string | null; running: string | null }[]; composeChanged: boolean }

/**
 * Drift of an environment made from an operator's template (built-in templates cannot be
 * edited): in sync when fresh, an MTU applied through an upgrade shows as `MTU 1500 → 1400`,
 * a later edit of the template changes nothing but says the template moved on, and a removed
 * stack is missing. The steps build on each other.
 */
describe.each(DIALECTS)('drift against the template on %s', (dialect) => {
  let t: TestServer
  let envId: string
  let templateId: string
  const drift = async () => (await t.request({ method: 'GET', url: `${API}/environments/${envId}/drift` })).json
  const stackNamed = async (name: string) => (await t.request({ method: 'GET', url: `${API}/environments/${envId}/stacks` })).json.items.find((s: { name: string }) => s.name === name)
  const byName = (stacks: Drift[], name: string) => stacks.find((s) => s.name === name)!

  beforeAll(async () => {
    t = await startTestServer(dialect, { lab: false })
    const cattle = (await t.request({ method: 'GET', url: `${API}/templates` })).json.items.find((x: { name: string }) => x.name === 'Cattle')
    const created = await t.request({ method: 'POST', url: `${API}/templates`, payload: { name: 'Ops', description: 'copy of Cattle', stacks: cattle.stacks } })
    expect(created.status).toBe(201)
    templateId = created.json.id
    const env = await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'drifty', environmentTemplateId: templateId } })
    expect(env.status).toBe(201)
    envId = env.json.id
  })
  afterAll(async () => t?.close())

  it('shows a fresh environment in sync with its template', async () => {
    const res = await t.request({ method: 'GET', url: `${API}/environments/${envId}/drift` })
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ environmentTemplateId: templateId, templateName: 'Ops', templateRevision: 1, templateChangedSince: null })
    expect(res.json.stacks.map((s: Drift) => [s.name, s.status])).toEqual([
      ['network-services', 'in-sync'],
      ['ipsec', 'in-sync'],
      ['scheduler', 'in-sync'],
      ['healthcheck', 'in-sync'],
    ])
    expect(res.json.stacks.every((s: Drift) => s.stackId !== null && s.changes.length === 0 && !s.composeChanged)).toBe(true)
  })

  it('shows MTU 1500 → 1400 after an upgrade with that answer, the template leaving MTU at its default', async () => {
    const ipsec = await stackNamed('ipsec')
    const res = await t.request({ method: 'PATCH', url: `${API}/environments/${envId}/stacks/${ipsec.id}`, payload: { answers: { MTU: '1400' } } })
    expect(res.status).toBe(200)
    const d = byName((await drift()).stacks, 'ipsec')
    expect(d.status).toBe('drifted')
    expect(d.composeChanged).toBe(false)
    expect(d.changes).toEqual([{ field: expect.stringContaining('MTU'), variable: 'MTU', template: '1500', running: '1400' }])
  })

  it('keeps comparing with the template as it was when the template is edited, and says it moved on', async () => {
    const before = await drift()
    const tpl = (await t.request({ method: 'GET', url: `${API}/templates/${templateId}` })).json
    const stacks = tpl.stacks.map((s: { name: string; answers: Record<string, string> }) => (s.name === 'ipsec' ? { ...s, answers: { ...s.answers, MTU: '1400' } } : s))
    const put = await t.request({
      method: 'PUT',
      url: `${API}/templates/${templateId}`,
      headers: { 'if-match': String(tpl.revision) },
      payload: { name: tpl.name, description: tpl.description, isPublic: tpl.isPublic, stacks },
    })
    expect(put.status).toBe(200)
    const after = await drift()
    // the template now agrees with the running MTU, but the environment was made from the old one
    expect(after.stacks).toEqual(before.stacks)
    expect(after.templateRevision).toBe(1)
    expect(after.templateChangedSince).toBe(put.json.revision)
  })

  it('compares an environment made before copies were kept with the template as it is now', async () => {
    const db = t.server.ctx.db
    const row = await db.selectFrom('environments').select('template_stacks_json').where('id', '=', envId).executeTakeFirstOrThrow()
    // what migration 0004 leaves on older environments
    await db.updateTable('environments').set({ template_stacks_json: null }).where('id', '=', envId).execute()
    try {
      // the edited template asks for MTU 1400, which is what runs
      expect(byName((await drift()).stacks, 'ipsec')).toMatchObject({ status: 'in-sync', changes: [] })
    } finally {
      await db.updateTable('environments').set({ template_stacks_json: row.template_stacks_json }).where('id', '=', envId).execute()
    }
  })

  it('lists a removed stack as missing', async () => {
    const healthcheck = await stackNamed('healthcheck')
    expect((await t.request({ method: 'DELETE', url: `${API}/environments/${envId}/stacks/${healthcheck.id}` })).status).toBe(200)
    const d = byName((await drift()).stacks, 'healthcheck')
    expect(d).toMatchObject({ status: 'missing', stackId: null, changes: [] })
  })

  it('lists a stack added from the catalog and not in the template as added', async () => {
    const added = await t.request({ method: 'POST', url: `${API}/environments/${envId}/stacks`, payload: { name: 'health2', catalogTemplateId: 'healthcheck' } })
    expect(added.status).toBe(201)
    // no host yet: the stack waits for one, as at creation
    expect(added.json.state).toBe('activating')
    expect(added.json.stateReason).toContain('waiting for an active host')
    const d = byName((await drift()).stacks, 'health2')
    expect(d).toMatchObject({ status: 'added', stackId: added.json.id, catalogTemplateId: 'healthcheck' })
  })

  it('still compares with the copy once the template is deleted', async () => {
    const before = await drift()
    const del = await t.request({ method: 'DELETE', url: `${API}/templates/${templateId}` })
    expect(del.status).toBe(204)
    const after = await drift()
    expect(after).toMatchObject({ environmentTemplateId: null, templateName: 'Ops', templateRevision: 1, templateChangedSince: null })
    expect(after.stacks).toEqual(before.stacks)
  })

  it('answers 404 for an unknown environment', async () => {
    const res = await t.request({ method: 'GET', url: `${API}/environments/env_nope/drift` })
    expect(res.status).toBe(404)
    expect(res.json.error.code).toBe('NOT_FOUND')
  })
})
