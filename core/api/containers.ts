import { z } from 'zod'
import { Id, Labels, resourceMeta } from './common.ts'

export const CONTAINER_STATES = ['creating', 'running', 'stopped', 'error', 'removed'] as const

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
})
