/**
 * Active probes: the control plane asks the agent of container A's host to send real packets
 * (ICMP echo, or a TCP connect) from A's network namespace to B's managed IP (or any IPv4),
 * and shows what came back beside the trace. Agents pick pending probes up from their
 * desired state and answer in `POST /agent/report` (`probeResults`).
 */
import { z } from 'zod'
import { Id, Timestamp } from './common.ts'

export const PROBE_PROTOCOLS = ['icmp', 'tcp'] as const

/** `POST …/environments/:envId/probes`: `to` is a container id or an IPv4 address. */
export const CreateProbe = z
  .strictObject({
    fromContainerId: Id,
    to: z.string().trim().min(1).max(64),
    protocol: z.enum(PROBE_PROTOCOLS).default('icmp'),
    port: z.number().int().min(1).max(65535).nullable().default(null),
  })
  .refine((p) => p.protocol !== 'tcp' || p.port !== null, { path: ['port'], message: 'is required for a TCP probe' })
export type CreateProbe = z.infer<typeof CreateProbe>

/**
 * A probe request and, once its agent answered, the result. `expired`: no answer within
 * PROBE_TIMEOUT_MS (the agent is not running probes, e.g. a simulated host that is down).
 */
export const Probe = z.object({
  id: Id,
  environmentId: Id,
  hostId: Id,
  fromContainerId: Id,
  /** Resolved target address (a container's managed IP, or the given IPv4). */
  target: z.string(),
  /** The container `to` named, when it named one. */
  toContainerId: Id.nullable(),
  protocol: z.enum(PROBE_PROTOCOLS),
  port: z.number().int().nullable(),
  state: z.enum(['pending', 'done', 'expired']),
  result: z
    .object({ ok: z.boolean(), rttMs: z.number().nullable(), detail: z.string(), answeredAt: Timestamp })
    .nullable(),
  createdAt: Timestamp,
})
export type Probe = z.infer<typeof Probe>

export const ProbeParams = z.object({ envId: Id, id: Id })

/** A pending probe with no answer after this long is `expired`. */
export const PROBE_TIMEOUT_MS = 15_000
