import { describe, expect, it } from 'vitest'
import type { CatalogTemplate, Question } from '../api/catalog.ts'
import type { DriftChange } from '../api/stacks.ts'
import { computeDrift, type RunningStack } from './drift.ts'

const questions: Question[] = [
  { variable: 'MTU', label: 'MTU for the network', type: 'int', default: '1500', required: true, min: 68, max: 9000 },
  { variable: 'SUBNET', label: 'Subnet', type: 'string', default: '10.42.0.0/16', required: true },
  { variable: 'PSK', label: 'Pre-shared key', type: 'password', required: false },
]
const files = (v: string) => [
  { name: 'docker-compose.yml.tpl', content: `# ipsec ${v}\nservices: {}\n` },
  { name: 'rancher-compose.yml', content: `.catalog:\n  version: ${v}\n` },
]
const catalog: CatalogTemplate[] = [
  {
    id: 'ipsec',
    name: 'IPsec',
    description: '',
    category: 'Networking',
    source: 'builtin',
    defaultVersion: '0.2.5',
    versions: [
      // 0.2.4 asked no PSK and defaulted MTU to 1450: each side uses its own version's questions
      { version: '0.2.4', versionIndex: 17, minimumRancherVersion: null, upgradeFrom: null, questions: [{ ...questions[0], default: '1450' }, questions[1]], files: files('0.2.4') },
      { version: '0.2.5', versionIndex: 18, minimumRancherVersion: null, upgradeFrom: null, questions, files: files('0.2.5') },
    ],
  },
]

/** A running ipsec stack as creation from the catalog leaves it (effective answers, catalog files). */
const running = (over: Partial<RunningStack> = {}): RunningStack => ({
  id: 'stk_1',
  name: 'ipsec',
  catalogTemplateId: 'ipsec',
  version: '0.2.5',
  answers: { MTU: '1500', SUBNET: '10.42.0.0/16' },
  dockerCompose: files('0.2.5')[0].content,
  rancherCompose: files('0.2.5')[1].content,
  ...over,
})
const tpl = (over: Record<string, unknown> = {}) => ({ name: 'ipsec', catalogTemplateId: 'ipsec', version: null, answers: {}, dockerCompose: null, rancherCompose: null, ...over })
const mtu = (template: string | null, run: string | null): DriftChange => ({ field: 'MTU for the network', variable: 'MTU', template, running: run })

describe('computeDrift: one template stack against its running stack', () => {
  const cases: [string, ReturnType<typeof tpl>, RunningStack, 'in-sync' | 'drifted', DriftChange[], boolean][] = [
    ['fresh from the template (defaults on both sides)', tpl(), running(), 'in-sync', [], false],
    ['MTU applied through an upgrade shows default → running', tpl(), running({ answers: { MTU: '1400', SUBNET: '10.42.0.0/16' } }), 'drifted', [mtu('1500', '1400')], false],
    ['a template answer equal to the running one', tpl({ answers: { MTU: '1400' } }), running({ answers: { MTU: '1400', SUBNET: '10.42.0.0/16' } }), 'in-sync', [], false],
    ['an empty answer counts as not set', tpl({ answers: { MTU: '' } }), running(), 'in-sync', [], false],
    ['running stack whose answers were never filled still uses its defaults', tpl(), running({ answers: {} }), 'in-sync', [], false],
    [
      'a pinned older version: the version differs, and answers compare with each version\'s defaults',
      tpl({ version: '0.2.4' }),
      running(),
      'drifted',
      [{ field: 'version', variable: null, template: '0.2.4', running: '0.2.5' }, mtu('1450', '1500')],
      false,
    ],
    [
      'a password answer differs without showing it',
      tpl(),
      running({ answers: { MTU: '1500', SUBNET: '10.42.0.0/16', PSK: 's3cret' } }),
      'drifted',
      [{ field: 'Pre-shared key', variable: 'PSK', template: null, running: '••••••' }],
      false,
    ],
    [
      'an answer without a question is named by its variable',
      tpl({ answers: { EXTRA: 'x' } }),
      running(),
      'drifted',
      [{ field: 'EXTRA', variable: 'EXTRA', template: 'x', running: null }],
      false,
    ],
    ["the template's custom compose, running as written", tpl({ dockerCompose: 'custom: 1\n' }), running({ dockerCompose: 'custom: 1\n' }), 'in-sync', [], false],
    [
      "the template's custom compose, but the catalog's file runs",
      tpl({ dockerCompose: 'custom: 1\n' }),
      running(),
      'drifted',
      [{ field: 'docker-compose.yml', variable: null, template: "the template's custom compose", running: 'a different (custom) compose' }],
      true,
    ],
    [
      'a compose edited after creation',
      tpl(),
      running({ dockerCompose: 'edited: true\n' }),
      'drifted',
      [{ field: 'docker-compose.yml', variable: null, template: "the catalog's file (ipsec 0.2.5)", running: 'a different (custom) compose' }],
      true,
    ],
  ]
  it.each(cases)('%s', (_name, template, run, status, changes, composeChanged) => {
    const [drift] = computeDrift([template], [run], catalog)
    expect(drift).toEqual({ name: 'ipsec', catalogTemplateId: 'ipsec', stackId: 'stk_1', status, changes, composeChanged })
  })
})

describe('computeDrift: which stacks', () => {
  it('lists a removed template stack as missing and an extra running stack as added, template order first', () => {
    const drift = computeDrift(
      [tpl({ name: 'network-services', catalogTemplateId: 'network-services' }), tpl()],
      [running({ id: 'stk_9', name: 'zeta', catalogTemplateId: 'ipsec' }), running({ id: 'stk_2', name: 'alpha', catalogTemplateId: 'ipsec' })],
      catalog,
    )
    expect(drift.map((d) => [d.name, d.status, d.stackId])).toEqual([
      ['network-services', 'missing', null],
      ['ipsec', 'missing', null],
      ['alpha', 'added', 'stk_2'],
      ['zeta', 'added', 'stk_9'],
    ])
  })

  it('names a stack of the same name from another catalog template', () => {
    const [drift] = computeDrift([tpl()], [running({ catalogTemplateId: 'vxlan', version: 'v0.3.1' })], catalog)
    expect(drift.status).toBe('drifted')
    expect(drift.changes).toContainEqual({ field: 'catalog template', variable: null, template: 'ipsec', running: 'vxlan' })
    expect(drift.changes).toContainEqual({ field: 'version', variable: null, template: '0.2.5', running: 'v0.3.1' })
  })

  it('does not guess a version when the catalog no longer has the template', () => {
    const [drift] = computeDrift([tpl({ catalogTemplateId: 'gone' })], [running({ catalogTemplateId: 'gone', answers: {} })], catalog)
    expect(drift.changes.filter((c) => c.field === 'version')).toEqual([])
  })
})
