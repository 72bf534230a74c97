// The template rules against the real built-in catalog (server/catalog/library): the questions
// the editor asks and the server checks are the ones Paddock ships, so a renamed variable or a
// changed default shows up here. The library is read with core's own catalog reader (the one
// operators' imports go through) so that core does not import server code.
//
// (node:fs below: this folder is also type-checked by the browser project, which excludes tests.)
import { readdirSync, readFileSync } from 'node:fs'
import { load } from 'js-yaml'
import { describe, expect, it } from 'vitest'
import type { CatalogTemplate, Question } from '../api/catalog.ts'
import type { TemplateStack } from '../api/templates.ts'
import { checkCatalogImport } from '../catalog/import.ts'
import { TEMPLATE_CATEGORIES, answerKind, checkStackAnswers, checkTemplateStacks } from './rules.ts'

const LIBRARY = new URL('../../server/catalog/library/', import.meta.url)

/** Every template of the built-in library with all its versions, as the catalog service lists them. */
function loadLibrary(): CatalogTemplate[] {
  return readdirSync(LIBRARY, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const dir = new URL(`${d.name}/`, LIBRARY)
      const config = load(readFileSync(new URL('config.yml', dir), 'utf8')) as { name: string; description: string; category: CatalogTemplate['category']; version: string }
      const versions = readdirSync(dir, { withFileTypes: true })
        .filter((v) => v.isDirectory() && /^\d+$/.test(v.name))
        .map((v) => {
          const vdir = new URL(`${v.name}/`, dir)
          const files = readdirSync(vdir).map((name) => ({ name, content: readFileSync(new URL(name, vdir), 'utf8') }))
          const plan = checkCatalogImport({ files, id: d.name }).plan
          if (plan === null) throw new Error(`library ${d.name}/${v.name} does not read as a catalog version`)
          return { ...plan.version, versionIndex: Number(v.name) }
        })
        .sort((a, b) => a.versionIndex - b.versionIndex)
      return { id: d.name, name: config.name, description: config.description, category: config.category, source: 'builtin' as const, defaultVersion: config.version, versions }
    })
}

const CATALOG = loadLibrary()

function questionsOf(id: string, version?: string): Question[] {
  const t = CATALOG.find((c) => c.id === id)
  if (!t) throw new Error(`no ${id} in the library`)
  const v = t.versions.find((x) => x.version === (version ?? t.defaultVersion))
  if (!v) throw new Error(`no ${id} ${version}`)
  return v.questions
}

const stack = (name: string, catalogTemplateId = name, more: Partial<TemplateStack> = {}): TemplateStack => ({
  name,
  catalogTemplateId,
  version: null,
  answers: {},
  dockerCompose: null,
  rancherCompose: null,
  ...more,
})

/** The built-in Cattle template's stacks, with the driver of choice. */
const cattle = (driver: 'ipsec' | 'vxlan', answers: Record<string, string> = {}): TemplateStack[] => [
  stack('network-services'),
  stack(driver, driver, { answers }),
  stack('scheduler'),
  stack('healthcheck'),
]

describe('the built-in library as the rules see it', () => {
  it('has the drivers and Network Services the rules are about', () => {
    const byId = Object.fromEntries(CATALOG.map((t) => [t.id, t.category]))
    expect(byId).toMatchObject({ ipsec: 'Networking', vxlan: 'Networking', 'network-services': 'Network Services', scheduler: 'Scheduling', healthcheck: 'Health' })
  })
})

describe('TEMPLATE_CATEGORIES', () => {
  it('lists the categories in the order of the catalog, Networking first and single', () => {
    expect(TEMPLATE_CATEGORIES.map((c) => c.category)).toEqual(['Networking', 'Network Services', 'Scheduling', 'Health', 'Other'])
    expect(TEMPLATE_CATEGORIES.filter((c) => c.single).map((c) => c.category)).toEqual(['Networking'])
  })

  it('explains the networking choice with the facts an operator needs', () => {
    const text = TEMPLATE_CATEGORIES[0].explanation
    for (const fact of ['IPsec', 'VXLAN', '500', '4500', '4789', '50', '98', 'rancher/rancher#11338']) expect(text).toContain(fact)
    expect(TEMPLATE_CATEGORIES[1].explanation).toMatch(/required.*driver/i)
  })
})

describe('answerKind', () => {
  const ipsec = Object.fromEntries(questionsOf('ipsec').map((q) => [q.variable, answerKind(q)]))

  it.each([
    ['SUBNET', 'cidr'],
    ['SUBNET_PREFIX', 'int'],
    ['SUBNET_START_ADDRESS', 'ipv4'],
    ['SUBNET_END_ADDRESS', 'ipv4'],
    ['MTU', 'int'],
    ['HOST_PORTS', 'boolean'],
    ['RANCHER_HAIRPIN_MODE', 'boolean'],
    ['DOCKER_BRIDGE', 'string'],
    // A number in a string question is still a string: Rancher's template says so.
    ['IPSEC_REPLAY_WINDOW_SIZE', 'string'],
    ['RANCHER_IPSEC_PSK', 'string'],
  ])('ipsec %s is asked as %s', (variable, kind) => {
    expect(ipsec[variable]).toBe(kind)
  })

  const q = (variable: string, type: Question['type'], fallback?: string): Question => ({ variable, label: variable, type, required: false, default: fallback })
  it.each([
    [q('VIP_SUBNET', 'string'), 'cidr'],
    [q('POOL', 'string', '172.22.101.0/24'), 'cidr'],
    [q('GATEWAY', 'string', '172.22.101.1'), 'ipv4'],
    [q('METADATA_ADDRESS', 'string'), 'ipv4'],
    [q('SUBNET_PREFIX', 'string', '16'), 'string'],
    [q('MODE', 'enum'), 'enum'],
    [q('SECRET', 'password'), 'password'],
    [q('CONFIG', 'multiline'), 'multiline'],
  ])('%o is asked as %s', (question, kind) => {
    expect(answerKind(question)).toBe(kind)
  })
})

describe('checkStackAnswers', () => {
  const ipsec = questionsOf('ipsec')
  const vxlan = questionsOf('vxlan')

  it('accepts the defaults, and a consistent custom subnet', () => {
    expect(checkStackAnswers(ipsec, {})).toEqual([])
    expect(checkStackAnswers(vxlan, { SUBNET: '10.60.0.0/16', SUBNET_PREFIX: '16' })).toEqual([])
    expect(checkStackAnswers(vxlan, { SUBNET: '10.60.0.0/24', SUBNET_PREFIX: '24', MTU: '1450' })).toEqual([])
    expect(
      checkStackAnswers(ipsec, { SUBNET: '10.60.0.0/16', SUBNET_PREFIX: '16', SUBNET_START_ADDRESS: '10.60.0.2', SUBNET_END_ADDRESS: '10.60.255.250' }),
    ).toEqual([])
    // Hairpin is fine once promiscuous mode is off.
    expect(checkStackAnswers(vxlan, { RANCHER_HAIRPIN_MODE: 'true', RANCHER_PROMISCUOUS_MODE: 'false' })).toEqual([])
  })

  it.each([
    // [answers, path, message fragment]
    [{ SUBNET: '10.42.0.0/33' }, 'answers.SUBNET', 'SUBNET must be a CIDR such as 10.42.0.0/16, got "10.42.0.0/33"'],
    [{ SUBNET: '10.42.0.0' }, 'answers.SUBNET', 'got "10.42.0.0"'],
    [{ SUBNET: '10.42.1.0/16' }, 'answers.SUBNET', 'did you mean 10.42.0.0/16?'],
    [{ SUBNET: '10.042.0.0/16' }, 'answers.SUBNET', 'must be a CIDR'],
    [{ SUBNET_PREFIX: '24' }, 'answers.SUBNET_PREFIX', 'must match the prefix of SUBNET (16 for 10.42.0.0/16), got 24'],
    [{ SUBNET: '10.60.0.0/24' }, 'answers.SUBNET_PREFIX', '(24 for 10.60.0.0/24), got 16'],
    [{ SUBNET_PREFIX: 'sixteen' }, 'answers.SUBNET_PREFIX', 'must be an integer'],
    [{ MTU: '9001' }, 'answers.MTU', 'MTU must be at most 9000, got 9001'],
    [{ MTU: '67' }, 'answers.MTU', 'MTU must be at least 68, got 67'],
    [{ MTU: '1450.5' }, 'answers.MTU', 'must be an integer'],
    [{ HOST_PORTS: 'yes' }, 'answers.HOST_PORTS', 'must be true or false'],
    [{ SUBNET_START_ADDRESS: '10.42.0.300' }, 'answers.SUBNET_START_ADDRESS', 'must be an IPv4 address such as 10.42.0.2, got "10.42.0.300"'],
    [{ SUBNET_START_ADDRESS: '10.43.0.2' }, 'answers.SUBNET_START_ADDRESS', 'must lie inside SUBNET 10.42.0.0/16, got 10.43.0.2'],
    [{ SUBNET_END_ADDRESS: '192.168.0.250' }, 'answers.SUBNET_END_ADDRESS', 'must lie inside SUBNET 10.42.0.0/16'],
    [{ SUBNET_START_ADDRESS: '10.42.9.0', SUBNET_END_ADDRESS: '10.42.1.0' }, 'answers.SUBNET_END_ADDRESS', 'must not come before SUBNET_START_ADDRESS (10.42.9.0)'],
    // The default of promiscuous mode is true: turning hairpin on alone is already the conflict.
    [{ RANCHER_HAIRPIN_MODE: 'true' }, 'answers.RANCHER_HAIRPIN_MODE', 'cannot be true while'],
    [{ RANCHER_HAIRPIN_MODE: 'true', RANCHER_PROMISCUOUS_MODE: 'true' }, 'answers.RANCHER_PROMISCUOUS_MODE', 'cannot be true while'],
    // Required answers cannot be blanked: an empty string means "use the default", so only a
    // question without a default can be missing (checked below with an imported-style question).
    [{ DOCKER_BRIDGE: '' }, null, null],
  ] as const)('ipsec %o → %s', (answers, path, fragment) => {
    const errors = checkStackAnswers(ipsec, answers)
    if (path === null) return expect(errors).toEqual([])
    const hit = errors.find((e) => e.path === path)
    expect(hit?.message, JSON.stringify(errors)).toContain(fragment)
  })

  it('names a required answer that has no default', () => {
    const questions: Question[] = [{ variable: 'API_TOKEN', label: 'Token', type: 'string', required: true }]
    expect(checkStackAnswers(questions, {})).toEqual([{ path: 'answers.API_TOKEN', message: 'API_TOKEN is required' }])
    expect(checkStackAnswers(questions, { API_TOKEN: '' })).toEqual([{ path: 'answers.API_TOKEN', message: 'API_TOKEN is required' }])
  })

  it('gives one message per field, and skips cross-field rules whose inputs are broken', () => {
    // A broken SUBNET must not also produce a "prefix does not match" or "outside the subnet" error.
    const errors = checkStackAnswers(ipsec, { SUBNET: 'nope', SUBNET_PREFIX: '24', SUBNET_START_ADDRESS: '10.99.0.1' })
    expect(errors.map((e) => e.path)).toEqual(['answers.SUBNET'])
  })

  it('passes answers to variables the version does not ask about through unchecked, as Rancher does', () => {
    const scheduler = questionsOf('scheduler')
    expect(scheduler.some((q) => q.variable === 'SUBNET')).toBe(false)
    expect(checkStackAnswers(scheduler, { SUBNET: 'not a cidr', MTU: '1', RANCHER_HAIRPIN_MODE: 'true' })).toEqual([])
  })

  it('keeps an unbounded imported MTU question within what a Linux interface accepts', () => {
    const mtu: Question[] = [{ variable: 'MTU', label: 'MTU', type: 'int', required: true, default: '1500' }]
    expect(checkStackAnswers(mtu, { MTU: '1400' })).toEqual([])
    expect(checkStackAnswers(mtu, { MTU: '20' })).toEqual([{ path: 'answers.MTU', message: 'MTU must be between 68 and 9000, got 20' }])
  })
})

describe('checkTemplateStacks', () => {
  it('accepts the built-in Cattle and Cattle VXLAN stacks, and no driver at all', () => {
    expect(checkTemplateStacks(cattle('ipsec'), CATALOG)).toEqual({ errors: [], multipleDrivers: false })
    expect(checkTemplateStacks(cattle('vxlan', { SUBNET: '10.60.0.0/16', SUBNET_PREFIX: '16' }), CATALOG)).toEqual({ errors: [], multipleDrivers: false })
    expect(checkTemplateStacks([stack('scheduler')], CATALOG)).toEqual({ errors: [], multipleDrivers: false })
    expect(checkTemplateStacks([], CATALOG)).toEqual({ errors: [], multipleDrivers: false })
  })

  it('accepts a pinned older version', () => {
    const stacks = cattle('ipsec')
    stacks[1].version = '0.2.4'
    expect(checkTemplateStacks(stacks, CATALOG).errors).toEqual([])
  })

  it.each([
    ['an unknown catalog template', [stack('network-services'), stack('weave', 'weave')], 'stacks.1.catalogTemplateId', 'unknown catalog template "weave"'],
    ['an unknown version, listing the known ones', [stack('network-services'), stack('ipsec', 'ipsec', { version: '9.9.9' })], 'stacks.1.version', '0.2.4, 0.2.5'],
    ['a duplicate stack name', [stack('network-services'), stack('ipsec'), stack('ipsec', 'scheduler')], 'stacks.2.name', 'already used by stacks.1'],
    ['a driver without Network Services', [stack('ipsec'), stack('scheduler')], 'stacks', 'Network Services is required with a network driver'],
    ['an invalid answer, with the stack prefix', cattle('vxlan', { SUBNET: '10.60.0.0/33' }), 'stacks.1.answers.SUBNET', 'got "10.60.0.0/33"'],
    ['a prefix that does not match', cattle('vxlan', { SUBNET: '10.60.0.0/16', SUBNET_PREFIX: '24' }), 'stacks.1.answers.SUBNET_PREFIX', 'must match'],
    ['hairpin with promiscuous mode', cattle('ipsec', { RANCHER_HAIRPIN_MODE: 'true' }), 'stacks.1.answers.RANCHER_HAIRPIN_MODE', 'cannot be true while'],
    ['an answer of Network Services', [stack('network-services', 'network-services', { answers: { TTL: '-1' } })], 'stacks.0.answers.TTL', 'at least 0'],
  ] as const)('refuses %s', (_what, stacks, path, fragment) => {
    const result = checkTemplateStacks(stacks as TemplateStack[], CATALOG)
    expect(result.multipleDrivers).toBe(false)
    expect(result.errors.find((e) => e.path === path)?.message, JSON.stringify(result.errors)).toContain(fragment)
  })

  it('refuses two network drivers, naming both, and flags it', () => {
    const result = checkTemplateStacks([stack('network-services'), stack('ipsec'), stack('vxlan')], CATALOG)
    expect(result.multipleDrivers).toBe(true)
    expect(result.errors).toHaveLength(1)
    expect(result.errors[0].path).toBe('stacks')
    expect(result.errors[0].message).toContain('"ipsec" (Rancher IPsec) and "vxlan" (Rancher VXLAN)')
  })

  it('does not count a stack of an unknown catalog template as anything', () => {
    // Unknown ids get their own error; they must not add a "Network Services required" one.
    const result = checkTemplateStacks([stack('x', 'nope')], CATALOG)
    expect(result.errors.map((e) => e.path)).toEqual(['stacks.0.catalogTemplateId'])
  })
})
