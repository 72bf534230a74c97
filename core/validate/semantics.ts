// Network semantics of one `network_driver` block (domain §1.8, §2.2, §3.5–§3.13, §5): what
// the schema cannot say. Runs after the schema walk on the same nodes; a value of the wrong
// type or one that came through an unset answer is skipped here (the schema walk or the
// placeholder warning already speaks for it), so one mistake gives one diagnostic.
import type { Pair, YAMLMap } from 'yaml'
import { type Cidr, cidrContains, cidrLast, cidrOverlaps, cidrSize, formatCidr, normalizeCidr, parseCidr } from '../net/cidr.ts'
import { formatIpv4, parseIpv4 } from '../net/ipv4.ts'
import { DEFAULT_CIDR_SIZE, MAX_CIDR_SIZE, MIN_CIDR_SIZE } from '../network/subnet-defaults.ts'
import type { DiagnosticCode } from './codes.ts'
import { asMap, asSeq, boolValue, deref, intValue, itemSpan, keySpan, pairOf, reportSpan, scalarValue, type Span, spanOf, stringValue, valueArea, type YNode } from './nodes.ts'
import type { Sink, Unit } from './report.ts'
import { show } from './schema-check.ts'

/** A `network_driver` block found in a file. */
export interface Declaration {
  unit: Unit
  /** The service (or `network_drivers` entry) it belongs to; '' for a bare block. */
  service: string
  /** The `network_driver` pair (or the `network_drivers` entry). */
  pair: Pair
  block: YAMLMap
  /** Dotted path of the block. */
  path: string
}

export interface SemanticContext {
  hostNetworks: Cidr[]
}

// ─── address space facts ───────────────────────────────────────────────────────────────────

const cidr = (text: string): Cidr => {
  const r = parseCidr(text)
  if (!r.ok) throw new Error(text) // constants below; never reached
  return r.cidr
}
/** docker0's default network: containers keep an address on it beside the managed one (§3.7). */
const DOCKER_BRIDGE = cidr('172.17.0.0/16')
/** The metadata and DNS address every host routes to docker0 (§3.11). */
const METADATA_IP = parseIpv4('169.254.169.250')!
const LINK_LOCAL = cidr('169.254.0.0/16')
/** Blocks no container address may come from: "this network", loopback, multicast, reserved. */
const UNUSABLE: [Cidr, string][] = [
  [cidr('0.0.0.0/8'), '"this network" (0.0.0.0/8)'],
  [cidr('127.0.0.0/8'), 'loopback (127.0.0.0/8)'],
  [cidr('224.0.0.0/4'), 'multicast (224.0.0.0/4)'],
  [cidr('240.0.0.0/4'), 'reserved (240.0.0.0/4)'],
]
/**
 * Ranges that are not routed on the internet, so an overlay may use them without shadowing
 * real destinations: RFC 1918, shared address space (RFC 6598) and the benchmarking block.
 */
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '198.18.0.0/15'].map(cidr)

/**
 * MTU bounds. 68 is the smallest MTU an IPv4 link may have (RFC 791): below it the bridge
 * refuses the setting. 9000 is the usual jumbo-frame ceiling of host NICs and cloud networks.
 * The effective (container) MTU gets an error below 68 — eth0 cannot be configured — and a
 * warning below 1280, the IPv6 minimum (RFC 8200): IPv6 inside containers stops working and
 * many UDP protocols (DNS with EDNS, QUIC, IPsec/VXLAN nested in the overlay) fragment or fail.
 */
const MTU_MIN = 68
const MTU_MAX = 9000
const EFFECTIVE_MTU_WARN = 1280
/** rancher-bridge's MTU when the file sets none. */
const DEFAULT_MTU = 1500
/** Encapsulation each overlay adds (§3.13): ESP in UDP for IPsec, VXLAN's 50-byte header. */
const OVERHEADS: [RegExp, string, number][] = [
  [/ipsec/i, 'IPsec', 98],
  [/vxlan/i, 'VXLAN', 50],
]
const RESERVED_MODES = new Set(['host', 'bridge', 'none', 'default', 'container', 'managed'])
const IPAM_TYPES = ['rancher-cni-ipam', 'rancher-host-local-ipam', 'rancher-flat-ipam']
/** IPAM plugins that hand out the address cattle allocated from the network's subnets. */
const CATTLE_IPAM = new Set(['rancher-cni-ipam', 'rancher-flat-ipam'])
// A search domain: dot-separated labels of letters, digits, '-' and '_' (not at a label's
// ends), at most 63 characters each and 253 in all; one trailing dot allowed.
const LABEL = '[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?'
const DOMAIN = new RegExp(`^${LABEL}(?:\\.${LABEL})*\\.?$`)
// Linux interface names: IFNAMSIZ is 16 with the terminating NUL; '/' and whitespace are
// refused by the kernel, ':' marks an alias.
const IFNAME = /^[^/:\s]{1,15}$/

// ─── values ────────────────────────────────────────────────────────────────────────────────

/** A set value of a mapping that came from the operator (not through an unset or invalid answer): what checks read. */
interface Field {
  pair: Pair
  node: YNode
  path: string
  /** Where to report about the value. */
  span: Span
}

class Checker {
  constructor(
    readonly unit: Unit,
    readonly sink: Sink,
  ) {}

  /** The field when present, set and not tainted. */
  field(map: YNode, key: string, path: string): Field | undefined {
    const pair = pairOf(map, key)
    if (pair === undefined) return undefined
    const node = deref(this.unit.doc, pair.value as YNode)
    const v = scalarValue(node)
    if (v === null || v === '') return undefined
    if (v !== undefined && this.sink.tainted(this.unit, valueArea(pair))) return undefined
    return { pair, node, path: `${path}.${key}`, span: reportSpan(pair, this.unit.rendered) }
  }

  /** True when a key is written but its value came through an unset or invalid answer. */
  unknown(map: YNode, key: string): boolean {
    const pair = pairOf(map, key)
    return pair !== undefined && this.sink.tainted(this.unit, valueArea(pair))
  }

  report(code: DiagnosticCode, message: string, path: string, span: Span): void {
    this.sink.at(this.unit, code, message, path, span)
  }

  line(span: Span): number {
    return this.sink.lineOf(this.unit, span[0])
  }
}

/** A subnet as far as it could be read. */
interface SubnetInfo {
  block: Cidr
  field: Field
}

// ─── the block ─────────────────────────────────────────────────────────────────────────────

/** Runs the network checks of one declaration; problems go to the sink. */
export function checkDriver(decl: Declaration, sink: Sink, ctx: SemanticContext): void {
  const c = new Checker(decl.unit, sink)
  const doc = decl.unit.doc
  const block = decl.block
  const path = decl.path

  const dnPair = pairOf(block, 'default_network')
  const dn = asMap(doc, dnPair?.value as YNode)
  const cniPair = pairOf(block, 'cni_config')
  const cni = asMap(doc, cniPair?.value as YNode)

  // A driver's name and network name tell which overlay it is, hence its overhead.
  const names = [stringValue(c.field(block, 'name', path)?.node), stringValue(c.field(dn, 'name', `${path}.default_network`)?.node), decl.service]
  const overlay = OVERHEADS.find(([re]) => names.some((n) => n !== undefined && re.test(n)))

  let subnets: SubnetInfo[] = []
  let subnetsUnknown = false
  if (dn === undefined || dn.items.length === 0) {
    if (!(dnPair !== undefined && c.unknown(block, 'default_network'))) {
      c.report(
        'NO_DEFAULT_NETWORK',
        'the driver has no default_network: no network is created, and containers in network mode managed fail with "Failed to find network for networkMode managed"',
        dnPair ? `${path}.default_network` : path,
        dnPair ? keySpan(dnPair) : keySpan(decl.pair),
      )
    }
  } else {
    const r = checkDefaultNetwork(c, dn, keySpan(dnPair!), `${path}.default_network`, ctx)
    subnets = r.subnets
    subnetsUnknown = r.unknown
  }

  const files = cni === undefined ? [] : (cni.items as Pair[])
  if (files.length === 0 && dn !== undefined && dn.items.length > 0 && !(cniPair !== undefined && c.unknown(block, 'cni_config'))) {
    c.report(
      'CNI_CONFIG_MISSING',
      'the driver has a default network but no cni_config: the network is not a CNI network, hosts receive no CNI config and containers get no address',
      cniPair ? `${path}.cni_config` : path,
      cniPair ? keySpan(cniPair) : keySpan(decl.pair),
    )
  }

  const ipamTypes: string[] = []
  for (const filePair of files) {
    const name = scalarValue(filePair.key as YNode)
    const fileName = name === null || name === undefined ? '' : String(name)
    const filePath = `${path}.cni_config.${fileName}`
    checkFileName(c, fileName, filePath, keySpan(filePair))
    const conf = asMap(doc, filePair.value as YNode)
    if (conf === undefined) continue
    if (fileName.endsWith('.conflist')) {
      const plugins = asSeq(doc, pairOf(conf, 'plugins')?.value as YNode)
      plugins?.items.forEach((item, i) => {
        const p = asMap(doc, item as YNode)
        if (p === undefined) return
        checkPlugin(c, p, `${filePath}.plugins.${i}`, i === 0, { subnets, subnetsUnknown, overlay, ipamTypes })
      })
    } else {
      checkPlugin(c, conf, filePath, true, { subnets, subnetsUnknown, overlay, ipamTypes })
    }
  }

  // No subnets: cattle allocates nothing, and an IPAM that waits for cattle's address times out.
  if (dn !== undefined && dn.items.length > 0 && subnets.length === 0 && !subnetsUnknown && ipamTypes.some((t) => CATTLE_IPAM.has(t))) {
    const sp = pairOf(dn, 'subnets')
    const items = asSeq(doc, sp?.value as YNode)
    if (items === undefined || items.items.length === 0) {
      c.report(
        'NO_SUBNETS',
        'default_network has no subnets: cattle allocates no managed IPs and the IPAM plugin fails with "Timeout getting IP address"',
        `${path}.default_network${sp ? '.subnets' : ''}`,
        sp ? keySpan(sp) : keySpan(dnPair!),
      )
    }
  }
}

// ─── default_network ───────────────────────────────────────────────────────────────────────

function checkDefaultNetwork(c: Checker, dn: YAMLMap, dnKey: Span, path: string, ctx: SemanticContext): { subnets: SubnetInfo[]; unknown: boolean } {
  const name = c.field(dn, 'name', path)
  const nameText = stringValue(name?.node)
  if (name !== undefined && nameText !== undefined && (RESERVED_MODES.has(nameText) || nameText.startsWith('container:'))) {
    c.report(
      'NETWORK_NAME_RESERVED',
      `network name ${show(nameText)} is a built-in network mode: a service asking for it would get that mode, never this network`,
      name.path,
      name.span,
    )
  }

  // Subnets.
  const subnets: SubnetInfo[] = []
  let unknown = false
  const seq = asSeq(c.unit.doc, pairOf(dn, 'subnets')?.value as YNode)
  seq?.items.forEach((item, i) => {
    const entry = asMap(c.unit.doc, item as YNode)
    if (entry === undefined) return
    const r = checkSubnet(c, entry, `${path}.subnets.${i}`, subnets, ctx)
    if (r === 'unknown') unknown = true
    else if (r !== null) subnets.push(r)
  })

  checkDns(c, dn, dnKey, path)
  return { subnets, unknown }
}

/** Checks one subnet entry; returns its block, null when it has none, 'unknown' when it came through an unset answer. */
function checkSubnet(c: Checker, entry: YAMLMap, path: string, earlier: SubnetInfo[], ctx: SemanticContext): SubnetInfo | null | 'unknown' {
  if (c.unknown(entry, 'network_address')) return 'unknown'
  const na = c.field(entry, 'network_address', path)
  const text = stringValue(na?.node)
  if (na === undefined || text === undefined) return null // absent, empty or not text: the schema walk reported it

  const sizeUnknown = c.unknown(entry, 'cidr_size')
  const sizeField = c.field(entry, 'cidr_size', path)
  const size = intValue(sizeField?.node)

  let block: Cidr | null = null
  if (text.includes('/')) {
    const r = parseCidr(text, { minPrefix: MIN_CIDR_SIZE, maxPrefix: MAX_CIDR_SIZE })
    if (!r.ok) {
      c.report(r.error.code, `network_address ${text}: ${r.error.message}${r.error.code === 'CIDR_PREFIX_RANGE' ? ' (cattle accepts /8 to /28)' : ''}`, na.path, na.span)
      return null
    }
    block = r.cidr
    if (sizeField !== undefined && size !== undefined && size !== block.prefix) {
      c.report('CIDR_SIZE_IGNORED', `cidr_size ${size} is ignored: the /${block.prefix} of network_address ${text} wins`, sizeField.path, sizeField.span)
    }
  } else {
    if (sizeUnknown) return 'unknown'
    const address = parseIpv4(text)
    if (address === null) {
      c.report('CIDR_SYNTAX', `network_address ${show(text)} is not an IPv4 address or CIDR block (e.g. 10.42.0.0/16)`, na.path, na.span)
      return null
    }
    const prefix = size ?? DEFAULT_CIDR_SIZE
    if (prefix < MIN_CIDR_SIZE || prefix > MAX_CIDR_SIZE) {
      if (sizeField !== undefined) c.report('CIDR_PREFIX_RANGE', `cidr_size ${prefix} is outside ${MIN_CIDR_SIZE}–${MAX_CIDR_SIZE}`, sizeField.path, sizeField.span)
      return null
    }
    const r = parseCidr(`${text}/${prefix}`)
    if (!r.ok) {
      c.report(r.error.code, `network_address ${text} with cidr_size ${prefix}: ${r.error.message}`, na.path, na.span)
      return null
    }
    block = r.cidr
  }
  const shown = formatCidr(block)

  // Where the block sits in the address space.
  for (const other of earlier) {
    if (cidrOverlaps(block, other.block)) {
      c.report('SUBNET_OVERLAP', `subnet ${shown} overlaps the subnet ${formatCidr(other.block)} at line ${c.line(other.field.span)}; IPAM could hand out one address twice`, na.path, na.span)
    }
  }
  const unusable = UNUSABLE.find(([b]) => cidrOverlaps(block, b))
  if (unusable !== undefined) {
    c.report('SUBNET_RESERVED', `subnet ${shown} overlaps the ${unusable[1]} range, which containers cannot use`, na.path, na.span)
  } else if (cidrContains(block, METADATA_IP)) {
    c.report('SUBNET_METADATA', `subnet ${shown} contains the metadata and DNS address 169.254.169.250 that every container must reach`, na.path, na.span)
  } else if (cidrOverlaps(block, LINK_LOCAL)) {
    c.report('SUBNET_RESERVED', `subnet ${shown} overlaps the link-local range 169.254.0.0/16 (metadata, service VIPs 169.254.64.0/18)`, na.path, na.span)
  } else if (cidrOverlaps(block, DOCKER_BRIDGE)) {
    c.report(
      'SUBNET_DOCKER_BRIDGE',
      `subnet ${shown} overlaps the Docker bridge network 172.17.0.0/16: containers also have a docker0 address, and the two would be routed the same way`,
      na.path,
      na.span,
    )
  } else if (!PRIVATE.some((p) => cidrContains(p, block.network) && cidrContains(p, cidrLast(block)))) {
    c.report('SUBNET_PUBLIC', `subnet ${shown} is not a private range (10/8, 172.16/12, 192.168/16, 100.64/10): containers could not reach real hosts with these addresses`, na.path, na.span)
  }
  for (const host of ctx.hostNetworks) {
    if (cidrOverlaps(block, host)) {
      c.report('SUBNET_HOST_NETWORK', `subnet ${shown} overlaps the host network ${formatCidr(host)}: containers could not reach hosts in it (choose another SUBNET)`, na.path, na.span)
    }
  }

  // The allocation range and the gateway (defaults: §1.8).
  const size2 = cidrSize(block)
  const last = cidrLast(block)
  const addr = (key: 'start_address' | 'end_address' | 'gateway'): { value: number; field: Field } | undefined | null => {
    if (c.unknown(entry, key)) return null
    const f = c.field(entry, key, path)
    const t = stringValue(f?.node)
    if (f === undefined || t === undefined) return undefined
    const ip = parseIpv4(t.trim())
    if (ip === null) {
      c.report('IP_SYNTAX', `${key} ${show(t)} is not an IPv4 address`, f.path, f.span)
      return null
    }
    if (!cidrContains(block, ip)) {
      c.report('ADDRESS_OUTSIDE_SUBNET', `${key} ${t} is outside the subnet ${shown}`, f.path, f.span)
      return null
    }
    if (ip === block.network || ip === last) {
      c.report('ADDRESS_RESERVED', `${key} ${t} is the ${ip === block.network ? 'network' : 'broadcast'} address of ${shown}`, f.path, f.span)
      return null
    }
    return { value: ip, field: f }
  }
  const start = addr('start_address')
  const end = addr('end_address')
  addr('gateway')
  if (start !== null && end !== null) {
    const s = start?.value ?? block.network + 2
    const e = end?.value ?? block.network + size2 - 6
    if (s > e) {
      const at = start ?? end!
      c.report(
        'RANGE_ORDER',
        `start_address ${formatIpv4(s)}${start ? '' : ' (default)'} is after end_address ${formatIpv4(e)}${end ? '' : ' (default)'}: no address could be allocated`,
        at.field.path,
        at.field.span,
      )
    }
  }
  return { block, field: na }
}

function checkDns(c: Checker, dn: YAMLMap, dnKey: Span, path: string): void {
  const doc = c.unit.doc
  const dnsPair = pairOf(dn, 'dns')
  const dns = asSeq(doc, dnsPair?.value as YNode)
  let hasMetadata = false
  let anyUnknown = dnsPair !== undefined && c.unknown(dn, 'dns') && dns === undefined
  dns?.items.forEach((item, i) => {
    const node = deref(doc, item as YNode)
    const v = stringValue(node)
    const s = spanOf(node)
    if (c.sink.tainted(c.unit, [s[0], s[1]])) {
      anyUnknown = true
      return
    }
    if (v === undefined) return
    const ip = parseIpv4(v.trim())
    if (ip === null) c.report('DNS_INVALID', `dns server ${show(v)} is not an IPv4 address`, `${path}.dns.${i}`, itemSpan(node, c.unit.rendered))
    else if (ip === METADATA_IP) hasMetadata = true
  })
  // dns written but not a list: WRONG_TYPE already says so.
  if (!hasMetadata && !anyUnknown && (dnsPair === undefined || dns !== undefined || scalarValue(deref(doc, dnsPair.value as YNode)) === null)) {
    c.report(
      'DNS_NO_METADATA',
      dnsPair
        ? 'dns does not list 169.254.169.250: containers would not resolve *.rancher.internal (service discovery) through Rancher DNS'
        : 'default_network sets no dns; add 169.254.169.250 so containers resolve *.rancher.internal through Rancher DNS',
      dnsPair ? `${path}.dns` : path,
      dnsPair ? keySpan(dnsPair) : dnKey,
    )
  }

  const search = asSeq(doc, pairOf(dn, 'dns_search')?.value as YNode)
  search?.items.forEach((item, i) => {
    const node = deref(doc, item as YNode)
    const v = stringValue(node)
    const s = spanOf(node)
    if (v === undefined || c.sink.tainted(c.unit, [s[0], s[1]])) return
    if (!DOMAIN.test(v) || v.length > 253) {
      c.report('DNS_SEARCH_INVALID', `search domain ${show(v)} is not a domain name (letters, digits and - in dot-separated labels)`, `${path}.dns_search.${i}`, itemSpan(node, c.unit.rendered))
    }
  })
}

// ─── cni_config ────────────────────────────────────────────────────────────────────────────

function checkFileName(c: Checker, name: string, path: string, span: Span): void {
  // The cni-driver writes each entry as a file in <network>.d and libcni loads *.conf /
  // *.conflist from there: a path, a hidden name or another extension is never loaded.
  if (/[/\\]/.test(name) || name.startsWith('.') || !/\.(conf|conflist)$/.test(name) || /\s/.test(name)) {
    const why = /[/\\]/.test(name)
      ? 'contains a path separator'
      : name.startsWith('.')
        ? 'is a hidden file'
        : /\s/.test(name)
          ? 'contains whitespace'
          : 'does not end in .conf or .conflist'
    c.report('CNI_FILE_NAME', `cni_config file name ${show(name)} ${why}: libcni would not load it (use e.g. 10-rancher.conf)`, path, span)
  }
}

interface NetworkFacts {
  subnets: SubnetInfo[]
  subnetsUnknown: boolean
  overlay: [RegExp, string, number] | undefined
  /** Collected: IPAM types in use. */
  ipamTypes: string[]
}

/** Checks one plugin configuration (a .conf file, or an entry of a .conflist). */
function checkPlugin(c: Checker, conf: YAMLMap, path: string, first: boolean, facts: NetworkFacts): void {
  const doc = c.unit.doc
  const type = c.field(conf, 'type', path)
  const typeText = stringValue(type?.node)
  if (c.unknown(conf, 'type')) return
  if (type !== undefined && typeText !== undefined && typeText !== 'rancher-bridge') {
    if (first) {
      c.report(
        'CNI_PLUGIN_TYPE',
        `CNI plugin type ${show(typeText)} is not rancher-bridge, the only plugin the cni-driver installs on hosts; its settings are not checked`,
        type.path,
        type.span,
      )
    }
    return
  }

  // bridge
  const bridge = c.field(conf, 'bridge', path)
  const bridgeText = stringValue(bridge?.node)
  if (bridge !== undefined && bridgeText !== undefined && !isHostLabel(bridgeText) && !IFNAME.test(bridgeText)) {
    c.report(
      'BRIDGE_NAME',
      `bridge ${show(bridgeText)} is not a Linux interface name (${bridgeText.length > 15 ? `${bridgeText.length} characters, at most 15` : 'no /, : or whitespace'})`,
      bridge.path,
      bridge.span,
    )
  }

  // bridgeSubnet must be the network's subnet: the bridge takes its network+1, the containers' gateway.
  const bs = c.field(conf, 'bridgeSubnet', path)
  const bsText = stringValue(bs?.node)
  let bridgeBlock: Cidr | null = null
  if (bs !== undefined && bsText !== undefined && !isHostLabel(bsText)) {
    const r = parseCidr(bsText.trim())
    if (!r.ok) c.report(r.error.code, `bridgeSubnet ${bsText}: ${r.error.message}`, bs.path, bs.span)
    else {
      bridgeBlock = r.cidr
      if (facts.subnets.length > 0 && !facts.subnets.some((s) => s.block.network === r.cidr.network && s.block.prefix === r.cidr.prefix)) {
        const first = facts.subnets[0]
        c.report(
          'BRIDGE_SUBNET_MISMATCH',
          `bridgeSubnet ${formatCidr(r.cidr)} differs from the default network's subnet ${formatCidr(first.block)} (line ${c.line(first.field.span)}): the bridge would get the wrong gateway address`,
          bs.path,
          bs.span,
        )
      }
    }
  }
  const hostNat = c.field(conf, 'hostNat', path)
  if (hostNat !== undefined && boolValue(hostNat.node) === true && pairOf(conf, 'bridgeSubnet') === undefined) {
    c.report('HOST_NAT_NO_SUBNET', 'hostNat is true but bridgeSubnet is not set: network-manager writes NAT rules only for a bridgeSubnet, so containers get no outbound access', hostNat.path, hostNat.span)
  }

  // bridgeIP inside bridgeSubnet.
  const bip = c.field(conf, 'bridgeIP', path)
  const bipText = stringValue(bip?.node)
  if (bip !== undefined && bipText !== undefined && !isHostLabel(bipText)) {
    const ip = parseIpv4(bipText.trim())
    if (ip === null) c.report('IP_SYNTAX', `bridgeIP ${show(bipText)} is not an IPv4 address`, bip.path, bip.span)
    else if (bridgeBlock !== null && !cidrContains(bridgeBlock, ip)) {
      c.report('ADDRESS_OUTSIDE_SUBNET', `bridgeIP ${bipText} is outside bridgeSubnet ${formatCidr(bridgeBlock)}`, bip.path, bip.span)
    }
  }

  checkMtu(c, conf, path, facts)

  // hairpin + promiscuous: rancher-bridge refuses the pair (a frame would come back to its sender).
  const hairpin = c.field(conf, 'hairpinMode', path)
  const promisc = c.field(conf, 'promiscMode', path)
  if (hairpin !== undefined && promisc !== undefined && boolValue(hairpin.node) === true && boolValue(promisc.node) === true) {
    c.report(
      'HAIRPIN_PROMISC',
      `hairpinMode and promiscMode (line ${c.line(promisc.span)}) are both true; rancher-bridge refuses the combination — turn one off (RANCHER_HAIRPIN_MODE / RANCHER_PROMISCUOUS_MODE)`,
      hairpin.path,
      hairpin.span,
    )
  }

  // ipam
  if (c.unknown(conf, 'ipam')) return
  const ipamPair = pairOf(conf, 'ipam')
  const ipam = asMap(doc, ipamPair?.value as YNode)
  if (ipam === undefined) return
  const ipamPath = `${path}.ipam`
  if (c.unknown(ipam, 'type')) return
  const it = c.field(ipam, 'type', ipamPath)
  const itText = stringValue(it?.node)
  if (it === undefined || itText === undefined) return
  facts.ipamTypes.push(itText)
  if (!IPAM_TYPES.includes(itText)) {
    c.report('CNI_IPAM_TYPE', `IPAM type ${show(itText)} is not one of ${IPAM_TYPES.join(', ')}; its settings are not checked`, it.path, it.span)
    return
  }
  checkRoutes(c, ipam, ipamPath)
  if (itText === 'rancher-cni-ipam') checkPrefixSize(c, ipam, ipamPair!, ipamPath, facts)
  if (itText === 'rancher-host-local-ipam') checkHostLocal(c, ipam, ipamPath)
}

function checkMtu(c: Checker, conf: YAMLMap, path: string, facts: NetworkFacts): void {
  if (c.unknown(conf, 'mtu') || c.unknown(conf, 'linkMTUOverhead')) return
  const mtuField = c.field(conf, 'mtu', path)
  const mtu = intValue(mtuField?.node)
  if (mtuField !== undefined && mtu !== undefined && (mtu < MTU_MIN || mtu > MTU_MAX)) {
    c.report('MTU_RANGE', `mtu ${mtu} is outside ${MTU_MIN}–${MTU_MAX}`, mtuField.path, mtuField.span)
    return
  }
  if (mtuField !== undefined && mtu === undefined) return // not an integer: reported by the schema walk
  const ovField = c.field(conf, 'linkMTUOverhead', path)
  const overhead = intValue(ovField?.node)
  if (ovField === undefined || overhead === undefined) return
  const expected = facts.overlay?.[2] ?? 0
  if (overhead < expected || overhead < 0) {
    c.report(
      'MTU_OVERHEAD_LOW',
      overhead < 0
        ? `linkMTUOverhead ${overhead} is negative: containers would get an MTU above the bridge's`
        : `linkMTUOverhead ${overhead} is below the ${facts.overlay![1]} encapsulation overhead of ${expected} bytes: full-size container packets would not fit the tunnel`,
      ovField.path,
      ovField.span,
    )
    return
  }
  const base = mtu ?? DEFAULT_MTU
  const effective = base - overhead
  const from = `mtu ${base}${mtu === undefined ? ' (default)' : ''} − linkMTUOverhead ${overhead}`
  if (effective < MTU_MIN) {
    c.report('MTU_EFFECTIVE_TOO_LOW', `containers would get an MTU of ${effective} (${from}), below the IPv4 minimum of ${MTU_MIN}`, ovField.path, ovField.span)
  } else if (effective < EFFECTIVE_MTU_WARN) {
    c.report(
      'MTU_EFFECTIVE_LOW',
      `containers would get an MTU of ${effective} (${from}), below ${EFFECTIVE_MTU_WARN}: IPv6 and many UDP protocols break at that size`,
      ovField.path,
      ovField.span,
    )
  }
}

/** rancher-cni-ipam appends subnetPrefixSize (default /16) to the address cattle chose: it must be the subnet's prefix. */
function checkPrefixSize(c: Checker, ipam: YAMLMap, ipamPair: Pair, path: string, facts: NetworkFacts): void {
  if (facts.subnets.length === 0 || facts.subnetsUnknown || c.unknown(ipam, 'subnetPrefixSize')) return
  const f = c.field(ipam, 'subnetPrefixSize', path)
  const text = stringValue(f?.node)
  if (f !== undefined && (text === undefined || !/^\/([0-9]|[12][0-9]|3[0-2])$/.test(text))) return // format: the schema walk
  const prefix = text === undefined ? 16 : Number(text.slice(1))
  const subnet = facts.subnets[0].block
  if (prefix !== subnet.prefix) {
    const message =
      f === undefined
        ? `ipam has no subnetPrefixSize, so rancher-cni-ipam gives containers /16 addresses, but the subnet is ${formatCidr(subnet)}: set subnetPrefixSize: /${subnet.prefix}`
        : `subnetPrefixSize ${text} differs from the /${subnet.prefix} of the subnet ${formatCidr(subnet)}: containers would get addresses with the wrong prefix`
    c.report('SUBNET_PREFIX_MISMATCH', message, f?.path ?? path, f?.span ?? keySpan(ipamPair))
  }
}

function checkRoutes(c: Checker, ipam: YAMLMap, path: string): void {
  const doc = c.unit.doc
  const routes = asSeq(doc, pairOf(ipam, 'routes')?.value as YNode)
  routes?.items.forEach((item, i) => {
    const route = asMap(doc, item as YNode)
    if (route === undefined) return
    const rp = `${path}.routes.${i}`
    const dst = c.field(route, 'dst', rp)
    const dstText = stringValue(dst?.node)
    if (dst !== undefined && dstText !== undefined) {
      const r = parseCidr(dstText.trim())
      if (!r.ok) c.report(r.error.code, `route dst ${dstText}: ${r.error.message}`, dst.path, dst.span)
    }
    const gw = c.field(route, 'gw', rp)
    const gwText = stringValue(gw?.node)
    if (gw !== undefined && gwText !== undefined && parseIpv4(gwText.trim()) === null) {
      c.report('IP_SYNTAX', `route gw ${show(gwText)} is not an IPv4 address`, gw.path, gw.span)
    }
  })
}

/** rancher-host-local-ipam: its own subnet, range inside it and ordered (values given per host are skipped). */
function checkHostLocal(c: Checker, ipam: YAMLMap, path: string): void {
  const sub = c.field(ipam, 'subnet', path)
  const subText = stringValue(sub?.node)
  let block: Cidr | null = null
  if (sub !== undefined && subText !== undefined && !isHostLabel(subText)) {
    const r = parseCidr(subText.trim())
    if (!r.ok) c.report(r.error.code, `ipam subnet ${subText}: ${r.error.message}`, sub.path, sub.span)
    else block = r.cidr
  }
  const ip = (key: string): number | undefined => {
    const f = c.field(ipam, key, path)
    const t = stringValue(f?.node)
    if (f === undefined || t === undefined || isHostLabel(t)) return undefined
    const v = parseIpv4(t.trim())
    if (v === null) {
      c.report('IP_SYNTAX', `${key} ${show(t)} is not an IPv4 address`, f.path, f.span)
      return undefined
    }
    if (block !== null && !cidrContains(block, v)) {
      c.report('ADDRESS_OUTSIDE_SUBNET', `${key} ${t} is outside the ipam subnet ${formatCidr(block)}`, f.path, f.span)
      return undefined
    }
    return v
  }
  const start = ip('rangeStart')
  const end = ip('rangeEnd')
  ip('gateway')
  if (start !== undefined && end !== undefined && start > end) {
    const f = c.field(ipam, 'rangeStart', path)!
    c.report('RANGE_ORDER', `rangeStart ${formatIpv4(start)} is after rangeEnd ${formatIpv4(end)}`, f.path, f.span)
  }
}

/** The string form of a per-host value (`__host_label__: <label>`); the mapping form never reaches here as text. */
function isHostLabel(text: string): boolean {
  return /^\s*__host_label__\s*:/.test(text)
}

/** Parses host interface networks given as context (`192.168.1.10/24` counts as its network); unusable entries are skipped. */
export function hostNetworksOf(list: readonly string[] | undefined): Cidr[] {
  const out: Cidr[] = []
  for (const text of list ?? []) {
    const n = normalizeCidr(text.trim())
    if (n === null) continue
    const r = parseCidr(n)
    if (r.ok && r.cidr.prefix > 0) out.push(r.cidr)
  }
  return out
}
