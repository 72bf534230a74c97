import type { Container } from '../../../../core/api/index.ts'
import { parseFilter, type FilterTerm } from './filter-grammar.ts'
import { ipv4ToNumber, parseIpv4Cidr } from './ip.ts'

export type ContainerFilter = {
  /** The filter text, in the grammar of filter-grammar.ts. */
  text: string
  showInfrastructure: boolean
}

/** One container's fields, lower-cased once ('' where the container has none). */
type Prepared = {
  name: string
  host: string
  mode: string
  image: string
  stack: string
  network: string
  state: string
  dockerIp: string
  managedIp: string
  dockerIpNumber: number | null
  managedIpNumber: number | null
  /** What a bare word searches: name, both IPs, host, mode and image, one per line so no term spans two fields. */
  haystack: string
  labels: Map<string, string>
  problems: string[]
  native: boolean
}

// Containers are immutable cache entries, so each one is prepared once however often the text changes.
const prepared = new WeakMap<Container, Prepared>()

const lower = (value: string | null) => (value ? value.toLowerCase() : '')

function prepare(container: Container): Prepared {
  let p = prepared.get(container)
  if (p === undefined) {
    const name = lower(container.name)
    const host = lower(container.hostName)
    const mode = lower(container.networkMode)
    const image = lower(container.image)
    const dockerIp = lower(container.dockerIp)
    const managedIp = lower(container.managedIp)
    p = {
      name,
      host,
      mode,
      image,
      stack: lower(container.stackName),
      network: lower(container.networkName),
      state: container.state,
      dockerIp,
      managedIp,
      dockerIpNumber: ipv4ToNumber(dockerIp),
      managedIpNumber: ipv4ToNumber(managedIp),
      haystack: [name, dockerIp, managedIp, host, mode, image].join('\n'),
      labels: new Map(Object.entries(container.labels).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()])),
      problems: container.problems.map((problem) => problem.code),
      native: container.native,
    }
    prepared.set(container, p)
  }
  return p
}

type Matcher = (p: Prepared) => boolean

const TRUE = new Set(['true', 'yes', '1'])
const FALSE = new Set(['false', 'no', '0'])

function ipMatcher(value: string): Matcher {
  const range = value.includes('/') ? parseIpv4Cidr(value) : null
  if (range) {
    const inRange = (n: number | null) => n !== null && n >= range.first && n <= range.last
    return (p) => inRange(p.dockerIpNumber) || inRange(p.managedIpNumber)
  }
  // A plain prefix: `10.42.3.` stops at the dot, `10.42.3` also reaches 10.42.30.x.
  return (p) => p.dockerIp.startsWith(value) || p.managedIp.startsWith(value)
}

function labelMatcher(value: string): Matcher {
  const eq = value.indexOf('=')
  if (eq < 0) return (p) => p.labels.has(value)
  const key = value.slice(0, eq)
  const expected = value.slice(eq + 1)
  return (p) => p.labels.get(key) === expected
}

function problemMatcher(value: string): Matcher {
  if (value === 'any') return (p) => p.problems.length > 0
  if (value === 'none') return (p) => p.problems.length === 0
  return (p) => p.problems.some((code) => code.startsWith(value))
}

function nativeMatcher(value: string): Matcher {
  if (TRUE.has(value)) return (p) => p.native
  if (FALSE.has(value)) return (p) => !p.native
  return () => false
}

function termMatcher(term: FilterTerm): Matcher {
  const v = term.value
  if (term.kind === 'text') return (p) => p.haystack.includes(v)
  switch (term.key) {
    case 'host':
      return (p) => p.host.includes(v)
    case 'mode':
      return (p) => p.mode.startsWith(v)
    case 'ip':
      return ipMatcher(v)
    case 'state':
      return (p) => p.state === v
    case 'name':
      return (p) => p.name.includes(v)
    case 'image':
      return (p) => p.image.includes(v)
    case 'stack':
      return (p) => p.stack.includes(v)
    case 'network':
      return (p) => p.network.includes(v)
    case 'label':
      return labelMatcher(v)
    case 'problem':
      return problemMatcher(v)
    case 'native':
      return nativeMatcher(v)
  }
}

/** The filter text as one test per term (every term must pass); `null` when the text has no terms. */
function compileFilter(text: string): Matcher | null {
  const matchers = parseFilter(text).terms.map((term) => {
    const match = termMatcher(term)
    return term.negate ? (p: Prepared) => !match(p) : match
  })
  if (matchers.length === 0) return null
  return (p) => {
    for (const match of matchers) if (!match(p)) return false
    return true
  }
}

/** The containers that pass the filter, in their original order. */
export function filterContainers(containers: readonly Container[], filter: ContainerFilter): Container[] {
  const matches = compileFilter(filter.text)
  if (matches === null && filter.showInfrastructure) return containers as Container[]
  const result: Container[] = []
  for (const container of containers) {
    if (!filter.showInfrastructure && container.system) continue
    if (matches !== null && !matches(prepare(container))) continue
    result.push(container)
  }
  return result
}
