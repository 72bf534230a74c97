/**
 * The agent API: the only way hosts talk to the control plane, for lab agents and real
 * agents alike. Every call but register carries `Authorization: Bearer <host token>`.
 */
import { z } from 'zod'
import { Id, Labels, Timestamp } from './common.ts'
import { HostInterface } from './hosts.ts'
import { PortSpec } from './containers.ts'
import { CniFile } from './networks.ts'

export const AgentRegister = z.strictObject({
  environmentId: Id,
  name: z.string().trim().min(1).max(63),
  hostname: z.string().max(253).optional(),
  /** CATTLE_AGENT_IP: the address peers use as tunnel endpoint. */
  agentIp: z.ipv4(),
  interfaces: z.array(HostInterface).max(64).default([]),
  mtu: z.number().int().min(68).max(65535).optional(),
  labels: Labels.default({}),
  /** Set by the built-in lab agents so the UI can badge the host as simulated. */
  simulated: z.boolean().default(false),
  /**
   * The host's data plane wants its containers' managed IPs from a slice of the subnet that
   * also holds its router address: its IPsec (strongSwan's userspace ESP) routes per policy
   * (README, design notes). The real agent always asks, whatever the overlay. IPAM then
   * allocates this host's addresses from its slice.
   */
  hostSlice: z.boolean().default(false),
})
export type AgentRegister = z.infer<typeof AgentRegister>

export const AgentRegistered = z.object({
  hostId: Id,
  environmentId: Id,
  /** Per-host secret for every later call. */
  token: z.string(),
  heartbeatIntervalMs: z.number().int(),
})
export type AgentRegistered = z.infer<typeof AgentRegistered>

export const AgentHeartbeat = z.strictObject({}).default({})
export const AgentHeartbeatAnswer = z.object({
  /** Revision of the desired state; fetch `desired-state?since=` when it moved. */
  desiredRevision: z.number().int(),
})

/** Runtime facts of one container as Docker and the netns show them. */
export const ContainerFacts = z.strictObject({
  containerId: Id,
  /** `removed`: the container is gone from the host (the agent confirms a removal, or Docker lost it). */
  state: z.enum(['running', 'stopped', 'error', 'removed']),
  dockerIp: z.ipv4().nullable().default(null),
  /** Addresses seen on eth0, with prefix. */
  eth0Addresses: z.array(z.string().max(50)).max(32).default([]),
  mtu: z.number().int().min(68).max(65535).nullable().default(null),
  error: z.string().max(2000).nullable().default(null),
})
export type ContainerFacts = z.infer<typeof ContainerFacts>

/** One direction of the connectivity check towards one peer. */
export const PeerResult = z.strictObject({
  peerHostId: Id,
  direction: z.enum(['outbound', 'inbound']),
  ok: z.boolean(),
  rttMs: z.number().nonnegative().nullable().default(null),
  lastSuccessAt: Timestamp.nullable().default(null),
  error: z.string().max(2000).nullable().default(null),
})
export type PeerResult = z.infer<typeof PeerResult>

/** Whether a tunnel port towards a peer answered (UDP 500/4500 IPsec, 4789 VXLAN). */
export const PortCheck = z.strictObject({
  peerHostId: Id,
  port: z.number().int().min(1).max(65535),
  protocol: z.enum(['udp', 'tcp']),
  open: z.boolean(),
})
export type PortCheck = z.infer<typeof PortCheck>

/** What an active probe (ping / TCP connect from a container's netns) measured. */
export const ProbeResult = z.strictObject({
  probeId: Id,
  ok: z.boolean(),
  rttMs: z.number().nonnegative().nullable().default(null),
  /** What the probe printed or why it failed, e.g. `3 packets transmitted, 0 received`. */
  detail: z.string().max(4000).default(''),
})
export type ProbeResult = z.infer<typeof ProbeResult>

export const AgentReport = z.strictObject({
  containers: z.array(ContainerFacts).max(10_000).default([]),
  /** Answers to the `probes` of the desired state; each closes its probe request. */
  probeResults: z.array(ProbeResult).max(100).default([]),
  peers: z.array(PeerResult).max(10_000).default([]),
  ports: z.array(PortCheck).max(10_000).default([]),
  /** Metadata "download and reload" time in ms. */
  metadataReloadMs: z.number().nonnegative().nullable().default(null),
})
export type AgentReport = z.infer<typeof AgentReport>
export const AgentReportAnswer = z.object({ accepted: z.number().int() })

export const DesiredStateQuery = z.object({ since: z.coerce.number().int().nonnegative().optional() })

export const DesiredContainer = z.object({
  id: Id,
  name: z.string(),
  image: z.string(),
  desiredState: z.enum(['running', 'stopped', 'removed']),
  networkMode: z.string(),
  native: z.boolean(),
  system: z.boolean(),
  /** Managed address with prefix, e.g. `10.42.0.7/16`; null when not on the managed network. */
  managedIp: z.string().nullable(),
  gateway: z.string().nullable(),
  /** Name of the container whose netns this one shares (`container:` mode). */
  networkFrom: z.string().nullable(),
  labels: Labels,
  ports: z.array(PortSpec),
  dns: z.array(z.string()),
  dnsSearch: z.array(z.string()),
  /** eth0 MTU the CNI plugin will set (mtu − overhead; the holder uses overhead 0). */
  mtu: z.number().int().nullable(),
})
export type DesiredContainer = z.infer<typeof DesiredContainer>

export const DesiredPeer = z.object({
  hostId: Id,
  name: z.string(),
  agentIp: z.string(),
  routerIp: z.string().nullable(),
  /** The peer's slice of the subnet (`10.42.2.0/24`) when it registered with hostSlice; null otherwise. */
  slice: z.string().nullable(),
  /**
   * Managed addresses (no prefix) of the peer's containers that are not removed, router
   * excluded, sorted: the IPsec traffic selectors are per container (/32), as in Rancher.
   */
  managedIps: z.array(z.string()),
})
export type DesiredPeer = z.infer<typeof DesiredPeer>

export const DesiredDriver = z.object({
  name: z.string(),
  /** Overlay kind the router builds. */
  overlay: z.enum(['ipsec', 'vxlan', 'none']),
  networkName: z.string(),
  subnets: z.array(z.string()),
  mtu: z.number().int().nullable(),
  linkMtuOverhead: z.number().int().nullable(),
  /** UDP ports peers must reach. */
  tunnelPorts: z.array(z.number().int()),
  /** The first subnet's gateway (on every host's bridge), e.g. `10.42.0.1`. */
  gateway: z.string().nullable(),
  /**
   * IPsec only: the environment's pre-shared key (the stack's RANCHER_IPSEC_PSK answer when
   * set, else a secret generated once per environment). Sent to host tokens only.
   */
  psk: z.string().nullable(),
  /** VXLAN only: the VNI (Rancher's vxlan driver uses 1042). */
  vni: z.number().int().nullable(),
})
export type DesiredDriver = z.infer<typeof DesiredDriver>

export const ProbeRequest = z.object({
  id: Id,
  fromContainerId: Id.nullable(),
  target: z.string(),
  port: z.number().int().nullable(),
  protocol: z.enum(['icmp', 'tcp', 'udp']),
})

export const DesiredState = z.object({
  desiredRevision: z.number().int(),
  /** False when `since` equals the current revision: nothing else is sent. */
  changed: z.boolean(),
  hostId: Id,
  routerIp: z.string().nullable(),
  /** This host's slice of the subnet (hostSlice hosts), e.g. `10.42.1.0/24`; null otherwise. */
  slice: z.string().nullable(),
  containers: z.array(DesiredContainer),
  peers: z.array(DesiredPeer),
  driver: DesiredDriver.nullable(),
  cniFiles: z.array(CniFile),
  probes: z.array(ProbeRequest),
})
export type DesiredState = z.infer<typeof DesiredState>
