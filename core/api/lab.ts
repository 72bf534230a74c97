/**
 * Lab faults (lab only). On simulated hosts a fault changes only what that lab agent reports
 * (or registers with); on real-lab hosts (network namespaces running the real agent,
 * server/lab/real) it is done to the data plane itself. Clearing restores. Hosts outside a
 * lab cannot have faults. Faults live in the server's memory and clear on restart.
 */
import { z } from 'zod'
import { Id, Timestamp } from './common.ts'

export const LAB_FAULT_TYPES = ['router-stopped', 'udp-blocked', 'wrong-agent-ip', 'mtu-mismatch', 'slow-metadata', 'lan-overlap', 'disconnected'] as const
export type LabFaultType = (typeof LAB_FAULT_TYPES)[number]

/** Faults only the simulated lab can do: real-lab hosts run no Rancher metadata service and have one LAN (the server answers 422). */
export const SIMULATED_ONLY_FAULT_TYPES: readonly LabFaultType[] = ['slow-metadata', 'lan-overlap']

/**
 * The host label the real lab (`PADDOCK_REAL_LAB`, `npm run lab`) registers its hosts with, value
 * `real`: network namespaces running the real agent, so their packets are real and faults are
 * done to the data plane.
 */
export const REAL_LAB_LABEL = 'io.paddock.lab'
export const REAL_LAB_LABEL_VALUE = 'real'

/** A real-lab host: run by the real agent (not simulated) and labelled `io.paddock.lab: real`. */
export const isRealLabHost = (host: { simulated: boolean; labels: Record<string, string> }): boolean =>
  !host.simulated && host.labels[REAL_LAB_LABEL] === REAL_LAB_LABEL_VALUE

export const LAB_TUNNEL_PORTS = [500, 4500, 4789] as const
export const WRONG_AGENT_IP_KINDS = ['docker-bridge', 'duplicate', 'not-on-interfaces'] as const

const cidrText = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'must be an IPv4 CIDR block, e.g. 10.42.0.0/24')

const port = z.union([z.literal(500), z.literal(4500), z.literal(4789)])

/** The fields of each fault type (discriminated by `type`). */
const SHAPES = {
  routerStopped: { type: z.literal('router-stopped'), hostId: Id },
  udpBlocked: { type: z.literal('udp-blocked'), fromHostId: Id, toHostId: Id, port },
  wrongAgentIp: { type: z.literal('wrong-agent-ip'), hostId: Id, kind: z.enum(WRONG_AGENT_IP_KINDS) },
  mtuMismatch: { type: z.literal('mtu-mismatch'), hostId: Id, mtu: z.number().int().min(576).max(9000) },
  slowMetadata: { type: z.literal('slow-metadata'), hostId: Id, reloadMs: z.number().int().min(0).max(600_000) },
  lanOverlap: { type: z.literal('lan-overlap'), hostId: Id, cidr: cidrText },
  disconnected: { type: z.literal('disconnected'), hostId: Id },
}

/** The fault to inject (body of POST …/lab/faults). */
export const LabFaultSpec = z.discriminatedUnion('type', [
  z.strictObject(SHAPES.routerStopped),
  z.strictObject(SHAPES.udpBlocked),
  z.strictObject(SHAPES.wrongAgentIp),
  z.strictObject(SHAPES.mtuMismatch),
  z.strictObject(SHAPES.slowMetadata),
  z.strictObject(SHAPES.lanOverlap),
  z.strictObject(SHAPES.disconnected),
])
export type LabFaultSpec = z.infer<typeof LabFaultSpec>

const meta = {
  id: Id,
  environmentId: Id,
  /** Human-readable, e.g. "UDP 4500 blocked host-1 → host-2". */
  description: z.string(),
  createdAt: Timestamp,
}

/** An active fault. */
export const LabFault = z.discriminatedUnion('type', [
  z.object({ ...SHAPES.routerStopped, ...meta }),
  z.object({ ...SHAPES.udpBlocked, ...meta }),
  z.object({ ...SHAPES.wrongAgentIp, ...meta }),
  z.object({ ...SHAPES.mtuMismatch, ...meta }),
  z.object({ ...SHAPES.slowMetadata, ...meta }),
  z.object({ ...SHAPES.lanOverlap, ...meta }),
  z.object({ ...SHAPES.disconnected, ...meta }),
])
export type LabFault = z.infer<typeof LabFault>

export const LabFaultParams = z.object({ envId: Id, id: Id })
