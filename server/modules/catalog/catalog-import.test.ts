import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import type { CatalogTemplate, TemplateStack } from '../../../core/api/index.ts'
import { loadBuiltinCatalog } from '../../catalog/catalog-loader.ts'
import { newId, nowIso } from '../../ids.ts'
import { DIALECTS } from '../../testing/test-db.ts'
import { startTestServer, type TestServer } from '../../testing/test-app.ts'
import { syncCatalog } from './catalog.service.ts'

const API = '/api/v1'
const IPSEC = fileURLToPath(new URL('../../../../shared/corpus/rancher-catalog/infra-templates/ipsec/', import.meta.url))
const VERSION_DIR = join(IPSEC, '18')

type File = { name: string; content: string }

/** ipsec/18 as on disk (README.md, docker-compose.yml.tpl, rancher-compose.yml) plus the template's config.yml. */
function ipsec18(): File[] {
  const files = readdirSync(VERSION_DIR)
    .sort()
    .map((name) => ({ name, content: readFileSync(join(VERSION_DIR, name), 'utf8') }))
  return [...files, { name: 'config.yml', content: readFileSync(join(IPSEC, 'config.yml'), 'utf8') }]
}

const indexOf = (files: File[], name: string) => files.findIndex((f) => f.name === name)

/** `files` with `name`'s content passed through `edit` (which must change it). */
function edited(files: File[], name: string, edit: (text: string) => string): File[] {
  return files.map((f) => {
    if (f.name !== name) return f
    const content = edit(f.content)
    expect(content, `the edit of ${name} changes it`).not.toBe(f.content)
    return { ...f, content }
  })
}

/** 1-based line of the first line of `name` that contains `needle`. */
function lineOf(files: File[], name: string, needle: string): number {
  const lines = files[indexOf(files, name)].content.split('\n')
  const i = lines.findIndex((l) => l.includes(needle))
  expect(i, `${name} contains ${needle}`).toBeGreaterThanOrEqual(0)
  return i + 1
}

describe.each(DIALECTS)('catalog import on %s', (dialect) => {
  let t: TestServer
  const post = (payload: object) => t.request({ method: 'POST', url: `${API}/catalog`, payload })
  const count = async (table: 'catalog_templates' | 'catalog_template_versions') =>
    Number((await t.server.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

  beforeAll(async () => {
    t = await startTestServer(dialect, { lab: false })
  })
  afterAll(async () => t?.close())

  it('imports ipsec/18 from the corpus as a custom catalog template with its questions', async () => {
    const files = ipsec18()
    const res = await post({ files })
    expect(res.status, res.body).toBe(201)
    const entry = res.json as CatalogTemplate
    expect(entry).toMatchObject({
      id: 'rancher-ipsec',
      name: 'Rancher IPsec',
      description: 'Rancher networking plugin using IPsec.',
      category: 'Networking',
      source: 'custom',
      defaultVersion: '0.2.5',
    })
    expect(entry.versions).toHaveLength(1)
    const version = entry.versions[0]
    expect(version).toMatchObject({ version: '0.2.5', versionIndex: 0, minimumRancherVersion: 'v1.6.19-rc1', upgradeFrom: null })
    expect(version.files.map((f) => f.name)).toEqual(['docker-compose.yml.tpl', 'rancher-compose.yml'])
    expect(version.files[0].content).toBe(files[indexOf(files, 'docker-compose.yml.tpl')].content)

    // the questions are the .catalog questions, defaults as strings
    const catalog = parse(files[indexOf(files, 'rancher-compose.yml')].content)['.catalog']
    const expected = (catalog.questions as Record<string, unknown>[]).map((q) => ({
      variable: q.variable,
      label: q.label,
      description: q.description,
      type: q.type,
      default: String(q.default),
      required: q.required,
    }))
    expect(version.questions).toEqual(expected)
    expect(version.questions.find((q) => q.variable === 'SUBNET')).toMatchObject({ type: 'string', default: '10.42.0.0/16', required: true })
    expect(version.questions.find((q) => q.variable === 'MTU')).toMatchObject({ type: 'int', default: '1500' })
    expect(version.questions.find((q) => q.variable === 'SUBNET_START_ADDRESS')).toMatchObject({ default: '', required: false })

    // it is in the catalog, next to the built-in templates
    expect((await t.request({ method: 'GET', url: `${API}/catalog/rancher-ipsec` })).json).toEqual(entry)
    const list = (await t.request({ method: 'GET', url: `${API}/catalog` })).json.items as CatalogTemplate[]
    expect(list.find((c) => c.id === 'rancher-ipsec')).toEqual(entry)
    expect(list.find((c) => c.id === 'ipsec')).toMatchObject({ source: 'builtin' })
  })

  it('refuses a broken copy with 400 naming the file, line and code, and writes nothing', async () => {
    const before = [await count('catalog_templates'), await count('catalog_template_versions')]

    // a /33 default for SUBNET: caught where the answer lands in the compose
    const subnet33 = edited(ipsec18(), 'rancher-compose.yml', (s) => s.replace("default: '10.42.0.0/16'", "default: '10.42.0.0/33'"))
    let res = await post({ files: subnet33, id: 'broken-subnet' })
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('VALIDATION_FAILED')
    const dc = indexOf(subnet33, 'docker-compose.yml.tpl')
    const line = lineOf(subnet33, 'docker-compose.yml.tpl', 'network_address: $SUBNET')
    expect(res.json.error.details).toContainEqual({
      path: `files.${dc}.content`,
      message: expect.stringMatching(new RegExp(`^docker-compose\\.yml\\.tpl:${line}:\\d+ .*/33.* \\(CIDR_PREFIX_RANGE\\)$`)),
    })
    for (const d of res.json.error.details) expect(d.path).toMatch(/^files\.\d+\.content$/)

    // a misspelt key of the network_driver block
    const misspelt = edited(ipsec18(), 'docker-compose.yml.tpl', (s) => s.replace('default_network:', 'default_netwrok:'))
    res = await post({ files: misspelt })
    expect(res.status).toBe(400)
    expect(res.json.error.details).toEqual([
      {
        path: `files.${indexOf(misspelt, 'docker-compose.yml.tpl')}.content`,
        message: expect.stringMatching(new RegExp(`^docker-compose\\.yml\\.tpl:${lineOf(misspelt, 'docker-compose.yml.tpl', 'default_netwrok:')}:7 unknown key "default_netwrok".*"default_network".* \\(UNKNOWN_KEY\\)$`)),
      },
    ])

    // an error in rancher-compose points into rancher-compose
    const badMtu = edited(ipsec18(), 'rancher-compose.yml', (s) => s.replace('default: 1500', 'default: fifteen-hundred'))
    res = await post({ files: badMtu })
    expect(res.status).toBe(400)
    expect(res.json.error.details).toContainEqual({
      path: `files.${indexOf(badMtu, 'rancher-compose.yml')}.content`,
      message: expect.stringMatching(new RegExp(`^rancher-compose\\.yml:${lineOf(badMtu, 'rancher-compose.yml', 'fifteen-hundred')}:\\d+ .*\\(QUESTION_INVALID\\)$`)),
    })

    // incomplete sets of files name `files`
    const withoutRancher = ipsec18().filter((f) => f.name !== 'rancher-compose.yml')
    const withoutCompose = ipsec18().filter((f) => f.name !== 'docker-compose.yml.tpl')
    const noCatalog = edited(ipsec18(), 'rancher-compose.yml', (s) => s.replace('.catalog:', 'catalog_info:'))
    for (const [what, files] of [
      ['no rancher-compose', withoutRancher],
      ['no docker-compose', withoutCompose],
      ['no .catalog', noCatalog],
    ] as const) {
      res = await post({ files })
      expect(res.status, what).toBe(400)
      expect(res.json.error.code, what).toBe('VALIDATION_FAILED')
      expect(res.json.error.details.map((d: { path: string }) => d.path), what).toContain('files')
    }

    // malformed bodies name their field
    const cases: [object, string][] = [
      [{ files: [...ipsec18(), { name: 'notes.txt', content: 'x' }] }, `files.${ipsec18().length}.name`],
      [{ files: [...ipsec18(), { name: 'rancher-compose.yml', content: '.catalog: {}' }] }, `files.${ipsec18().length}.name`],
      [{ files: ipsec18(), id: 'Not A Slug' }, 'id'],
      [{ files: [] }, 'files'],
      [{ files: ipsec18(), extra: true }, ''],
    ]
    for (const [payload, path] of cases) {
      res = await post(payload)
      expect(res.status, JSON.stringify(path)).toBe(400)
      expect(res.json.error.code).toBe('VALIDATION_FAILED')
      if (path !== '') expect(res.json.error.details.map((d: { path: string }) => d.path)).toContain(path)
    }
    expect([await count('catalog_templates'), await count('catalog_template_versions')]).toEqual(before)
  })

  it('refuses the id of a built-in template and the same version twice with 409', async () => {
    let res = await post({ files: ipsec18(), id: 'ipsec' })
    expect(res.status).toBe(409)
    expect(res.json.error.code).toBe('NAME_TAKEN')
    expect(res.json.error.details).toEqual([{ path: 'id', message: expect.stringContaining('built-in') }])
    const builtin = (await t.request({ method: 'GET', url: `${API}/catalog/ipsec` })).json
    expect(builtin).toMatchObject({ source: 'builtin', description: expect.stringContaining('Encrypted overlay') })

    res = await post({ files: ipsec18() })
    expect(res.status).toBe(409)
    expect(res.json.error.code).toBe('NAME_TAKEN')
    expect(res.json.error.details).toEqual([{ path: 'version', message: expect.stringContaining('0.2.5') }])
    expect((await t.request({ method: 'GET', url: `${API}/catalog/rancher-ipsec` })).json.versions).toHaveLength(1)
  })

  it('adds a second version to the custom template and makes it the default', async () => {
    const files = edited(ipsec18(), 'rancher-compose.yml', (s) => s.replace('version: "0.2.5"', 'version: "0.2.6"'))
    const res = await post({ files, id: 'rancher-ipsec' })
    expect(res.status, res.body).toBe(201)
    expect(res.json).toMatchObject({ id: 'rancher-ipsec', source: 'custom', defaultVersion: '0.2.6' })
    expect(res.json.versions.map((v: { version: string; versionIndex: number }) => [v.version, v.versionIndex])).toEqual([
      ['0.2.5', 0],
      ['0.2.6', 1],
    ])
  })

  it('takes concurrent imports into one new template in turn', async () => {
    const versionOf = (v: string) => edited(ipsec18(), 'rancher-compose.yml', (s) => s.replace('version: "0.2.5"', `version: "${v}"`))
    const results = await Promise.all(['1.0.0', '1.0.1', '1.0.2', '1.0.3'].map((v) => post({ files: versionOf(v), id: 'race-ipsec' })))
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201])
    const entry = (await t.request({ method: 'GET', url: `${API}/catalog/race-ipsec` })).json as CatalogTemplate
    expect(entry.versions.map((v) => v.version).sort()).toEqual(['1.0.0', '1.0.1', '1.0.2', '1.0.3'])
    expect(new Set(entry.versions.map((v) => v.versionIndex)).size).toBe(4)

    const same = await Promise.all([1, 2].map(() => post({ files: versionOf('2.0.0'), id: 'race-ipsec' })))
    expect(same.map((r) => r.status).sort()).toEqual([201, 409])
    expect(same.find((r) => r.status === 409)!.json.error.details).toEqual([{ path: 'version', message: expect.stringContaining('2.0.0') }])
    expect((await t.request({ method: 'DELETE', url: `${API}/catalog/race-ipsec` })).status).toBe(204)
  })

  it('keeps custom templates through the start-up sync of the built-in catalog', async () => {
    const before = (await t.request({ method: 'GET', url: `${API}/catalog/rancher-ipsec` })).json
    const builtin = loadBuiltinCatalog()
    // even a shipped template that happens to have the custom template's id must not replace it
    const clash = { ...builtin.find((c) => c.id === 'ipsec')!, id: 'rancher-ipsec', name: 'Shipped later' }
    await syncCatalog(t.server.ctx, [...builtin, clash])
    expect((await t.request({ method: 'GET', url: `${API}/catalog/rancher-ipsec` })).json).toEqual(before)
    const ids = ((await t.request({ method: 'GET', url: `${API}/catalog` })).json.items as CatalogTemplate[]).map((c) => c.id)
    expect(ids).toEqual(expect.arrayContaining(['ipsec', 'vxlan', 'rancher-ipsec']))
  })

  it('is usable in an environment template: an environment gets its network and CNI file', async () => {
    const stack = (name: string, catalogTemplateId: string): TemplateStack => ({ name, catalogTemplateId, version: null, answers: {}, dockerCompose: null, rancherCompose: null })
    const templateId = newId('tpl_')
    const now = nowIso()
    // There is no environment-template API yet (issue 4): the row goes in directly, shaped as server/db/schema.ts says.
    await t.server.ctx.db
      .insertInto('environment_templates')
      .values({
        id: templateId,
        name: 'Cattle (imported IPsec)',
        description: 'Cattle with the IPsec driver imported from the Rancher catalog',
        is_public: 1,
        builtin: 0,
        stacks_json: JSON.stringify([stack('network-services', 'network-services'), stack('ipsec', 'rancher-ipsec'), stack('scheduler', 'scheduler'), stack('healthcheck', 'healthcheck')]),
        revision: 1,
        created_at: now,
        updated_at: now,
      })
      .execute()

    const res = await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'imported', environmentTemplateId: templateId } })
    expect(res.status, res.body).toBe(201)
    const envId = res.json.id
    const networks = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/networks` })).json.items
    const def = networks.find((n: { isDefault: boolean }) => n.isDefault)
    expect(def).toMatchObject({ id: res.json.defaultNetworkId, name: 'ipsec', kind: 'cni', linkMtuOverhead: 98, subnets: [{ cidr: '10.42.0.0/16', gateway: '10.42.0.1' }] })
    expect(def.cniFiles.map((f: { name: string }) => f.name)).toEqual(['10-rancher.conf'])
    expect(JSON.parse(def.cniFiles[0].content)).toMatchObject({ type: 'rancher-bridge', bridge: 'docker0', bridgeSubnet: '10.42.0.0/16', ipam: { type: 'rancher-cni-ipam', subnetPrefixSize: '/16' } })
    const stacks = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/stacks` })).json.items
    expect(stacks.find((s: { name: string }) => s.name === 'ipsec')).toMatchObject({ catalogTemplateId: 'rancher-ipsec', version: '0.2.6', externalId: 'catalog://custom:infra*rancher-ipsec:0.2.6' })

    // while the template and the environment use it, it cannot be deleted
    let del = await t.request({ method: 'DELETE', url: `${API}/catalog/rancher-ipsec` })
    expect(del.status).toBe(409)
    expect(del.json.error.code).toBe('CATALOG_TEMPLATE_IN_USE')
    expect(del.json.error.message).toContain('Cattle (imported IPsec)')
    expect(del.json.error.details).toMatchObject({
      environmentTemplates: [{ id: templateId, name: 'Cattle (imported IPsec)' }],
      stacks: [{ name: 'ipsec', environmentId: envId, environmentName: 'imported' }],
    })

    expect((await t.request({ method: 'DELETE', url: `${API}/environments/${envId}` })).status).toBe(204)
    del = await t.request({ method: 'DELETE', url: `${API}/catalog/rancher-ipsec` })
    expect(del.status).toBe(409)
    expect(del.json.error.details.stacks).toEqual([])
    expect(del.json.error.message).toContain('environment template "Cattle (imported IPsec)"')

    await t.server.ctx.db.deleteFrom('environment_templates').where('id', '=', templateId).execute()
  })

  it('deletes a custom template, never a built-in one', async () => {
    let res = await t.request({ method: 'DELETE', url: `${API}/catalog/ipsec` })
    expect(res.status).toBe(409)
    expect(res.json.error.code).toBe('BUILTIN_READ_ONLY')
    expect(res.json.error.message).toContain('built-in')
    expect((await t.request({ method: 'GET', url: `${API}/catalog/ipsec` })).status).toBe(200)

    res = await t.request({ method: 'DELETE', url: `${API}/catalog/rancher-ipsec` })
    expect(res.status).toBe(204)
    expect(res.body).toBe('')
    expect((await t.request({ method: 'GET', url: `${API}/catalog/rancher-ipsec` })).status).toBe(404)
    const versions = await t.server.ctx.db.selectFrom('catalog_template_versions').select('version').where('catalog_template_id', '=', 'rancher-ipsec').execute()
    expect(versions).toEqual([])

    res = await t.request({ method: 'DELETE', url: `${API}/catalog/rancher-ipsec` })
    expect(res.status).toBe(404)
    expect(res.json.error.code).toBe('NOT_FOUND')

    // and it can be imported again afterwards, under the id given
    res = await post({ files: ipsec18(), id: 'my-ipsec' })
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({ id: 'my-ipsec', defaultVersion: '0.2.5', versions: [{ versionIndex: 0 }] })
  })
})
