import { z } from 'zod'
import { Id, Labels, resourceMeta } from './common.ts'

export const CONTAINER_STATES = ['creating', 'running', 'stopped', 'error', 'removed'] as const
/** What the operator asked for; `state` follows once the host agent reports it. */
export const DESIRED_STATES = ['running', 'stopped', 'removed'] as const
/** How IPAM chose a managed IP: the next free address, a requested one, or one kept from the container it replaces. */
export const IP_SOURCES = ['next-free', 'requested', 'retained'] as const

export const PortSpec = z.object({
  bindIp: z.string().nullable(),
  publicPort: z.number().int().min(1).max(65535).nullable(),
  privatePort: z.number().int().min(1).max(65535),
  protocol: z.enum(['tcp', 'udp']),
})
export type PortSpec = z.infer<typeof PortSpec>

/** Why a container has (or lacks) an address: shown next to each IP column. */
export const AddressNote = z.object({
  /** e.g. "Docker bridge docker0 (172.17.0.0/16)", "none: host network", "from container web". */
  source: z.string(),
  detail: z.string().nullable(),
})

/** The managed address with everything the identity card shows about it. */
export const ManagedAddress = z.object({
  address: z.string(),
  networkId: Id,
  networkName: z.string(),
  /** The subnet the address came from, e.g. `10.42.0.0/16`, and its gateway. */
  subnet: z.string(),
  gateway: z.string(),
  /** MAC of eth0 on the managed network (Rancher allocates one per container). */
  macAddress: z.string().nullable(),
  source: z.enum(IP_SOURCES),
  /** `io.rancher.container.requested_ip` entries, parsed; empty when none were requested. */
  requested: z.array(z.string()),
})
export type ManagedAddress = z.infer<typeof ManagedAddress>

export const CONTAINER_PROBLEMS = ['managed-ip-missing', 'address-differs', 'outside-subnet', 'duplicate-address', 'network-failed'] as const
/** A badge on the container: what is wrong with its addresses, in one sentence. */
export const ContainerProblem = z.object({ code: z.enum(CONTAINER_PROBLEMS), message: z.string() })
export type ContainerProblem = z.infer<typeof ContainerProblem>

export const Container = z.object({
  ...resourceMeta,
  environmentId: Id,
  name: z.string(),
  image: z.string(),
  hostId: Id.nullable(),
  hostName: z.string().nullable(),
  stackId: Id.nullable(),
  stackName: z.string().nullable(),
  serviceName: z.string().nullable(),
  state: z.enum(CONTAINER_STATES),
  desiredState: z.enum(DESIRED_STATES),
  /** The last error the agent reported (e.g. "Timeout getting IP address"). */
  error: z.string().nullable(),
  /** Network mode as requested: managed, a driver network name, host, bridge, none, container:<name>. */
  networkMode: z.string(),
  /** The network the mode resolved to. */
  networkId: Id.nullable(),
  networkName: z.string().nullable(),
  /** Address on the host's Docker bridge (172.17.0.0/16) as the agent reported it. */
  dockerIp: z.string().nullable(),
  /** Address on the managed network, allocated by IPAM; not visible in `docker inspect`. */
  managedIp: z.string().nullable(),
  dockerIpNote: AddressNote,
  managedIpNote: AddressNote,
  /** Details of the managed IP (null when the container has none of its own). */
  managedAddress: ManagedAddress.nullable(),
  /** For `container:X`: X, whose network namespace (and addresses) this container shares. */
  networkContainerId: Id.nullable(),
  networkContainerName: z.string().nullable(),
  /** Address problems, as badges; the list route leaves out `duplicate-address` (it needs every container). */
  problems: z.array(ContainerProblem),
  /** Created with the Docker CLI and imported (nativeContainer). */
  native: z.boolean(),
  /** Infrastructure container of a system stack. */
  system: z.boolean(),
  labels: Labels,
  ports: z.array(PortSpec),
  dns: z.array(z.string()),
  dnsSearch: z.array(z.string()),
  /** eth0 MTU the agent reported. */
  mtu: z.number().int().nullable(),
  /** Addresses the agent saw on eth0. */
  reportedAddresses: z.array(z.string()),
})
export type Container = z.infer<typeof Container>

export const ContainerListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
  hostId: Id.optional(),
  /** `false` hides infrastructure containers. */
  system: z.enum(['true', 'false']).optional(),
  networkId: Id.optional(),
})

/** Container names as Docker accepts them; also what `container:<name>` refers to. */
export const ContainerName = z
  .string()
  .trim()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/, 'letters, digits, `_`, `.` and `-`, starting with a letter or digit, at most 63')

/**
 * POST …/containers: launch a container. `hostId` null or absent lets the scheduler pick the
 * active host with the fewest containers (a `container:X` container goes to X's host).
 * `native` marks a container as created from the Docker CLI (it joins the managed network only
 * with `io.rancher.container.network=true`).
 */
export const ContainerCreate = z.strictObject({
  name: ContainerName,
  image: z.string().trim().min(1).max(255),
  hostId: Id.nullable().optional(),
  networkMode: z.string().trim().max(200).default('managed'),
  labels: Labels.default({}),
  ports: z.array(PortSpec.extend({ bindIp: z.ipv4().nullable().default(null), publicPort: z.number().int().min(1).max(65535).nullable().default(null) })).max(100).default([]),
  native: z.boolean().default(false),
})
export type ContainerCreate = z.input<typeof ContainerCreate>
