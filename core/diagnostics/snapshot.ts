// The topology snapshot the diagnostics engine reads (DESIGN.md, "core/": pure functions
// from a topology snapshot to findings).
//
// A snapshot is plain JSON — no classes, no Dates, no Maps — so the same value can be built
// by the server from its database, stored as a test fixture, exported for a support ticket
// or built in memory by a benchmark. It holds two kinds of facts and nothing else:
//
//   resources  what the control plane decided: stacks, the network driver, the default
//              network and its subnets, each container's allocation (its managed IP) and
//              every allocation of the environment (IPAM's rows, whoever holds them);
//   reported   what agents said over the agent API: registration (agent IP, interfaces,
//              labels, MTU), heartbeats, container runtime facts (state, eth0 addresses,
//              MTU) and the latest report (peer results, tunnel port checks, metadata
//              reload time) — including facts about containers Paddock already removed
//              but a host still runs (`lingering`).
//
// Diagnostics read only what agents reported — never the lab's internals (DESIGN.md,
// "Hosts, agents and the lab"): nothing in here can say "this host is simulated, so it is
// fine".

/** One address block of the default network, as IPAM uses it (domain §1.8). */
export interface SnapshotSubnet {
  /** `10.42.0.0/16`. */
  cidr: string
  gateway: string
  /** First and last address IPAM hands out (gateway, network address and the last five are outside). */
  startAddress: string
  endAddress: string
}

/** The environment's default network: what network mode `managed` resolves to (domain §1.7). */
export interface SnapshotNetwork {
  id: string
  name: string
  state: string
  networkDriverId: string | null
  /** Overlay the driver builds between hosts (from the driver stack's catalog template). */
  overlay: 'ipsec' | 'vxlan' | 'none'
  /** UDP ports peers must reach: 500/4500 for IPsec, 4789 for VXLAN (domain §3.12). */
  tunnelPorts: number[]
  subnets: SnapshotSubnet[]
  /** The applied driver configuration's `mtu` and `linkMTUOverhead` (domain §3.13). */
  mtu: number | null
  linkMtuOverhead: number | null
  dns: string[]
  dnsSearch: string[]
}

export interface SnapshotNetworkDriver {
  id: string
  name: string
  state: string
  stackId: string
  stackName: string
}

export interface SnapshotService {
  name: string
  state: string
  /**
   * Scheduled on every active host: a global service, or a sidekick of one (the `dns`
   * sidekick of `metadata`, the `router` sidekick of the IPsec holder).
   */
  perHost: boolean
}

/** An infrastructure (system) stack with its services. */
export interface SnapshotStack {
  id: string
  name: string
  /** `network-services`, `ipsec`, `vxlan`…; null for a stack not made from the catalog. */
  catalogTemplateId: string | null
  state: string
  services: SnapshotService[]
}

export interface SnapshotInterface {
  name: string
  /** Addresses with prefix, as the agent saw them: `192.168.50.11/24`. */
  cidrs: string[]
  mtu?: number | null
}

export interface SnapshotPeerResult {
  peerHostId: string
  /** `outbound`: this host → the peer; `inbound`: the peer → this host. */
  direction: 'outbound' | 'inbound'
  ok: boolean
  rttMs: number | null
  lastSuccessAt: string | null
  error: string | null
}

export interface SnapshotPortCheck {
  peerHostId: string
  port: number
  protocol: 'udp' | 'tcp'
  open: boolean
}

/** The latest agent report of a host that carried peers, ports or a metadata time. */
export interface SnapshotReport {
  receivedAt: string
  peers: SnapshotPeerResult[]
  ports: SnapshotPortCheck[]
  /** Metadata "download and reload" time in ms (domain §3.11). */
  metadataReloadMs: number | null
}

export interface SnapshotHost {
  id: string
  name: string
  /** CATTLE_AGENT_IP: the tunnel endpoint peers use (domain §3.12, §4 item 2). */
  agentIp: string
  /** `registering`, `active`, `disconnected` (removed hosts are not in a snapshot). */
  state: string
  interfaces: SnapshotInterface[]
  labels: Record<string, string>
  mtu: number | null
  lastHeartbeatAt: string | null
  /** The managed address IPAM reserved for this host's overlay router. */
  routerIp: string | null
  report: SnapshotReport | null
}

export interface SnapshotContainer {
  id: string
  name: string
  hostId: string | null
  /** `creating`, `running`, `stopped`, `error` (as the agent last reported). */
  state: string
  networkMode: string
  /** The network the mode resolved to (the default network's id for managed containers). */
  networkId: string | null
  /** For `container:X` modes: X, whose netns this container shares. */
  networkContainerId: string | null
  system: boolean
  stackId: string | null
  serviceName: string | null
  labels: Record<string, string>
  /** The allocation: the managed IP IPAM gave this container (no prefix); null when none. */
  managedIp: string | null
  dockerIp: string | null
  /** Addresses the agent saw on eth0, with prefix. */
  reportedAddresses: string[]
  /** eth0 MTU the agent saw. */
  mtu: number | null
}

/**
 * One IPAM allocation (an `ip_addresses` row): a container's managed IP (`primary`) or the
 * address reserved for a host's overlay router (`router`, held by the overlay holder).
 */
export interface SnapshotAllocation {
  address: string
  role: 'primary' | 'router'
  /** The container holding it: the container itself for `primary`, the overlay holder for `router`. */
  containerId: string | null
  /** For `router`: the host whose router uses it. */
  hostId: string | null
  /** The subnet the allocation was made from (`10.42.0.0/16`), as it is now; null when that subnet is gone. */
  subnetCidr: string | null
}

/**
 * A container removed in Paddock that its host still reports (running, stopped or failed,
 * never a confirmed `removed`) with an address of the managed subnet on eth0. Paddock released
 * its address when it removed it, so IPAM may hand that address to another container.
 */
export interface SnapshotLingeringContainer {
  id: string
  name: string
  hostId: string | null
  /** What the host agent last reported: `running`, `stopped` or `error`. */
  reportedState: string
  /** Addresses the agent last saw on eth0, with prefix. */
  reportedAddresses: string[]
  dockerIp: string | null
}

export interface DiagnosticsSnapshot {
  environment: { id: string; name: string; state: string }
  /**
   * Heartbeat silence after which the control plane marks a host disconnected; a host still
   * `active` but silent for longer counts as disconnected too. Null: trust the host state.
   */
  hostDisconnectMs: number | null
  defaultNetwork: SnapshotNetwork | null
  /** Network drivers that are not removed. */
  networkDrivers: SnapshotNetworkDriver[]
  /** Infrastructure (system) stacks that are not removed. */
  stacks: SnapshotStack[]
  /** Hosts that are not removed. */
  hosts: SnapshotHost[]
  /** Containers that are not removed. */
  containers: SnapshotContainer[]
  /**
   * Every allocation of the environment, whoever holds it. Absent: not known (an older
   * snapshot), and the checks that need it say nothing.
   */
  allocations?: SnapshotAllocation[]
  /** Removed containers their hosts still report with a managed address (see SnapshotLingeringContainer). */
  lingering?: SnapshotLingeringContainer[]
}
