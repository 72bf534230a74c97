/**
 * The rules of an environment template, shared by the server (which enforces them and answers
 * 400 naming the field) and the template editor (which shows them as the operator types).
 * Pure: the caller passes the catalog.
 *
 * CONTRACT (signatures are fixed; helper F implements the bodies).
 */
import type { CatalogTemplate, CatalogTemplateVersion, Question } from '../api/catalog.ts'
import type { ErrorDetail } from '../api/errors.ts'
import type { TemplateStack } from '../api/templates.ts'
import { effectiveAnswers } from '../compose/answers.ts'
import { type Cidr, cidrContains, formatCidr, normalizeCidr, parseCidr } from '../net/cidr.ts'
import { formatIpv4, parseIpv4 } from '../net/ipv4.ts'

/** How the editor asks a question: Rancher's question types, with CIDR and IPv4 told apart from plain strings. */
export type AnswerKind = 'cidr' | 'ipv4' | 'int' | 'boolean' | 'enum' | 'password' | 'multiline' | 'string'

/** Categories as Rancher's environment template editor shows them, in order. */
export interface TemplateCategory {
  category: 'Networking' | 'Network Services' | 'Scheduling' | 'Health' | 'Other'
  /** Networking is a single choice (IPsec, VXLAN or none). */
  single: boolean
  /** Why the category matters, shown next to the choice. */
  explanation: string
}

export const TEMPLATE_CATEGORIES: readonly TemplateCategory[] = [
  {
    category: 'Networking',
    single: true,
    explanation:
      'One overlay network per environment. IPsec encrypts traffic between hosts (UDP 500 and 4500, ' +
      '98 bytes of overhead per packet); VXLAN does not encrypt (UDP 4789) and costs less (50 bytes). ' +
      'None means no managed network: containers use the Docker bridge or the host network only. ' +
      'Two drivers at once broke Rancher 1.6 environments (rancher/rancher#11338), so only one can be chosen.',
  },
  {
    category: 'Network Services',
    single: false,
    explanation:
      'Metadata, DNS and the network manager on every host. Required whenever a network driver is chosen: ' +
      "the driver's CNI plumbing (addresses, ARP sync, *.rancher.internal names) depends on it.",
  },
  {
    category: 'Scheduling',
    single: false,
    explanation: 'Places new containers on hosts by labels, free ports and reserved resources. Optional.',
  },
  {
    category: 'Health',
    single: false,
    explanation: 'Runs the health checks that services declare and marks containers healthy or unhealthy. Optional.',
  },
  {
    category: 'Other',
    single: false,
    explanation: 'Imported catalog templates of any other category. Optional.',
  },
]

/** The kind of input for a question (e.g. SUBNET → cidr, SUBNET_START_ADDRESS → ipv4, MTU → int). */
export function answerKind(question: Question): AnswerKind {
  if (question.type !== 'string') return question.type
  const variable = question.variable.toUpperCase()
  const fallback = question.default ?? ''
  // SUBNET_PREFIX is an int question in the catalog; the name test still keeps it out should
  // an imported template declare it as a string.
  if ((variable.endsWith('SUBNET') && !variable.endsWith('SUBNET_PREFIX')) || normalizeCidr(fallback) !== null) return 'cidr'
  if (variable.endsWith('_ADDRESS') || parseIpv4(fallback) !== null) return 'ipv4'
  return 'string'
}

// Linux refuses an IPv4 MTU below 68 (RFC 791); 9000 is the usual jumbo-frame ceiling and the
// bound the built-in catalog declares. Used only when an (imported) MTU question has no bounds.
const MTU_MIN = 68
const MTU_MAX = 9000

/** A CIDR answer's syntax problem, as a sentence that names the variable and the value; null when fine. */
function cidrProblem(variable: string, value: string): string | null {
  const parsed = parseCidr(value)
  if (parsed.ok) return null
  const base = `${variable} must be a CIDR such as 10.42.0.0/16, got ${JSON.stringify(value)}`
  // Host bits set is the one mistake with an obvious fix; say which block was probably meant.
  const meant = normalizeCidr(value)
  return parsed.error.code === 'CIDR_HOST_BITS_SET' && meant !== null ? `${base}; did you mean ${meant}?` : base
}

/**
 * Checks one stack's answers: each value against its question (type, bounds, options,
 * required), CIDR/IPv4 syntax by kind, and the cross-field rules (SUBNET_PREFIX matches the
 * prefix of SUBNET; SUBNET_START_ADDRESS and SUBNET_END_ADDRESS inside SUBNET, start ≤ end;
 * RANCHER_HAIRPIN_MODE and RANCHER_PROMISCUOUS_MODE not both true; MTU within its bounds).
 * Paths are `answers.VARIABLE`; unset answers use the question's default.
 */
export function checkStackAnswers(questions: Question[], answers: Record<string, string>): ErrorDetail[] {
  const { answers: values, errors } = effectiveAnswers(questions, answers)
  // One message per field: a field that already failed is not checked again by a later rule.
  const failed = new Set(errors.map((e) => e.path))
  const fail = (variable: string, message: string) => {
    const path = `answers.${variable}`
    if (failed.has(path)) return
    failed.add(path)
    errors.push({ path, message })
  }
  const isSet = (variable: string) => values[variable] !== undefined && values[variable] !== ''

  // Syntax by kind: the question type says "string", the variable says what the string is.
  for (const q of questions) {
    if (!isSet(q.variable) || failed.has(`answers.${q.variable}`)) continue
    const value = values[q.variable]
    const kind = answerKind(q)
    if (kind === 'cidr') {
      const problem = cidrProblem(q.variable, value)
      if (problem !== null) fail(q.variable, problem)
    } else if (kind === 'ipv4' && parseIpv4(value) === null) {
      fail(q.variable, `${q.variable} must be an IPv4 address such as 10.42.0.2, got ${JSON.stringify(value)}`)
    }
  }

  // Cross-field rules apply to the questions the version asks; an answer to a variable the
  // version has no question for is passed through as Rancher does, unchecked.
  const byVariable = new Map(questions.map((q) => [q.variable, q]))
  /** The value of a question that passed its own checks, or null (no such question, unset, or failed). */
  const good = (variable: string): string | null =>
    byVariable.has(variable) && isSet(variable) && !failed.has(`answers.${variable}`) ? values[variable] : null

  // SUBNET_PREFIX is the prefix length rancher-cni-ipam appends to each container address; if
  // it differs from the bridge subnet's, containers get a netmask that disagrees with the
  // bridge and either cannot reach peers or claim addresses outside the managed network.
  const subnetText = good('SUBNET')
  const subnetParsed = subnetText === null ? null : parseCidr(subnetText)
  const subnet: Cidr | null = subnetParsed?.ok ? subnetParsed.cidr : null
  const prefixText = good('SUBNET_PREFIX')
  if (subnet !== null && prefixText !== null && /^[0-9]+$/.test(prefixText) && Number(prefixText) !== subnet.prefix) {
    fail(
      'SUBNET_PREFIX',
      `SUBNET_PREFIX must match the prefix of SUBNET (${subnet.prefix} for ${formatCidr(subnet)}), got ${prefixText}: ` +
        'container addresses would get a netmask that disagrees with the bridge subnet',
    )
  }

  // Start and end address bound the IPAM range; Rancher never checked them (rancher/rancher#10766),
  // and a range outside the subnet or reversed leaves IPAM with no address to give.
  const start = good('SUBNET_START_ADDRESS') === null ? null : parseIpv4(values.SUBNET_START_ADDRESS)
  const end = good('SUBNET_END_ADDRESS') === null ? null : parseIpv4(values.SUBNET_END_ADDRESS)
  if (subnet !== null) {
    for (const [variable, ip] of [
      ['SUBNET_START_ADDRESS', start],
      ['SUBNET_END_ADDRESS', end],
    ] as const) {
      if (ip !== null && !cidrContains(subnet, ip)) {
        fail(variable, `${variable} must lie inside SUBNET ${formatCidr(subnet)}, got ${formatIpv4(ip)}: container addresses are allocated from the subnet`)
      }
    }
  }
  if (start !== null && end !== null && start > end && !failed.has('answers.SUBNET_START_ADDRESS') && !failed.has('answers.SUBNET_END_ADDRESS')) {
    fail('SUBNET_END_ADDRESS', `SUBNET_END_ADDRESS (${formatIpv4(end)}) must not come before SUBNET_START_ADDRESS (${formatIpv4(start)}): the range would hold no address`)
  }

  // rancher-bridge refuses hairpinMode together with promiscMode (the catalog's own labels say
  // "needs … off"); both fields are named so the editor marks the pair.
  if (good('RANCHER_HAIRPIN_MODE') === 'true' && good('RANCHER_PROMISCUOUS_MODE') === 'true') {
    const why = 'the rancher-bridge CNI plugin refuses hairpin and promiscuous mode together; turn one of them off'
    fail('RANCHER_HAIRPIN_MODE', `RANCHER_HAIRPIN_MODE cannot be true while RANCHER_PROMISCUOUS_MODE is true: ${why}`)
    fail('RANCHER_PROMISCUOUS_MODE', `RANCHER_PROMISCUOUS_MODE cannot be true while RANCHER_HAIRPIN_MODE is true: ${why}`)
  }

  // MTU: the question's own bounds were checked by effectiveAnswers; an imported question
  // without bounds still gets the limits a Linux interface accepts.
  const mtuQuestion = byVariable.get('MTU')
  const mtu = good('MTU')
  if (mtu !== null && /^-?[0-9]+$/.test(mtu) && mtuQuestion?.min === undefined && mtuQuestion?.max === undefined) {
    const n = Number(mtu)
    if (n < MTU_MIN || n > MTU_MAX) fail('MTU', `MTU must be between ${MTU_MIN} and ${MTU_MAX}, got ${mtu}`)
  }

  return errors
}

/** The catalog version a template stack names (its pinned version, else the default); null when there is none. */
function versionOf(template: CatalogTemplate, version: string | null): CatalogTemplateVersion | null {
  const wanted = version ?? template.defaultVersion
  return template.versions.find((v) => v.version === wanted) ?? null
}

/**
 * Checks a whole template's stacks against the catalog: unknown catalog template or version
 * (`stacks.N.catalogTemplateId` / `stacks.N.version`), more than one Networking stack
 * (`code: 'MULTIPLE_NETWORK_DRIVERS'` on the result), Network Services missing while a
 * driver is chosen, duplicate stack names, and each stack's answers (`stacks.N.answers.X`).
 */
export function checkTemplateStacks(
  stacks: TemplateStack[],
  catalog: CatalogTemplate[],
): { errors: ErrorDetail[]; multipleDrivers: boolean } {
  const errors: ErrorDetail[] = []
  const byId = new Map(catalog.map((t) => [t.id, t]))
  const seenNames = new Map<string, number>()
  const drivers: { index: number; stack: TemplateStack; template: CatalogTemplate }[] = []
  let hasNetworkServices = false

  stacks.forEach((stack, i) => {
    const at = `stacks.${i}`
    const first = seenNames.get(stack.name)
    if (first !== undefined) {
      errors.push({ path: `${at}.name`, message: `stack name ${JSON.stringify(stack.name)} is already used by stacks.${first}; stack names are unique in an environment` })
    } else {
      seenNames.set(stack.name, i)
    }

    const template = byId.get(stack.catalogTemplateId)
    if (template === undefined) {
      const known = catalog.map((t) => t.id).join(', ')
      errors.push({ path: `${at}.catalogTemplateId`, message: `unknown catalog template ${JSON.stringify(stack.catalogTemplateId)}; the catalog has: ${known || 'nothing'}` })
      return
    }
    if (template.category === 'Networking') drivers.push({ index: i, stack, template })
    if (template.category === 'Network Services') hasNetworkServices = true

    const version = versionOf(template, stack.version)
    if (version === null) {
      const known = template.versions.map((v) => v.version).join(', ')
      const shown = stack.version === null ? `default version ${JSON.stringify(template.defaultVersion)}` : `version ${JSON.stringify(stack.version)}`
      errors.push({ path: `${at}.version`, message: `${template.name} has no ${shown}; its versions are ${known || 'none'}` })
      return
    }
    for (const e of checkStackAnswers(version.questions, stack.answers ?? {})) errors.push({ path: `${at}.${e.path}`, message: e.message })
  })

  const multipleDrivers = drivers.length > 1
  if (multipleDrivers) {
    const named = drivers.map((d) => `${JSON.stringify(d.stack.name)} (${d.template.name})`).join(' and ')
    errors.push({
      path: 'stacks',
      message: `an environment takes one network driver, but stacks ${named} are ${drivers.length === 2 ? 'both' : 'all'} Networking; choose IPsec, VXLAN or none (two drivers at once broke Rancher 1.6 environments, rancher/rancher#11338)`,
    })
  }
  if (drivers.length > 0 && !hasNetworkServices) {
    errors.push({
      path: 'stacks',
      message: `Network Services is required with a network driver (${drivers[0].template.name}): its metadata, DNS and network manager are what the driver's CNI plumbing depends on`,
    })
  }
  return { errors, multipleDrivers }
}
