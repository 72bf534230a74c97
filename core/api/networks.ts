import { z } from 'zod'
import { Id, resourceMeta } from './common.ts'

export const NETWORK_KINDS = ['cni', 'network', 'dockerHost', 'dockerBridge', 'dockerNone', 'dockerContainer'] as const
export const NETWORK_STATES = ['activating', 'active', 'removing', 'removed'] as const

/** A run of free addresses inside a subnet's start…end. */
export const FreeRange = z.object({ start: z.string(), end: z.string(), size: z.number().int() })
export type FreeRange = z.infer<typeof FreeRange>

/** A subnet with its defaults filled in and its address usage. */
export const Subnet = z.object({
  id: Id,
  /** Canonical CIDR, e.g. `10.42.0.0/16`. */
  cidr: z.string(),
  networkAddress: z.string(),
  cidrSize: z.number().int(),
  gateway: z.string(),
  startAddress: z.string(),
  endAddress: z.string(),
  /** Addresses in start…end. */
  size: z.number().int(),
  /** Allocated addresses in start…end (containers and host routers). */
  used: z.number().int(),
  free: z.number().int(),
  /** The largest free runs (at most 5, largest first); only `GET …/networks/:id` fills it, lists answer null. */
  largestFreeRanges: z.array(FreeRange).nullable(),
})
export type Subnet = z.infer<typeof Subnet>

/** A CNI config file as a host receives it (rendered JSON). */
export const CniFile = z.object({ name: z.string(), content: z.string() })
export type CniFile = z.infer<typeof CniFile>

export const Network = z.object({
  ...resourceMeta,
  environmentId: Id,
  networkDriverId: Id.nullable(),
  name: z.string(),
  kind: z.enum(NETWORK_KINDS),
  state: z.enum(NETWORK_STATES),
  /** Network mode `managed` resolves to this network. */
  isDefault: z.boolean(),
  dns: z.array(z.string()),
  dnsSearch: z.array(z.string()),
  hostPorts: z.boolean(),
  /** `mtu` of the CNI config (bridge and veth MTU); null when the driver sets none. */
  mtu: z.number().int().nullable(),
  linkMtuOverhead: z.number().int().nullable(),
  /** Container eth0 MTU: mtu − linkMTUOverhead. */
  effectiveMtu: z.number().int().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  subnets: z.array(Subnet),
  cniFiles: z.array(CniFile),
})
export type Network = z.infer<typeof Network>

export const NetworkDriver = z.object({
  ...resourceMeta,
  environmentId: Id,
  /** The service that declared the `network_driver` block, and its stack. */
  serviceId: Id,
  stackId: Id,
  name: z.string(),
  description: z.string(),
  state: z.enum(['activating', 'active', 'removing', 'removed']),
  catalogTemplateId: Id.nullable(),
  version: z.string().nullable(),
  defaultNetwork: z.record(z.string(), z.unknown()).nullable(),
  cniConfig: z.record(z.string(), z.unknown()),
  networkMetadata: z.record(z.string(), z.unknown()),
})
export type NetworkDriver = z.infer<typeof NetworkDriver>

/** `DELETE …/ip-addresses/:address`: the address to release. */
export const IpAddressParams = z.object({ envId: Id, address: z.ipv4() })

/** What a release freed: one row per subnet that held the address. */
export const ReleasedAddresses = z.object({
  address: z.string(),
  released: z.array(z.object({ subnet: z.string(), role: z.string(), containerId: Id.nullable(), hostId: Id.nullable() })),
})
export type ReleasedAddresses = z.infer<typeof ReleasedAddresses>
