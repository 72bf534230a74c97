// A large topology snapshot built in memory, for the performance target of DESIGN.md
// ("findings and the full matrix for 1,000 hosts (999,000 directed pairs) from an in-memory
// snapshot in core under 1 s; one trace under 5 ms") — used by bench/diagnostics.bench.ts and
// by the tests that check the engine at that size.
//
// It has the shape of the healthy fixture, scaled: every host runs the infrastructure
// containers, a healthcheck and one user container, and reports every peer in both
// directions plus both IPsec ports to every peer — 1,000 hosts carry ~2 million peer results
// and ~2 million port checks, as a real environment of that size would. Deterministic (no
// randomness, no clock), so two builds are equal and the findings are known in advance.
//
// With `faults` (the default) a handful of hosts break the way the checklist knows, so the
// checks and the matrix have work beyond "all ok" (host names assume at least 400 hosts;
// with fewer, the faults whose hosts do not exist are left out):
//   host-0007 disconnected · host-0013 router stopped (its peers fail both ways) ·
//   UDP 4500 blocked host-0021 → host-0042 · host-0100 metadata slow ·
//   host-0200 NIC MTU 1460 · host-0300 registered with docker0's 172.17.0.1 ·
//   web-0400 missing its managed IP on eth0.
import { formatIpv4, parseIpv4 } from '../net/ipv4.ts'
import type { DiagnosticsSnapshot, SnapshotAllocation, SnapshotContainer, SnapshotHost, SnapshotPeerResult, SnapshotPortCheck } from './snapshot.ts'

export const SYNTHETIC_NOW = '2026-01-15T10:00:00.000Z'

export interface SyntheticOptions {
  hosts: number
  /** Inject the faults listed above (default true). */
  faults?: boolean
}

/** What the faults of a synthetic snapshot are, by host number, so tests can name them. */
export const SYNTHETIC_FAULTS = {
  disconnected: 7,
  routerStopped: 13,
  blockedFrom: 21,
  blockedTo: 42,
  metadataSlow: 100,
  nicMtu: 200,
  dockerBridgeIp: 300,
  managedIpMissing: 400,
} as const

const pad = (i: number) => String(i).padStart(4, '0')
export const syntheticHostId = (i: number) => `hst-${pad(i)}`
export const syntheticHostName = (i: number) => `host-${pad(i)}`

const NETWORK_ID = 'net-ipsec'
const SUBNET = parseIpv4('10.42.0.0')!
const LAN = parseIpv4('192.168.0.0')!
const AT = {
  heartbeat: '2026-01-15T09:59:58.000Z',
  report: '2026-01-15T09:59:55.000Z',
  success: '2026-01-15T09:59:54.000Z',
  stale: '2026-01-15T09:50:00.000Z',
}

/** Host i (1-based): router IP 10.42.0.1 + i, containers' managed IPs from 10.42.16.0 on (8 per host, 2 used). */
const routerIp = (i: number) => formatIpv4(SUBNET + 1 + i)
const managedIp = (i: number, k: number) => formatIpv4(SUBNET + 16 * 256 + i * 8 + k)
const lanIp = (i: number) => formatIpv4(LAN + i)

function container(id: string, name: string, hostId: string, over: Partial<SnapshotContainer>): SnapshotContainer {
  return {
    id,
    name,
    hostId,
    state: 'running',
    networkMode: 'host',
    networkId: 'net-host',
    networkContainerId: null,
    system: true,
    stackId: null,
    serviceName: null,
    labels: {},
    managedIp: null,
    dockerIp: null,
    reportedAddresses: [],
    mtu: null,
    ...over,
  }
}

function hostContainers(i: number, faults: boolean): SnapshotContainer[] {
  const n = pad(i)
  const hostId = syntheticHostId(i)
  const metadata = `ctr-metadata-${n}`
  const holder = `ctr-ipsec-${n}`
  const router = routerIp(i)
  const hc = managedIp(i, 0)
  const web = managedIp(i, 1)
  const webMissing = faults && i === SYNTHETIC_FAULTS.managedIpMissing
  return [
    container(metadata, `network-services-metadata-${n}`, hostId, {
      networkMode: 'bridge',
      networkId: 'net-bridge',
      stackId: 'stk-ns',
      serviceName: 'metadata',
      labels: { 'io.rancher.sidekicks': 'dns' },
      dockerIp: '172.17.0.2',
      reportedAddresses: ['172.17.0.2/16'],
      mtu: 1500,
    }),
    container(`ctr-dns-${n}`, `network-services-dns-${n}`, hostId, { networkMode: 'container:metadata', networkId: 'net-container', networkContainerId: metadata, stackId: 'stk-ns', serviceName: 'dns' }),
    container(`ctr-nm-${n}`, `network-services-network-manager-${n}`, hostId, { stackId: 'stk-ns', serviceName: 'network-manager' }),
    container(holder, `ipsec-ipsec-${n}`, hostId, {
      networkMode: 'ipsec',
      networkId: NETWORK_ID,
      stackId: 'stk-ipsec',
      serviceName: 'ipsec',
      labels: { 'io.rancher.sidekicks': 'router,connectivity-check', 'io.rancher.cni.link_mtu_overhead': '0' },
      managedIp: router,
      dockerIp: '172.17.0.3',
      reportedAddresses: ['172.17.0.3/16', `${router}/16`],
      mtu: 1500,
    }),
    container(`ctr-router-${n}`, `ipsec-router-${n}`, hostId, {
      state: faults && i === SYNTHETIC_FAULTS.routerStopped ? 'stopped' : 'running',
      networkMode: 'container:ipsec',
      networkId: 'net-container',
      networkContainerId: holder,
      stackId: 'stk-ipsec',
      serviceName: 'router',
    }),
    container(`ctr-cc-${n}`, `ipsec-connectivity-check-${n}`, hostId, {
      networkMode: 'container:ipsec',
      networkId: 'net-container',
      networkContainerId: holder,
      stackId: 'stk-ipsec',
      serviceName: 'connectivity-check',
    }),
    container(`ctr-cni-${n}`, `ipsec-cni-driver-${n}`, hostId, { stackId: 'stk-ipsec', serviceName: 'cni-driver' }),
    container(`ctr-hc-${n}`, `healthcheck-healthcheck-${n}`, hostId, {
      networkMode: 'managed',
      networkId: NETWORK_ID,
      stackId: 'stk-hc',
      serviceName: 'healthcheck',
      managedIp: hc,
      dockerIp: '172.17.0.4',
      reportedAddresses: ['172.17.0.4/16', `${hc}/16`],
      mtu: 1402,
    }),
    container(`ctr-web-${n}`, `web-${n}`, hostId, {
      networkMode: 'managed',
      networkId: NETWORK_ID,
      system: false,
      managedIp: web,
      dockerIp: '172.17.0.5',
      reportedAddresses: webMissing ? ['172.17.0.5/16'] : ['172.17.0.5/16', `${web}/16`],
      mtu: 1402,
    }),
  ]
}

/**
 * Whether the connectivity check from host a to host b fails, as both ends see it: a
 * stopped router fails every direction to and from its host; the blocked port fails its one
 * direction; a disconnected host is not considered by its peers (§3.16) but still listed.
 */
function pathFails(a: number, b: number, faults: boolean): boolean {
  if (!faults) return false
  const F = SYNTHETIC_FAULTS
  return a === F.routerStopped || b === F.routerStopped || a === F.disconnected || b === F.disconnected || (a === F.blockedFrom && b === F.blockedTo)
}

function report(i: number, count: number, faults: boolean): SnapshotHost['report'] {
  // each list built in one go, so its entries lie together in memory as they do when the
  // server parses a stored report
  const peers: SnapshotPeerResult[] = []
  for (let j = 1; j <= count; j++) {
    if (j === i) continue
    const peerHostId = syntheticHostId(j)
    for (const direction of ['outbound', 'inbound'] as const) {
      const fails = direction === 'outbound' ? pathFails(i, j, faults) : pathFails(j, i, faults)
      peers.push(
        fails
          ? { peerHostId, direction, ok: false, rttMs: null, lastSuccessAt: AT.stale, error: 'GET /ping: timeout after 10000 ms' }
          : { peerHostId, direction, ok: true, rttMs: 0.4, lastSuccessAt: AT.success, error: null },
      )
    }
  }
  const ports: SnapshotPortCheck[] = []
  for (let j = 1; j <= count; j++) {
    if (j === i) continue
    const peerHostId = syntheticHostId(j)
    const blocked4500 = faults && i === SYNTHETIC_FAULTS.blockedFrom && j === SYNTHETIC_FAULTS.blockedTo
    ports.push({ peerHostId, port: 500, protocol: 'udp', open: true }, { peerHostId, port: 4500, protocol: 'udp', open: !blocked4500 })
  }
  return { receivedAt: AT.report, peers, ports, metadataReloadMs: faults && i === SYNTHETIC_FAULTS.metadataSlow ? 12_500 : 1100 }
}

function host(i: number, count: number, faults: boolean): SnapshotHost {
  const F = SYNTHETIC_FAULTS
  const mtu = faults && i === F.nicMtu ? 1460 : 1500
  const lan = lanIp(i)
  return {
    id: syntheticHostId(i),
    name: syntheticHostName(i),
    agentIp: faults && i === F.dockerBridgeIp ? '172.17.0.1' : lan,
    state: faults && i === F.disconnected ? 'disconnected' : 'active',
    interfaces: [
      { name: 'eth0', cidrs: [`${lan}/16`], mtu },
      { name: 'docker0', cidrs: ['172.17.0.1/16'], mtu: 1500 },
    ],
    labels: {},
    mtu,
    lastHeartbeatAt: faults && i === F.disconnected ? AT.stale : AT.heartbeat,
    routerIp: routerIp(i),
    report: report(i, count, faults),
  }
}

/** The snapshot of an IPsec environment with `hosts` hosts (see the file comment). */
export function syntheticSnapshot({ hosts: count, faults = true }: SyntheticOptions): DiagnosticsSnapshot {
  if (!Number.isInteger(count) || count < 1 || count > 2000) throw new RangeError('hosts: 1 … 2000')
  const hosts: SnapshotHost[] = []
  const containers: SnapshotContainer[] = []
  const allocations: SnapshotAllocation[] = []
  for (let i = 1; i <= count; i++) {
    hosts.push(host(i, count, faults))
    const on = hostContainers(i, faults)
    containers.push(...on)
    for (const c of on) {
      if (c.managedIp === null) continue
      const role = c.serviceName === 'ipsec' ? 'router' : 'primary'
      allocations.push({ address: c.managedIp, role, containerId: c.id, hostId: role === 'router' ? c.hostId : null, subnetCidr: '10.42.0.0/16' })
    }
  }
  return {
    environment: { id: 'env-large', name: 'Large', state: 'active' },
    hostDisconnectMs: 30_000,
    defaultNetwork: {
      id: NETWORK_ID,
      name: 'ipsec',
      state: 'active',
      networkDriverId: 'drv-ipsec',
      overlay: 'ipsec',
      tunnelPorts: [500, 4500],
      subnets: [{ cidr: '10.42.0.0/16', gateway: '10.42.0.1', startAddress: '10.42.0.2', endAddress: '10.42.255.250' }],
      mtu: 1500,
      linkMtuOverhead: 98,
      dns: ['169.254.169.250'],
      dnsSearch: ['rancher.internal'],
    },
    networkDrivers: [{ id: 'drv-ipsec', name: 'Rancher IPsec', state: 'active', stackId: 'stk-ipsec', stackName: 'ipsec' }],
    stacks: [
      {
        id: 'stk-ns',
        name: 'network-services',
        catalogTemplateId: 'network-services',
        state: 'active',
        services: ['metadata', 'dns', 'network-manager'].map((name) => ({ name, state: 'active', perHost: true })),
      },
      {
        id: 'stk-ipsec',
        name: 'ipsec',
        catalogTemplateId: 'ipsec',
        state: 'active',
        services: ['ipsec', 'router', 'connectivity-check', 'cni-driver'].map((name) => ({ name, state: 'active', perHost: true })),
      },
      { id: 'stk-hc', name: 'healthcheck', catalogTemplateId: 'healthcheck', state: 'active', services: [{ name: 'healthcheck', state: 'active', perHost: true }] },
    ],
    hosts,
    containers,
    allocations,
    lingering: [],
  }
}
