// Real inputs: every IPsec version Rancher shipped (../shared/corpus), our built-in catalog
// (server/catalog/library), and the example of the seed text. Each version must validate with
// zero errors as it is, and still catch a seeded mistake at the right place — so that "zero
// errors" cannot come from a schema too loose to notice anything.
//
// (The reference is for node:fs below: this folder is also type-checked by the browser
// project, whose tsconfig does not load Node's types.)
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'
import { renderCompose } from '../compose/render.ts'
import { validateNetworkDriver } from './index.ts'

const CORPUS = new URL('../../../shared/corpus/rancher-catalog/infra-templates/', import.meta.url)
const LIBRARY = new URL('../../server/catalog/library/', import.meta.url)

interface Version {
  id: string
  files: { name: string; content: string }[]
}

/** Every numbered version folder of a template, its files as they are on disk (names included). */
function versions(root: URL, template: string): Version[] {
  const dir = new URL(`${template}/`, root)
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^\d+$/.test(d.name))
    .map((d) => d.name)
    .sort((a, b) => Number(a) - Number(b))
    .map((v) => {
      const vdir = new URL(`${v}/`, dir)
      const files = readdirSync(vdir)
        .sort()
        .map((name) => ({ name, content: readFileSync(new URL(name, vdir), 'utf8') }))
      return { id: `${template}/${v}`, files }
    })
}

/** The file and 1-based line/column of the first line matching re, where column is that of the match's group 1. */
function locate(v: Version, re: RegExp): { file: string; line: number; column: number } {
  for (const f of v.files) {
    const lines = f.content.split('\n')
    for (const [i, text] of lines.entries()) {
      const m = re.exec(text)
      if (m) return { file: f.name, line: i + 1, column: m.index + m[0].indexOf(m[1]) + 1 }
    }
  }
  throw new Error(`${v.id}: nothing matches ${re}`)
}

const errors = (r: ReturnType<typeof validateNetworkDriver>) => r.diagnostics.filter((d) => d.severity === 'error')
const brief = (d: { file?: string; line: number; column: number; code: string; message: string }) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`

/** [name, versions, spotless: Rancher's own files must give no diagnostic at all, not even a warning]. */
const DRIVERS = (
  [
    ['the Rancher corpus: ipsec', versions(CORPUS, 'ipsec'), true],
    ['the Rancher corpus: vxlan', versions(CORPUS, 'vxlan'), true],
    ['the built-in catalog: ipsec', versions(LIBRARY, 'ipsec'), false],
    ['the built-in catalog: vxlan', versions(LIBRARY, 'vxlan'), false],
  ] as [string, Version[], boolean][]
).filter(([, list]) => list.length > 0)

it('finds the real inputs (19 IPsec versions in the corpus; IPsec and VXLAN in the built-in catalog)', () => {
  expect(versions(CORPUS, 'ipsec')).toHaveLength(19)
  expect(versions(LIBRARY, 'ipsec').length).toBeGreaterThan(0)
  expect(versions(LIBRARY, 'vxlan').length).toBeGreaterThan(0)
})

describe.each(DRIVERS)('%s', (_name, list, spotless) => {
  const cases = list.map((v) => [v.id, v] as const)

  it.each(cases)('%s validates with zero errors, rendered with its own question defaults', (_id, v) => {
    const r = validateNetworkDriver({ files: v.files })
    expect(errors(r).map(brief)).toEqual([])
    if (spotless) expect(r.diagnostics.map(brief)).toEqual([])
    // The rendered files are exactly what the renderer (tested against Rancher's output) gives.
    const rc = v.files.find((f) => f.name === 'rancher-compose.yml')!
    const questions = (parseDocument(rc.content).toJS()['.catalog'].questions ?? []) as { variable: string; default?: unknown }[]
    const defaults = Object.fromEntries(questions.map((q) => [q.variable, q.default === undefined || q.default === null ? '' : String(q.default)]))
    for (const f of v.files.filter((x) => x.name.includes('compose'))) {
      const out = r.rendered.find((x) => x.name === f.name.replace(/\.tpl$/, ''))
      expect(out?.content, f.name).toBe(renderCompose(f.content, defaults, { goTemplate: f.name.endsWith('.tpl') }).text)
    }
  })

  it.each(cases)('%s: a /33 through the SUBNET answer is an error at the placeholder', (_id, v) => {
    const at = locate(v, /network_address:\s*(\$\{?SUBNET\}?)/)
    const r = validateNetworkDriver({ files: v.files, answers: { SUBNET: '10.42.0.0/33' } })
    expect(errors(r)).toContainEqual(expect.objectContaining({ file: at.file, line: at.line, column: at.column, code: 'CIDR_PREFIX_RANGE' }))
    expect(errors(r).find((d) => d.line === at.line)!.message).toContain('10.42.0.0/33')
  })

  it.each(cases)('%s: a misspelt CNI key is an unknown key (the schema is strict)', (_id, v) => {
    const at = locate(v, /^\s*(linkMTUOverhead):/)
    const files = v.files.map((f) => (f.name === at.file ? { ...f, content: f.content.replace('linkMTUOverhead:', 'linkMTUOverhed:') } : f))
    const r = validateNetworkDriver({ files })
    expect(errors(r).map((d) => [d.file, d.line, d.column, d.code])).toEqual([[at.file, at.line, at.column, 'UNKNOWN_KEY']])
    expect(errors(r)[0].message).toContain('did you mean "linkMTUOverhead"?')
  })

  it.each(cases)('%s: hairpin and promiscuous both on is caught where the template sets them', (_id, v) => {
    const hairpin = locate(v, /^\s*(hairpinMode):/)
    const hasPromisc = v.files.some((f) => /promiscMode:/.test(f.content))
    const answers = { RANCHER_HAIRPIN_MODE: 'true', RANCHER_PROMISCUOUS_MODE: 'true' }
    const files = hasPromisc
      ? v.files
      : // Old versions hard-code hairpinMode: true and have no promiscMode: add one.
        v.files.map((f) => (f.name === hairpin.file ? { ...f, content: f.content.replace(/^(\s*)(hairpinMode: true)$/m, '$1$2\n$1promiscMode: true') } : f))
    const r = validateNetworkDriver({ files, answers })
    expect(errors(r).map((d) => [d.file, d.line, d.code])).toEqual([[hairpin.file, hairpin.line, 'HAIRPIN_PROMISC']])
  })
})

describe('the other infrastructure templates (no network driver) validate clean too', () => {
  const others = ['network-services', 'healthcheck', 'scheduler'].flatMap((t) => [...versions(CORPUS, t), ...versions(LIBRARY, t)])
  it.each(others.map((v) => [v.id, v] as const))('%s', (_id, v) => {
    const r = validateNetworkDriver({ files: v.files })
    expect(r.diagnostics.map((d) => d.code)).toEqual(['NO_NETWORK_DRIVER'])
  })
})

describe('the seed example, its structure restored', () => {
  const fixture = new URL('./__fixtures__/seed-example.yml', import.meta.url)
  const expected = new URL('./__fixtures__/seed-example.diagnostics.json', import.meta.url)
  const text = readFileSync(fixture, 'utf8')
  const r = validateNetworkDriver({ yaml: text })
  const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1

  it('gives exactly the committed diagnostics', () => {
    expect(r.diagnostics).toEqual(JSON.parse(readFileSync(expected, 'utf8')))
  })

  it('flags the malformed key hairpinMode", suggesting hairpinMode and noting it is set below', () => {
    const d = r.diagnostics.find((x) => x.code === 'UNKNOWN_KEY')!
    expect(d).toMatchObject({ severity: 'error', line: lineOf('hairpinMode"'), column: 7, endColumn: 19 })
    expect(d.message).toContain('did you mean "hairpinMode"?')
    expect(d.message).toContain(`hairpinMode is also set at line ${lineOf('hairpinMode: true')}`)
  })

  it('flags the empty network_address and the empty bridgeSubnet at their lines', () => {
    expect(r.diagnostics.filter((x) => x.code === 'EMPTY_VALUE').map((x) => [x.path, x.line, x.column])).toEqual([
      ['network_driver.default_network.subnets.0.network_address', lineOf("network_address: ''"), 24],
      ['network_driver.cni_config.10-rancher.conf.bridgeSubnet', lineOf("bridgeSubnet: ''"), 21],
    ])
  })

  it('and warns that dns lacks the metadata address (the example sets none)', () => {
    expect(r.diagnostics.map((x) => `${x.line} ${x.severity} ${x.code}`)).toEqual([
      `${lineOf('default_network:')} warning DNS_NO_METADATA`,
      `${lineOf("network_address: ''")} error EMPTY_VALUE`,
      `${lineOf("bridgeSubnet: ''")} error EMPTY_VALUE`,
      `${lineOf('hairpinMode"')} error UNKNOWN_KEY`,
    ])
  })
})
