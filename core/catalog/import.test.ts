import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { checkCatalogImport, importFileRole, slugify } from './import.ts'
import { toQuestion } from './questions.ts'

const CORPUS = new URL('../../../shared/corpus/rancher-catalog/infra-templates/', import.meta.url)

/** One corpus version's files as on disk, plus the template's config.yml. */
function corpusVersion(template: string, folder: string) {
  const dir = new URL(`${template}/${folder}/`, CORPUS)
  const files = readdirSync(dir)
    .sort()
    .map((name) => ({ name, content: readFileSync(new URL(name, dir), 'utf8') }))
  return [...files, { name: 'config.yml', content: readFileSync(new URL(`${template}/config.yml`, CORPUS), 'utf8') }]
}

const ipsecFolders = readdirSync(fileURLToPath(new URL('ipsec/', CORPUS)), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort((a, b) => Number(a) - Number(b))

describe('slugify', () => {
  it.each([
    ['Rancher IPsec', 'rancher-ipsec'],
    ['  Rancher   VXLAN (beta) ', 'rancher-vxlan-beta'],
    ['Überlay Netz', 'uberlay-netz'],
    ['---', ''],
    ['a'.repeat(80), 'a'.repeat(63)],
    [`${'a'.repeat(62)} b`, 'a'.repeat(62)],
  ])('%j → %j', (name, slug) => expect(slugify(name)).toBe(slug))
})

describe('importFileRole', () => {
  it.each([
    ['docker-compose.yml', 'docker-compose'],
    ['docker-compose.yml.tpl', 'docker-compose'],
    ['docker-compose.yaml', 'docker-compose'],
    ['rancher-compose.yml', 'rancher-compose'],
    ['rancher-compose.yml.tpl', 'rancher-compose'],
    ['config.yml', 'config'],
    ['README.md', 'readme'],
    ['docker-compose.override.yml', null],
    ['18/docker-compose.yml', null],
    ['notes.txt', null],
  ])('%s → %s', (name, role) => expect(importFileRole(name)).toBe(role))
})

describe('toQuestion', () => {
  it('reads a question as the contract wants it: strings for defaults and options, optional unless required', () => {
    expect(toQuestion({ variable: 'MTU', label: 'MTU', type: 'int', default: 1500, min: 68, max: '9000', required: true }, 0)).toEqual({
      ok: true,
      question: { variable: 'MTU', label: 'MTU', type: 'int', default: '1500', min: 68, max: 9000, required: true },
    })
    expect(toQuestion({ variable: 'MODE', type: 'enum', options: ['a', 1, true], default: true }, 1)).toEqual({
      ok: true,
      question: { variable: 'MODE', label: 'MODE', type: 'enum', options: ['a', '1', 'true'], default: 'true', required: false },
    })
  })

  it('asks question types it does not check as text', () => {
    for (const type of ['service', 'certificate', 'float', 'secret']) {
      expect(toQuestion({ variable: 'X', label: 'X', type }, 0)).toMatchObject({ ok: true, question: { type: 'string' } })
    }
  })

  it('refuses what cannot be a question, naming the key', () => {
    expect(toQuestion('MTU', 3)).toEqual({ ok: false, message: '.catalog.questions[3] must be a mapping' })
    expect(toQuestion({ label: 'no variable' }, 0)).toEqual({ ok: false, message: '.catalog.questions[0].variable is missing' })
    expect(toQuestion({ variable: 'X', default: { a: 1 } }, 0)).toMatchObject({ ok: false, message: expect.stringContaining('.default must be') })
    expect(toQuestion({ variable: 'X', options: 'a,b' }, 0)).toMatchObject({ ok: false, message: expect.stringContaining('.options must be a list') })
    expect(toQuestion({ variable: 'X', min: 'low' }, 0)).toMatchObject({ ok: false, message: expect.stringContaining('.min must be a number') })
  })
})

describe('checkCatalogImport', () => {
  it.each(ipsecFolders)('imports ipsec/%s from the corpus without an error', (folder) => {
    const files = corpusVersion('ipsec', folder)
    const rancher = files.find((f) => f.name.startsWith('rancher-compose'))!
    const catalog = parse(rancher.content)['.catalog']
    const check = checkCatalogImport({ files })
    expect(check.errors).toEqual([])
    expect(check.plan).toMatchObject({ id: 'rancher-ipsec', name: 'Rancher IPsec', category: 'Networking', version: { version: String(catalog.version) } })
    expect(check.plan!.version.questions.map((q) => q.variable)).toEqual((catalog.questions ?? []).map((q: { variable: string }) => q.variable))
    expect(check.plan!.version.files.map((f) => f.name)).toEqual(files.filter((f) => /compose/.test(f.name)).map((f) => f.name))
  })

  it('takes the name, description and category from config.yml, else from .catalog and the README', () => {
    const files = corpusVersion('ipsec', '18')
    const withConfig = (config: string) => files.map((f) => (f.name === 'config.yml' ? { ...f, content: config } : f))
    expect(checkCatalogImport({ files: withConfig('name: My IPsec\ndescription: >-\n  Folded\n  text\ncategory: Scheduling\n') }).plan).toMatchObject({
      id: 'my-ipsec',
      name: 'My IPsec',
      description: 'Folded text',
      category: 'Scheduling',
    })
    expect(checkCatalogImport({ files: withConfig('name: Odd\ncategory: Storage\n') }).plan).toMatchObject({ category: 'Other' })
    const bare = checkCatalogImport({ files: files.filter((f) => f.name !== 'config.yml') })
    expect(bare.errors).toEqual([])
    expect(bare.plan).toMatchObject({ id: 'rancher-ipsec', name: 'Rancher IPsec', description: 'Rancher networking plugin using IPsec.', category: 'Other' })
    expect(checkCatalogImport({ files, id: 'mine' }).plan).toMatchObject({ id: 'mine', name: 'Rancher IPsec' })
  })

  it('names what is missing or wrong, apart from the validator diagnostics', () => {
    const files = corpusVersion('ipsec', '18')
    const without = (name: string) => files.filter((f) => f.name !== name)
    const paths = (input: Parameters<typeof checkCatalogImport>[0]) => checkCatalogImport(input).blockers.map((e) => e.path)

    expect(paths({ files: without('rancher-compose.yml') })).toEqual(['files'])
    expect(paths({ files: without('docker-compose.yml.tpl') })).toContain('files')
    expect(paths({ files: [...files, { name: 'notes.txt', content: '' }] })).toEqual([`files.${files.length}.name`])
    expect(paths({ files: [...files, { name: 'docker-compose.yml', content: 'x: 1' }] })).toEqual([`files.${files.length}.name`])
    expect(paths({ files, id: 'import' })).toEqual(['id'])
    const rancher = files.findIndex((f) => f.name === 'rancher-compose.yml')
    const edit = (from: string, to: string) => files.map((f, i) => (i === rancher ? { ...f, content: f.content.replace(from, to) } : f))
    expect(paths({ files: edit('.catalog:', 'catalog:') })).toEqual(['files'])
    expect(paths({ files: edit('  version: "0.2.5"\n', '') })).toEqual([`files.${rancher}.content`])
    const noNames = edit('  name: "Rancher IPsec"\n', '').filter((f) => f.name !== 'config.yml')
    expect(checkCatalogImport({ files: noNames }).blockers).toEqual([{ path: 'id', message: expect.stringContaining('no id given') }])
    const config = files.findIndex((f) => f.name === 'config.yml')
    const badConfig = files.map((f, i) => (i === config ? { ...f, content: 'name: [unclosed\n' } : f))
    expect(checkCatalogImport({ files: badConfig }).blockers).toEqual([{ path: `files.${config}.content`, message: expect.stringMatching(/^config\.yml:\d+:\d+ /) }])
  })

  it('turns every validator error into a detail at the file, with file:line:column and the code', () => {
    const files = corpusVersion('ipsec', '18')
    const docker = files.findIndex((f) => f.name === 'docker-compose.yml.tpl')
    const broken = files.map((f, i) => (i === docker ? { ...f, content: f.content.replace('hairpinMode:', 'hairpinMod:') } : f))
    const check = checkCatalogImport({ files: broken })
    const line = broken[docker].content.split('\n').findIndex((l) => l.includes('hairpinMod:')) + 1
    expect(check.blockers).toEqual([])
    expect(check.errors).toEqual([{ path: `files.${docker}.content`, message: expect.stringMatching(new RegExp(`^docker-compose\\.yml\\.tpl:${line}:\\d+ .*hairpinMode.* \\(UNKNOWN_KEY\\)$`)) }])
    expect(check.diagnostics.some((d) => d.code === 'UNKNOWN_KEY' && d.line === line)).toBe(true)
    // the plan is still known, so the screen can say what would be imported
    expect(check.plan).toMatchObject({ id: 'rancher-ipsec' })
  })
})
