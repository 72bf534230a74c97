import { z } from 'zod'
import { Id, Labels, resourceMeta, Timestamp } from './common.ts'

export const HOST_STATES = ['registering', 'active', 'disconnected', 'removed'] as const

export const HostInterface = z.object({
  name: z.string().min(1).max(15),
  /** Addresses with prefix, e.g. `192.168.50.11/24`. */
  cidrs: z.array(z.string().max(50)).max(64),
  mtu: z.number().int().min(68).max(65535).optional(),
})
export type HostInterface = z.infer<typeof HostInterface>

/** An infrastructure container on a host, as the host list shows it. */
export const HostInfraContainer = z.object({
  id: Id,
  name: z.string(),
  stackName: z.string(),
  serviceName: z.string(),
  state: z.string(),
})

export const Host = z.object({
  ...resourceMeta,
  environmentId: Id,
  name: z.string(),
  hostname: z.string(),
  /** The IP the host registered with: the tunnel endpoint peers use. */
  agentIp: z.string(),
  state: z.enum(HOST_STATES),
  /** A lab host simulated inside the control plane (no real packets). */
  simulated: z.boolean(),
  labels: Labels,
  interfaces: z.array(HostInterface),
  mtu: z.number().int().nullable(),
  /** The managed address this host's overlay router uses (reserved by IPAM). */
  routerIp: z.string().nullable(),
  /**
   * The host's slice of the managed subnet (e.g. `10.42.1.0/24`), when its agent registered
   * with `hostSlice` (the real agent does): its router address and every container address
   * come from it, and a requested IP outside it is not honoured. Null when the host has none
   * (simulated lab hosts, or before its first allocation assigned one).
   */
  slice: z.string().nullable(),
  lastHeartbeatAt: Timestamp.nullable(),
  infrastructure: z.array(HostInfraContainer),
  containerCount: z.number().int(),
})
export type Host = z.infer<typeof Host>

/** `POST …/hosts` adds a lab host: a simulated agent that registers through the agent API. */
export const CreateLabHost = z.strictObject({
  name: z.string().trim().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'lower-case letters, digits and inner dashes').optional(),
  /** Agent IP to register with; the next free LAN address when omitted. */
  agentIp: z.ipv4().optional(),
})
export type CreateLabHost = z.infer<typeof CreateLabHost>
