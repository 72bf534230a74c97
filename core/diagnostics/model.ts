// The findings engine's view of a snapshot (see snapshot.ts): read() turns whatever JSON it is
// given into clean values with lookup maps and which hosts are live, never throwing; the
// helpers below answer the questions several checks ask of it.
//
// One exception to "clean values": a host's peer results and port checks stay the lists the
// snapshot holds. At 1,000 hosts they are ~4 million entries; copying each into a new object
// here cost most of the engine's time (mostly in GC), while the pair checks only need the
// few that fail. peer-results.ts reads those lists entry by entry, with the same rules the
// copy used, and builds clean values only for what a finding shows.
import { formatCidr, parseCidr, prefixMask, type Cidr } from '../net/cidr.ts'
import { parseIpv4 } from '../net/ipv4.ts'
import type { Subject } from './checks.ts'
import type {
  SnapshotAllocation,
  SnapshotContainer,
  SnapshotHost,
  SnapshotInterface,
  SnapshotLingeringContainer,
  SnapshotNetwork,
  SnapshotNetworkDriver,
  SnapshotService,
  SnapshotStack,
} from './snapshot.ts'

const NETWORK_SERVICES = 'network-services'

/** An address with its prefix as an agent reported it (`192.168.50.11/24`), host bits kept. */
export interface InterfaceAddress {
  iface: string
  text: string
  ip: number
  block: Cidr
}

/** A host's latest report, its peer and port lists as reported (see the file comment). */
export interface ReportFacts {
  receivedAt: string
  metadataReloadMs: number | null
  /** SnapshotPeerResult-like entries, unread: peer-results.ts reads them. */
  peers: readonly unknown[]
  /** SnapshotPortCheck-like entries, unread: peer-results.ts reads them. */
  ports: readonly unknown[]
}

/** A host as the checks see it: registration facts clean, the report as ReportFacts. */
export interface HostRecord extends Omit<SnapshotHost, 'report'> {
  report: ReportFacts | null
}

export interface HostFacts {
  host: HostRecord
  ip: number | null
  addresses: InterfaceAddress[]
  /** Active and heard from recently: its reports describe the present. */
  live: boolean
  silentForMs: number | null
}

export interface SubnetFacts {
  text: string
  block: Cidr
  gateway: number | null
  start: number | null
  end: number | null
  startText: string
  endText: string
}

export interface Model {
  env: { id: string; name: string }
  now: number | null
  hostDisconnectMs: number | null
  network: SnapshotNetwork | null
  subnets: SubnetFacts[]
  drivers: SnapshotNetworkDriver[]
  stacks: SnapshotStack[]
  driverStack: SnapshotStack | null
  hosts: HostFacts[]
  hostById: Map<string, HostFacts>
  /** A host id → its position in `hosts` (for an id given twice, the last one, as hostById). */
  hostIndex: Map<string, number>
  containers: SnapshotContainer[]
  containerById: Map<string, SnapshotContainer>
  containersByHost: Map<string, SnapshotContainer[]>
  /** Every allocation of the environment; null when the snapshot does not say (older snapshots). */
  allocations: SnapshotAllocation[] | null
  /** Removed containers a host still reports (never a confirmed removal). */
  lingering: SnapshotLingeringContainer[]
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const text = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback)
const textOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null)
const numberOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)
const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string')
function labels(v: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (isObject(v)) for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x
  return out
}

/** `10.42.0.9/16` or `10.42.0.9` → the address; null when it is neither. */
export function addressOf(value: string): number | null {
  const slash = value.indexOf('/')
  return parseIpv4(slash < 0 ? value : value.slice(0, slash))
}

/** `192.168.50.11/24` → address and the block it sits in; null when unparsable. */
function interfaceAddress(iface: string, value: string): InterfaceAddress | null {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(value)
  if (!m) return null
  const ip = parseIpv4(m[1])
  const prefix = Number(m[2])
  if (ip === null || prefix > 32) return null
  return { iface, text: value, ip, block: { network: (ip & prefixMask(prefix)) >>> 0, prefix } }
}

function readNetwork(v: unknown): SnapshotNetwork | null {
  if (!isObject(v)) return null
  const overlay = v.overlay === 'ipsec' || v.overlay === 'vxlan' ? v.overlay : 'none'
  return {
    id: text(v.id),
    name: text(v.name),
    state: text(v.state, 'active'),
    networkDriverId: textOrNull(v.networkDriverId),
    overlay,
    tunnelPorts: list(v.tunnelPorts).filter((p): p is number => typeof p === 'number'),
    subnets: list(v.subnets).filter(isObject).map((s) => ({
      cidr: text(s.cidr),
      gateway: text(s.gateway),
      startAddress: text(s.startAddress),
      endAddress: text(s.endAddress),
    })),
    mtu: numberOrNull(v.mtu),
    linkMtuOverhead: numberOrNull(v.linkMtuOverhead),
    dns: strings(v.dns),
    dnsSearch: strings(v.dnsSearch),
  }
}

function readReport(v: unknown): ReportFacts | null {
  if (!isObject(v)) return null
  return { receivedAt: text(v.receivedAt), metadataReloadMs: numberOrNull(v.metadataReloadMs), peers: list(v.peers), ports: list(v.ports) }
}

function readHost(v: Record<string, unknown>): HostRecord {
  return {
    id: text(v.id),
    name: text(v.name, text(v.id)),
    agentIp: text(v.agentIp).trim(),
    state: text(v.state),
    interfaces: list(v.interfaces)
      .filter(isObject)
      .map((i): SnapshotInterface => ({ name: text(i.name), cidrs: strings(i.cidrs), mtu: numberOrNull(i.mtu) })),
    labels: labels(v.labels),
    mtu: numberOrNull(v.mtu),
    lastHeartbeatAt: textOrNull(v.lastHeartbeatAt),
    routerIp: textOrNull(v.routerIp),
    report: readReport(v.report),
  }
}

function readContainer(v: Record<string, unknown>): SnapshotContainer {
  return {
    id: text(v.id),
    name: text(v.name, text(v.id)),
    hostId: textOrNull(v.hostId),
    state: text(v.state),
    networkMode: text(v.networkMode),
    networkId: textOrNull(v.networkId),
    networkContainerId: textOrNull(v.networkContainerId),
    system: v.system === true,
    stackId: textOrNull(v.stackId),
    serviceName: textOrNull(v.serviceName),
    labels: labels(v.labels),
    managedIp: textOrNull(v.managedIp),
    dockerIp: textOrNull(v.dockerIp),
    reportedAddresses: strings(v.reportedAddresses),
    mtu: numberOrNull(v.mtu),
  }
}

export function readAllocation(v: Record<string, unknown>): SnapshotAllocation {
  return {
    address: text(v.address).trim(),
    role: v.role === 'router' ? 'router' : 'primary',
    containerId: textOrNull(v.containerId),
    hostId: textOrNull(v.hostId),
    subnetCidr: textOrNull(v.subnetCidr),
  }
}

function readLingering(v: Record<string, unknown>): SnapshotLingeringContainer {
  return {
    id: text(v.id),
    name: text(v.name, text(v.id)),
    hostId: textOrNull(v.hostId),
    reportedState: text(v.reportedState),
    reportedAddresses: strings(v.reportedAddresses),
    dockerIp: textOrNull(v.dockerIp),
  }
}

export const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
/** Hosts, containers and stacks are walked by name (then id), so the input's order never shows in the output. */
export const byName = (a: { name: string; id: string }, b: { name: string; id: string }) => compare(a.name, b.name) || compare(a.id, b.id)

export function read(input: unknown, nowDate: Date | undefined): Model {
  const s = isObject(input) ? input : {}
  const envRaw = isObject(s.environment) ? s.environment : {}
  const nowMs = nowDate instanceof Date ? nowDate.getTime() : Date.now()
  const now = Number.isFinite(nowMs) ? nowMs : null
  const hostDisconnectMs = numberOrNull(s.hostDisconnectMs)

  let network = readNetwork(s.defaultNetwork)
  // a removed network is no network: managed resolves to nothing (§3.14)
  if (network && network.state === 'removed') network = null
  const subnets: SubnetFacts[] = []
  for (const sn of network?.subnets ?? []) {
    const parsed = parseCidr(sn.cidr)
    if (!parsed.ok) continue
    subnets.push({
      text: formatCidr(parsed.cidr),
      block: parsed.cidr,
      gateway: parseIpv4(sn.gateway),
      start: parseIpv4(sn.startAddress),
      end: parseIpv4(sn.endAddress),
      startText: sn.startAddress,
      endText: sn.endAddress,
    })
  }

  const drivers = list(s.networkDrivers)
    .filter(isObject)
    .map((d) => ({ id: text(d.id), name: text(d.name), state: text(d.state), stackId: text(d.stackId), stackName: text(d.stackName) }))
    .filter((d) => d.state !== 'removed')
    .sort(byName)
  const stacks = list(s.stacks)
    .filter(isObject)
    .map((st) => ({
      id: text(st.id),
      name: text(st.name),
      catalogTemplateId: textOrNull(st.catalogTemplateId),
      state: text(st.state),
      services: list(st.services)
        .filter(isObject)
        .map((sv): SnapshotService => ({ name: text(sv.name), state: text(sv.state), perHost: sv.perHost === true })),
    }))
    .filter((st) => st.state !== 'removed')
    .sort(byName)
  // the stack whose driver backs the default network (its holder and router run per host)
  const backing = drivers.find((d) => d.id === network?.networkDriverId) ?? (drivers.length === 1 ? drivers[0] : undefined)
  const driverStack = backing ? (stacks.find((st) => st.id === backing.stackId) ?? null) : null

  const hosts: HostFacts[] = list(s.hosts)
    .filter(isObject)
    .map(readHost)
    .filter((h) => h.state !== 'removed' && h.id !== '')
    .sort(byName)
    .map((host) => {
      const heartbeat = host.lastHeartbeatAt === null ? NaN : Date.parse(host.lastHeartbeatAt)
      const silentForMs = now !== null && Number.isFinite(heartbeat) ? Math.max(0, now - heartbeat) : null
      const silent = hostDisconnectMs !== null && silentForMs !== null && silentForMs > hostDisconnectMs
      const addresses: InterfaceAddress[] = []
      for (const i of host.interfaces) for (const c of i.cidrs) {
        const a = interfaceAddress(i.name, c)
        if (a) addresses.push(a)
      }
      return { host, ip: parseIpv4(host.agentIp), addresses, live: host.state === 'active' && !silent, silentForMs }
    })
  const hostById = new Map(hosts.map((h) => [h.host.id, h]))
  const hostIndex = new Map(hosts.map((h, i) => [h.host.id, i]))

  const containers = list(s.containers)
    .filter(isObject)
    .map(readContainer)
    .filter((c) => c.state !== 'removed' && c.id !== '')
    .sort(byName)
  const containersByHost = new Map<string, SnapshotContainer[]>()
  for (const c of containers) {
    if (c.hostId === null) continue
    const on = containersByHost.get(c.hostId)
    if (on) on.push(c)
    else containersByHost.set(c.hostId, [c])
  }

  const allocations = Array.isArray(s.allocations)
    ? s.allocations
        .filter(isObject)
        .map(readAllocation)
        .filter((a) => a.address !== '')
        .sort((a, b) => compare(a.address, b.address) || compare(a.containerId ?? '', b.containerId ?? '') || compare(a.hostId ?? '', b.hostId ?? ''))
    : null
  const lingering = list(s.lingering)
    .filter(isObject)
    .map(readLingering)
    // a confirmed removal is over; an unknown state says nothing
    .filter((l) => l.id !== '' && l.reportedState !== '' && l.reportedState !== 'removed')
    .sort(byName)

  return {
    env: { id: text(envRaw.id, 'environment'), name: text(envRaw.name, text(envRaw.id, 'this environment')) },
    now,
    hostDisconnectMs,
    network,
    subnets,
    drivers,
    stacks,
    driverStack,
    hosts,
    hostById,
    hostIndex,
    containers,
    containerById: new Map(containers.map((c) => [c.id, c])),
    containersByHost,
    allocations,
    lingering,
  }
}

// ---------------------------------------------------------------------------------------
// Questions several checks ask.

/** What subjects and labels name a host by. */
type Named = Pick<SnapshotHost, 'id' | 'name'>

export const hostSubject = (h: Named): Subject => ({ kind: 'host', id: h.id, name: h.name })
export const containerSubject = (c: SnapshotContainer): Subject => ({ kind: 'container', id: c.id, name: c.name })
export const envSubject = (m: Model): Subject => ({ kind: 'environment', id: m.env.id, name: m.env.name })
/** A host pair is always stated in the direction traffic flows: from `id` to `peerId`. */
export const pairSubject = (from: Named, to: Named): Subject => ({
  kind: 'hostPair',
  id: from.id,
  name: from.name,
  peerId: to.id,
  peerName: to.name,
  direction: 'outbound',
})
export const isLive = (m: Model, hostId: string | null) => hostId !== null && m.hostById.get(hostId)?.live === true
export const hostName = (m: Model, hostId: string | null) => (hostId === null ? 'no host' : (m.hostById.get(hostId)?.host.name ?? hostId))

/** A container of `stack` on `hostId` running `serviceName`, preferring a running one. */
export function serviceContainer(m: Model, hostId: string, stackId: string | null, serviceName: string): SnapshotContainer | null {
  const on = (m.containersByHost.get(hostId) ?? []).filter((c) => c.serviceName === serviceName && (stackId === null || c.stackId === stackId))
  return on.find((c) => c.state === 'running') ?? on[0] ?? null
}

export function networkServicesStack(m: Model): SnapshotStack | null {
  return m.stacks.find((s) => s.catalogTemplateId === NETWORK_SERVICES) ?? m.stacks.find((s) => s.name === NETWORK_SERVICES) ?? null
}

/** The managed-network containers the per-container checks look at: running, own netns, on a live host. */
export function managedContainers(m: Model): SnapshotContainer[] {
  const network = m.network
  if (!network) return []
  return m.containers.filter(
    (c) =>
      c.state === 'running' &&
      c.networkContainerId === null &&
      (c.networkId === network.id || c.managedIp !== null) &&
      // facts from a host that stopped reporting describe the past; host.disconnected covers it
      isLive(m, c.hostId),
  )
}
