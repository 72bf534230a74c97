// Environment templates through the real routes, on each database: what an operator sees when
// creating, replacing and deleting templates, every rule the server enforces (400/409 naming
// the field), that a refused write leaves nothing behind, and that environments made from a
// template never change when it is edited or deleted.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EnvironmentTemplate, TemplateStack } from '../../../core/api/templates.ts'
import { DIALECTS } from '../../testing/test-db.ts'
import { startTestServer, type TestServer } from '../../testing/test-app.ts'

const API = '/api/v1'
const IPSEC_COMPOSE = readFileSync(new URL('../../catalog/library/ipsec/18/docker-compose.yml.tpl', import.meta.url), 'utf8')

type StackInput = Partial<TemplateStack> & { name: string; catalogTemplateId: string }
const stack = (name: string, more: Partial<StackInput> = {}): StackInput => ({ name, catalogTemplateId: name, ...more })

/** Cattle's stacks with `driver` as the network driver (answers for it only). */
const cattleWith = (driver: 'ipsec' | 'vxlan', answers: Record<string, string> = {}, more: Partial<StackInput> = {}): StackInput[] => [
  stack('network-services'),
  stack(driver, { answers, ...more }),
  stack('scheduler'),
  stack('healthcheck'),
]

describe.each(DIALECTS)('environment templates on %s', (dialect) => {
  let t: TestServer
  const get = (url: string) => t.request({ method: 'GET', url: `${API}${url}` })
  const post = (url: string, payload: object) => t.request({ method: 'POST', url: `${API}${url}`, payload })
  const put = (id: string, payload: object, ifMatch?: number) =>
    t.request({ method: 'PUT', url: `${API}/templates/${id}`, payload, headers: ifMatch === undefined ? {} : { 'if-match': String(ifMatch) } })
  const del = (id: string, ifMatch?: number) => t.request({ method: 'DELETE', url: `${API}/templates/${id}`, headers: ifMatch === undefined ? {} : { 'if-match': String(ifMatch) } })
  const templates = async (): Promise<EnvironmentTemplate[]> => (await get('/templates')).json.items
  const byName = async (name: string) => (await templates()).find((x) => x.name === name)!

  /** POSTs a template that must be refused; checks the list is exactly as before (nothing half-created). */
  async function refused(payload: object) {
    const before = await templates()
    const res = await post('/templates', payload)
    expect(await templates(), 'a refused template leaves the list unchanged').toEqual(before)
    return res
  }
  const detail = (res: { json: any }, path: string): string | undefined => res.json?.error?.details?.find((d: { path: string }) => d.path === path)?.message

  beforeAll(async () => {
    t = await startTestServer(dialect, { lab: false })
  })
  afterAll(async () => t?.close())

  it('creates a copy of Cattle with VXLAN and subnet 10.60.0.0/16, and lists it', async () => {
    const res = await post('/templates', {
      name: 'Cattle VXLAN 10.60',
      description: 'VXLAN on 10.60.0.0/16',
      isPublic: false,
      stacks: cattleWith('vxlan', { SUBNET: '10.60.0.0/16', SUBNET_PREFIX: '16' }),
    })
    expect(res.status, res.body).toBe(201)
    expect(res.json).toMatchObject({ name: 'Cattle VXLAN 10.60', description: 'VXLAN on 10.60.0.0/16', isPublic: false, builtin: false, revision: 1 })
    // Defaults filled in as the schema says: a default version (null), no custom compose.
    expect(res.json.stacks[1]).toEqual({
      name: 'vxlan',
      catalogTemplateId: 'vxlan',
      version: null,
      answers: { SUBNET: '10.60.0.0/16', SUBNET_PREFIX: '16' },
      dockerCompose: null,
      rancherCompose: null,
    })

    const one = await get(`/templates/${res.json.id}`)
    expect(one.status).toBe(200)
    expect(one.json).toEqual(res.json)
    expect((await templates()).map((x) => x.name)).toContain('Cattle VXLAN 10.60')
  })

  it('refuses a duplicate name with 409 NAME_TAKEN naming the field, whatever the case', async () => {
    for (const name of ['Cattle', 'cattle vxlan 10.60']) {
      const res = await refused({ name, stacks: cattleWith('ipsec') })
      expect(res.status).toBe(409)
      expect(res.json.error.code).toBe('NAME_TAKEN')
      expect(res.json.error.details).toEqual([{ path: 'name', message: expect.stringContaining('taken') }])
    }
  })

  it('refuses an unknown catalog template naming stacks.N.catalogTemplateId', async () => {
    const res = await refused({ name: 'weave', stacks: [stack('network-services'), stack('weave')] })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('VALIDATION_FAILED')
    expect(detail(res, 'stacks.1.catalogTemplateId')).toContain('unknown catalog template "weave"')
  })

  it('refuses an unknown version naming stacks.N.version and listing the versions', async () => {
    const res = await refused({ name: 'old ipsec', stacks: cattleWith('ipsec', {}, { version: '0.1.0' }) })
    expect(res.status).toBe(400)
    expect(detail(res, 'stacks.1.version')).toMatch(/0\.2\.4, 0\.2\.5/)
  })

  it('accepts a pinned older version', async () => {
    const res = await post('/templates', { name: 'Cattle ipsec 0.2.4', stacks: cattleWith('ipsec', {}, { version: '0.2.4' }) })
    expect(res.status, res.body).toBe(201)
    expect(res.json.stacks[1].version).toBe('0.2.4')
  })

  it('refuses IPsec and VXLAN together with 400 MULTIPLE_NETWORK_DRIVERS naming both', async () => {
    const res = await refused({ name: 'two drivers', stacks: [stack('network-services'), stack('ipsec'), stack('vxlan')] })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('MULTIPLE_NETWORK_DRIVERS')
    expect(detail(res, 'stacks')).toMatch(/"ipsec" \(Rancher IPsec\) and "vxlan" \(Rancher VXLAN\)/)
  })

  it('refuses a network driver without Network Services', async () => {
    const res = await refused({ name: 'no services', stacks: [stack('ipsec'), stack('scheduler')] })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('VALIDATION_FAILED')
    expect(detail(res, 'stacks')).toContain('Network Services is required with a network driver')
  })

  it('accepts a template without any network driver', async () => {
    const res = await post('/templates', { name: 'no network', stacks: [stack('scheduler')] })
    expect(res.status, res.body).toBe(201)
  })

  it.each([
    ['an invalid CIDR', { SUBNET: '10.60.0.0/33' }, 'stacks.1.answers.SUBNET', 'SUBNET must be a CIDR such as 10.42.0.0/16, got "10.60.0.0/33"'],
    ['host bits in the subnet', { SUBNET: '10.60.1.0/16', SUBNET_PREFIX: '16' }, 'stacks.1.answers.SUBNET', 'did you mean 10.60.0.0/16?'],
    ['a SUBNET_PREFIX that does not match SUBNET', { SUBNET: '10.60.0.0/16', SUBNET_PREFIX: '24' }, 'stacks.1.answers.SUBNET_PREFIX', 'must match the prefix of SUBNET (16 for 10.60.0.0/16)'],
    ['hairpin and promiscuous mode together', { RANCHER_HAIRPIN_MODE: 'true', RANCHER_PROMISCUOUS_MODE: 'true' }, 'stacks.1.answers.RANCHER_HAIRPIN_MODE', 'cannot be true while'],
    ['an MTU above its bound', { MTU: '9001' }, 'stacks.1.answers.MTU', 'at most 9000'],
    ['a start address outside the subnet', { SUBNET_START_ADDRESS: '10.43.0.2' }, 'stacks.1.answers.SUBNET_START_ADDRESS', 'inside SUBNET 10.42.0.0/16'],
  ])('refuses %s naming the answer', async (_what, answers, path, fragment) => {
    const res = await refused({ name: 'bad answers', stacks: cattleWith('ipsec', answers) })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('VALIDATION_FAILED')
    expect(detail(res, path), res.body).toContain(fragment)
  })

  it('refuses a missing required answer naming it', async () => {
    // The built-in questions all have defaults; an imported catalog template can ask for a
    // value nobody can guess.
    const imported = await post('/catalog', {
      files: [
        { name: 'config.yml', content: 'name: Token Agent\ncategory: Other\ndescription: Needs a token.\nversion: 0.1.0\n' },
        { name: 'docker-compose.yml', content: 'version: "2"\nservices:\n  agent:\n    image: example/agent:0.1.0\n    environment:\n      TOKEN: ${API_TOKEN}\n' },
        {
          name: 'rancher-compose.yml',
          content: '.catalog:\n  name: Token Agent\n  version: 0.1.0\n  questions:\n    - variable: API_TOKEN\n      label: API token\n      type: string\n      required: true\n',
        },
      ],
    })
    expect(imported.status, imported.body).toBe(201)
    const id = imported.json.id

    const res = await refused({ name: 'token', stacks: [stack('agent', { catalogTemplateId: id })] })
    expect(res.status).toBe(400)
    expect(detail(res, 'stacks.0.answers.API_TOKEN')).toBe('API_TOKEN is required')

    const ok = await post('/templates', { name: 'token', stacks: [stack('agent', { catalogTemplateId: id, answers: { API_TOKEN: 's3cret' } })] })
    expect(ok.status, ok.body).toBe(201)
  })

  it('refuses a custom compose with an error, naming stacks.N.dockerCompose with line:column', async () => {
    const lines = IPSEC_COMPOSE.split('\n')
    const at = lines.findIndex((l) => l.includes('network_address: $SUBNET'))
    expect(at).toBeGreaterThan(0)
    const broken = IPSEC_COMPOSE.replace('network_address: $SUBNET', 'network_address: 10.42.1.0/16')
    const res = await refused({ name: 'custom', stacks: cattleWith('ipsec', {}, { dockerCompose: broken }) })
    expect(res.status).toBe(400)
    const message = detail(res, 'stacks.1.dockerCompose')
    // line:column of the value in the text the operator wrote (1-based)
    expect(message, res.body).toMatch(new RegExp(`^docker-compose\\.yml\\.tpl:${at + 1}:\\d+: `))
    expect(message).toContain('CIDR_HOST_BITS_SET')
  })

  it('refuses a custom compose that is not YAML, with its position', async () => {
    const res = await refused({ name: 'custom', stacks: cattleWith('ipsec', {}, { dockerCompose: 'services:\n  cni-driver: [\n' }) })
    expect(res.status).toBe(400)
    expect(detail(res, 'stacks.1.dockerCompose')).toMatch(/^docker-compose\.yml\.tpl:\d+:\d+: .*YAML_SYNTAX/)
  })

  it('counts a network_driver block added by a custom compose as a second driver', async () => {
    // The scheduler is not a Networking template, but this compose (with the answers IPsec's
    // questions would give) makes it declare IPsec's driver too.
    const answers = { DOCKER_BRIDGE: 'docker0', MTU: '1500', SUBNET: '10.43.0.0/16', SUBNET_PREFIX: '16', HOST_PORTS: 'true', RANCHER_DEBUG: 'false', RANCHER_HAIRPIN_MODE: 'false', RANCHER_PROMISCUOUS_MODE: 'true' }
    const res = await refused({ name: 'sneaky', stacks: [stack('network-services'), stack('ipsec'), stack('scheduler', { dockerCompose: IPSEC_COMPOSE, answers })] })
    expect(res.status, res.body).toBe(400)
    expect(res.json.error.code, res.body).toBe('MULTIPLE_NETWORK_DRIVERS')
    expect(detail(res, 'stacks')).toMatch(/"ipsec" \(Rancher IPsec\) and "scheduler" \(Rancher IPsec\)/)
  })

  it('keeps a valid custom compose in the template', async () => {
    const custom = IPSEC_COMPOSE.replace('linkMTUOverhead: 98', 'linkMTUOverhead: 100')
    expect(custom).not.toBe(IPSEC_COMPOSE)
    const res = await post('/templates', { name: 'custom ipsec', stacks: cattleWith('ipsec', {}, { dockerCompose: custom }) })
    expect(res.status, res.body).toBe(201)
    expect((await get(`/templates/${res.json.id}`)).json.stacks[1].dockerCompose).toBe(custom)
  })

  it('replaces a template, bumping its revision; a stale If-Match is refused with the current revision', async () => {
    const created = (await post('/templates', { name: 'to edit', stacks: cattleWith('ipsec') })).json
    const res = await put(created.id, { name: 'edited', description: 'now VXLAN', stacks: cattleWith('vxlan') }, created.revision)
    expect(res.status, res.body).toBe(200)
    expect(res.json).toMatchObject({ id: created.id, name: 'edited', description: 'now VXLAN', revision: created.revision + 1 })
    expect(res.json.stacks.map((s: TemplateStack) => s.name)).toEqual(['network-services', 'vxlan', 'scheduler', 'healthcheck'])

    const stale = await put(created.id, { name: 'edited again', stacks: cattleWith('ipsec') }, created.revision)
    expect(stale.status).toBe(409)
    expect(stale.json.error).toMatchObject({ code: 'REVISION_MISMATCH', details: { current: created.revision + 1 } })
    expect((await get(`/templates/${created.id}`)).json.name).toBe('edited')
  })

  it('refuses a replacement that breaks a rule or takes another name, and changes nothing', async () => {
    const before = await byName('edited')
    const twoDrivers = await put(before.id, { name: 'edited', stacks: [stack('network-services'), stack('ipsec'), stack('vxlan')] })
    expect(twoDrivers.status).toBe(400)
    expect(twoDrivers.json.error.code).toBe('MULTIPLE_NETWORK_DRIVERS')
    const taken = await put(before.id, { name: 'Cattle', stacks: cattleWith('ipsec') })
    expect(taken.status).toBe(409)
    expect(taken.json.error.code).toBe('NAME_TAKEN')
    expect((await get(`/templates/${before.id}`)).json).toEqual(before)
  })

  it('keeps built-in templates read-only, and says to copy them', async () => {
    const cattle = await byName('Cattle')
    const edit = await put(cattle.id, { name: 'Cattle', stacks: cattleWith('vxlan') })
    expect(edit.status).toBe(409)
    expect(edit.json.error.code).toBe('BUILTIN_READ_ONLY')
    expect(edit.json.error.message).toContain('copy it')
    const remove = await del(cattle.id)
    expect(remove.status).toBe(409)
    expect(remove.json.error.code).toBe('BUILTIN_READ_ONLY')
    expect(await byName('Cattle')).toEqual(cattle)
  })

  it('answers 404 for an unknown template id', async () => {
    expect((await put('tpl_nope', { name: 'x', stacks: [] })).status).toBe(404)
    expect((await del('tpl_nope')).status).toBe(404)
  })

  it('never changes an environment when its template is edited, then deleted', async () => {
    const tpl = (await post('/templates', { name: 'for envs', stacks: cattleWith('vxlan', { SUBNET: '10.60.0.0/16', SUBNET_PREFIX: '16', MTU: '1500' }) })).json
    const env = await post('/environments', { name: 'from-template', environmentTemplateId: tpl.id })
    expect(env.status, env.body).toBe(201)
    expect(env.json).toMatchObject({ environmentTemplateId: tpl.id, templateName: 'for envs', templateRevision: 1 })
    const stacksOf = async () => (await get(`/environments/${env.json.id}/stacks`)).json.items.map((s: Record<string, unknown>) => ({ name: s.name, version: s.version, answers: s.answers, dockerCompose: s.dockerCompose }))
    const stacksBefore = await stacksOf()
    expect(stacksBefore.find((s: { name: string }) => s.name === 'vxlan').answers).toMatchObject({ SUBNET: '10.60.0.0/16', MTU: '1500' })

    // Edit: another driver, another subnet and MTU, another name.
    const edited = await put(tpl.id, { name: 'for envs v2', stacks: cattleWith('ipsec', { SUBNET: '10.70.0.0/16', MTU: '1400' }) }, 1)
    expect(edited.status, edited.body).toBe(200)
    expect(await stacksOf()).toEqual(stacksBefore)
    expect((await get(`/environments/${env.json.id}`)).json).toMatchObject({ templateName: 'for envs', templateRevision: 1 })

    // Delete: 204; the environment keeps its provenance and stacks, only the dangling link goes.
    const gone = await del(tpl.id, 2)
    expect(gone.status, gone.body).toBe(204)
    expect((await get(`/templates/${tpl.id}`)).status).toBe(404)
    const after = await get(`/environments/${env.json.id}`)
    expect(after.status).toBe(200)
    expect(after.json).toMatchObject({ environmentTemplateId: null, templateName: 'for envs', templateRevision: 1 })
    expect(after.json.revision).toBeGreaterThan(env.json.revision)
    expect(await stacksOf()).toEqual(stacksBefore)
  })

  it('refuses a delete with a stale If-Match', async () => {
    const tpl = (await post('/templates', { name: 'stale delete', stacks: [stack('scheduler')] })).json
    const res = await del(tpl.id, tpl.revision + 5)
    expect(res.status).toBe(409)
    expect(res.json.error).toMatchObject({ code: 'REVISION_MISMATCH', details: { current: tpl.revision } })
    expect((await get(`/templates/${tpl.id}`)).status).toBe(200)
  })

  it('records a change event for each write', async () => {
    const events = async () =>
      (await t.server.ctx.db.selectFrom('events').select(['kind', 'action', 'resource_id', 'revision']).where('kind', '=', 'environmentTemplate').orderBy('seq').execute()).map((e) => ({
        ...e,
        revision: Number(e.revision),
      }))
    const tpl = (await post('/templates', { name: 'evented', stacks: [stack('scheduler')] })).json
    await put(tpl.id, { name: 'evented', description: 'changed', stacks: [stack('scheduler')] })
    await del(tpl.id)
    expect((await events()).filter((e) => e.resource_id === tpl.id)).toEqual([
      { kind: 'environmentTemplate', action: 'created', resource_id: tpl.id, revision: 1 },
      { kind: 'environmentTemplate', action: 'updated', resource_id: tpl.id, revision: 2 },
      { kind: 'environmentTemplate', action: 'deleted', resource_id: tpl.id, revision: 3 },
    ])
  })
})
