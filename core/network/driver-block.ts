// Finding and reading `network_driver` blocks (domain §2.1, §2.2, §3.2).
//
// The input is *rendered* compose, parsed: answers were substituted as text, so a value the
// catalog means as a boolean or an integer may arrive as YAML `true`/`1500` or as the string
// "true"/"1500" (e.g. `mtu: '${MTU}'`). Both are accepted; anything else is an error whose
// path is the snake_case YAML path under `network_driver.` (the caller prefixes the service).
import type { ErrorDetail } from '../api/errors.ts'
import { cidrOverlaps, parseCidr } from '../net/cidr.ts'
import { isIpv4 } from '../net/ipv4.ts'
import { type SubnetInput, type SubnetSpec, subnetWithDefaults } from './subnet-defaults.ts'

/** A service (or `network_drivers:` entry) carrying a network_driver block. */
export interface DriverDeclaration {
  serviceName: string
  block: Record<string, unknown>
}

/** What a network driver's `default_network` becomes: the network Paddock creates (domain §3.2). */
export interface NetworkSpec {
  driverName: string
  description: string
  /** default_network.name, falling back to the service name; usable as a network mode. */
  networkName: string
  /** `cni` when cni_config is non-empty, else `network` (cattle's rule). */
  kind: 'cni' | 'network'
  hostPorts: boolean
  dns: string[]
  dnsSearch: string[]
  subnets: SubnetSpec[]
  cniConfig: Record<string, Record<string, unknown>>
  networkMetadata: Record<string, unknown>
  /** network_metadata + default_network.metadata + { cniConfig } (later keys win). */
  metadata: Record<string, unknown>
  /** From the first cni_config file (by name, the file CNI loads first). */
  mtu: number | null
  linkMtuOverhead: number | null
}

type Obj = Record<string, unknown>
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const isUnset = (v: unknown) => v === undefined || v === null || v === ''

/** Top-level keys of a v1 compose file that are not services. */
const NOT_SERVICES = new Set(['version', 'services', 'volumes', 'networks', 'network_drivers'])

/** The service map of a parsed compose document: v2 `services:`, else (no `version`) the top level. */
function servicesOf(doc: Obj): Obj {
  if (isObject(doc.services)) return doc.services
  if (doc.version !== undefined) return {}
  const out: Obj = {}
  for (const [k, v] of Object.entries(doc)) if (!NOT_SERVICES.has(k) && !k.startsWith('.')) out[k] = v
  return out
}

/**
 * Lists the network_driver declarations of a parsed docker-compose / rancher-compose pair (v1 or v2
 * services, plus top-level `network_drivers:` entries named by their key). A later declaration for the
 * same name replaces the earlier block (rancher-compose over docker-compose), keeping its position. Never throws.
 */
export function findNetworkDrivers(dockerCompose: unknown, rancherCompose: unknown): DriverDeclaration[] {
  const found = new Map<string, Obj>()
  for (const doc of [dockerCompose, rancherCompose]) {
    if (!isObject(doc)) continue
    for (const [name, service] of Object.entries(servicesOf(doc))) {
      if (isObject(service) && isObject(service.network_driver)) found.set(name, service.network_driver)
    }
    if (isObject(doc.network_drivers)) {
      for (const [name, block] of Object.entries(doc.network_drivers)) if (isObject(block)) found.set(name, block)
    }
  }
  return [...found].map(([serviceName, block]) => ({ serviceName, block }))
}

// ─── lenient scalars ───────────────────────────────────────────────────────────────────────

/** true / "true" (any case) → true; false / "false" / unset → false (omitempty); else undefined. */
function toBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v
  if (isUnset(v)) return false
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase()
    if (t === 'true') return true
    if (t === 'false') return false
  }
  return undefined
}

/** 1500 / "1500" → 1500; unset → null; anything else → undefined. */
function toInt(v: unknown): number | null | undefined {
  if (isUnset(v)) return null
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined
  if (typeof v === 'string' && /^\s*-?[0-9]+\s*$/.test(v)) return Number(v)
  return undefined
}

/** Scalars as text (YAML may read `10` or `true` where a string was meant); unset → undefined; objects → null. */
function toText(v: unknown): string | undefined | null {
  if (isUnset(v)) return undefined
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  return null
}

/** A value for a message: JSON, cut short so a whole mapping pasted in the wrong place stays readable. */
function show(v: unknown): string {
  let text: string
  try {
    text = JSON.stringify(v) ?? String(v)
  } catch {
    text = String(v) // cycles, BigInt: never let a message throw
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

// ─── the network ───────────────────────────────────────────────────────────────────────────

const MIN_MTU = 68 // the IPv4 minimum (RFC 791)
const MAX_MTU = 65535

/**
 * Reads a declaration into the network it creates: defaults (names from the service), lenient
 * booleans/integers, subnets through subnetWithDefaults. spec is null when default_network is absent
 * or empty. Errors (paths `network_driver.…`): non-object sections, bad host_ports, dns entries that
 * are not IPv4, bad subnets or overlapping subnets, a non-integer or out-of-range mtu / linkMTUOverhead.
 */
export function buildNetworkSpec(
  decl: DriverDeclaration,
): { ok: true; spec: NetworkSpec | null } | { ok: false; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = []
  const err = (path: string, message: string) => errors.push({ path: `network_driver.${path}`, message })
  const block = isObject(decl.block) ? decl.block : {}

  /** An optional mapping; a present non-mapping is an error and reads as {}. */
  const mapping = (v: unknown, path: string): Obj => {
    if (isUnset(v)) return {}
    if (isObject(v)) return v
    err(path, `${path.split('.').pop()} must be a mapping, got ${show(v)}`)
    return {}
  }

  /** An optional scalar read as text; a mapping or list is an error and reads as unset. */
  const text = (v: unknown, path: string): string | undefined => {
    const t = toText(v)
    if (t !== null) return t
    err(path, `${path.split('.').pop()} must be text, got ${show(v)}`)
    return undefined
  }

  const driverName = text(block.name, 'name') || decl.serviceName
  const description = text(block.description, 'description') ?? ''

  // cni_config: file name → the file's JSON object.
  const cniConfig: Record<string, Obj> = {}
  for (const [file, content] of Object.entries(mapping(block.cni_config, 'cni_config'))) {
    if (isObject(content)) cniConfig[file] = content
    else err(`cni_config.${file}`, `cni_config file ${file} must be a mapping (its JSON content), got ${show(content)}`)
  }
  const networkMetadata = mapping(block.network_metadata, 'network_metadata')

  // MTU from the first file in name order — the one libcni loads, and the one renderCniFiles lists first.
  let mtu: number | null = null
  let linkMtuOverhead: number | null = null
  const firstFile = Object.keys(cniConfig).sort()[0]
  if (firstFile !== undefined) {
    const conf = cniConfig[firstFile]
    const m = toInt(conf.mtu)
    if (m === undefined) err(`cni_config.${firstFile}.mtu`, `mtu must be an integer, got ${show(conf.mtu)}`)
    else if (m !== null && (m < MIN_MTU || m > MAX_MTU)) err(`cni_config.${firstFile}.mtu`, `mtu ${m} is outside ${MIN_MTU}–${MAX_MTU}`)
    else mtu = m
    const o = toInt(conf.linkMTUOverhead)
    if (o === undefined) {
      err(`cni_config.${firstFile}.linkMTUOverhead`, `linkMTUOverhead must be an integer, got ${show(conf.linkMTUOverhead)}`)
    } else if (o !== null && o < 0) {
      err(`cni_config.${firstFile}.linkMTUOverhead`, `linkMTUOverhead ${o} must not be negative`)
    } else if (o !== null && mtu !== null && mtu - o < MIN_MTU) {
      err(`cni_config.${firstFile}.linkMTUOverhead`, `linkMTUOverhead ${o} leaves containers an MTU of ${mtu - o} (mtu ${mtu}), below ${MIN_MTU}`)
    } else linkMtuOverhead = o
  }

  const dn = mapping(block.default_network, 'default_network')
  if (Object.keys(dn).length === 0) {
    return errors.length > 0 ? { ok: false, errors } : { ok: true, spec: null }
  }

  const networkName = text(dn.name, 'default_network.name') || decl.serviceName

  const hostPorts = toBool(dn.host_ports)
  if (hostPorts === undefined) err('default_network.host_ports', `host_ports must be true or false, got ${show(dn.host_ports)}`)

  const dns: string[] = []
  for (const [i, entry] of list(dn.dns, 'default_network.dns', err)) {
    const text = toText(entry)
    if (text === undefined) continue // `- $DNS` with no answer: the renderer reports the answer
    if (text !== null && isIpv4(text.trim())) dns.push(text.trim())
    else err(`default_network.dns.${i}`, `dns entry ${show(entry)} is not an IPv4 address`)
  }
  const dnsSearch: string[] = []
  for (const [i, entry] of list(dn.dns_search, 'default_network.dns_search', err)) {
    const text = toText(entry)
    if (text === undefined) continue
    if (text !== null && text.trim() !== '' && !/\s/.test(text.trim())) dnsSearch.push(text.trim())
    else err(`default_network.dns_search.${i}`, `dns_search entry ${show(entry)} is not a domain name`)
  }

  const subnets: SubnetSpec[] = []
  const subnetPaths: string[] = []
  for (const [i, entry] of list(dn.subnets, 'default_network.subnets', err)) {
    const path = `default_network.subnets.${i}`
    if (!isObject(entry)) {
      err(path, `subnet ${i} must be a mapping with network_address, got ${show(entry)}`)
      continue
    }
    const input: SubnetInput = {}
    let usable = true
    for (const [key, field] of [
      ['network_address', 'networkAddress'],
      ['start_address', 'startAddress'],
      ['end_address', 'endAddress'],
      ['gateway', 'gateway'],
    ] as const) {
      const text = toText(entry[key])
      if (text === null) {
        err(`${path}.${key}`, `${key} must be an address, got ${show(entry[key])}`)
        usable = false
      } else if (text !== undefined) input[field] = text.trim()
    }
    const size = toInt(entry.cidr_size)
    if (size === undefined) {
      err(`${path}.cidr_size`, `cidr_size must be an integer, got ${show(entry.cidr_size)}`)
      usable = false
    } else if (size !== null) input.cidrSize = size
    if (!usable) continue

    const r = subnetWithDefaults(input, `network_driver.${path}`)
    if (!r.ok) {
      errors.push(...r.errors)
      continue
    }
    // Two subnets of one network sharing addresses would let IPAM hand out one address twice.
    const mine = parseCidr(r.subnet.cidr)
    for (const [j, other] of subnets.entries()) {
      const theirs = parseCidr(other.cidr)
      if (mine.ok && theirs.ok && cidrOverlaps(mine.cidr, theirs.cidr)) {
        err(`${path}.network_address`, `subnet ${r.subnet.cidr} overlaps ${subnetPaths[j]} (${other.cidr})`)
      }
    }
    subnets.push(r.subnet)
    subnetPaths.push(`subnets.${i}`)
  }

  const dnMetadata = mapping(dn.metadata, 'default_network.metadata')

  if (errors.length > 0) return { ok: false, errors }
  return {
    ok: true,
    spec: {
      driverName,
      description,
      networkName,
      kind: Object.keys(cniConfig).length > 0 ? 'cni' : 'network',
      hostPorts: hostPorts ?? false,
      dns,
      dnsSearch,
      subnets,
      cniConfig,
      networkMetadata,
      metadata: { ...networkMetadata, ...dnMetadata, cniConfig },
      mtu,
      linkMtuOverhead,
    },
  }
}

/** Entries of an optional list with their indexes; a present non-list is an error and reads as empty. */
function list(v: unknown, path: string, err: (path: string, message: string) => void): [number, unknown][] {
  if (isUnset(v)) return []
  if (Array.isArray(v)) return v.map((e, i) => [i, e])
  err(path, `${path.split('.').pop()} must be a list, got ${show(v)}`)
  return []
}
