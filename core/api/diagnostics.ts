import { z } from 'zod'
import { Id, Timestamp, listOf } from './common.ts'
import { Finding } from './findings.ts'

/**
 * Status codes of the reachability matrix, one character per directed host pair (row = from,
 * column = to). Computed from reported facts only; when several apply, the first in this
 * order wins: `d`, `x`, `p`, `r`, `o`, `u` (a measured failure before
 * the causes that explain it; the related findings name the cause).
 */
export const MATRIX_STATUS = {
  o: 'ok',
  x: 'failing',
  p: 'tunnel port blocked',
  d: 'disconnected',
  r: 'router missing',
  u: 'unknown',
  '-': 'same host',
} as const
export type MatrixStatus = keyof typeof MATRIX_STATUS

export const MATRIX_LEGEND: Record<MatrixStatus, string> = {
  o: 'The latest reports of both hosts say this direction works.',
  x: 'The source reports the outbound check failing, or the target reports the inbound check failing.',
  p: 'The source reports a tunnel port (UDP 500/4500 for IPsec, 4789 for VXLAN) to the target blocked.',
  d: 'The source or the target host is disconnected (state or heartbeat silence).',
  r: "The source's or the target's overlay router (holder or router sidekick) is not running.",
  u: 'Neither host reported on this direction yet.',
  '-': 'The diagonal: a host to itself.',
}

export const MatrixHost = z.object({
  id: Id,
  name: z.string(),
  /** The registered (CATTLE_AGENT_IP) address peers use as tunnel endpoint… */
  agentIp: z.string(),
  /** …beside the addresses its interfaces carry (no prefix), so a wrong registration shows. */
  interfaceIps: z.array(z.string()),
})
export type MatrixHost = z.infer<typeof MatrixHost>

/**
 * `GET …/diagnostics/matrix`: the host × host reachability matrix in a compact encoding —
 * `hosts` is the index (ordered by name), `cells` one status character per ordered pair,
 * row-major: the status of hosts[i] → hosts[j] is `cells[i * hosts.length + j]`.
 * Characters: `o` ok, `x` failing, `p` tunnel port blocked, `d` a side disconnected,
 * `r` router missing, `u` unknown (no report), `-` diagonal.
 */
export const Matrix = z.object({
  hosts: z.array(MatrixHost),
  cells: z.string().regex(/^[oxpdru-]*$/),
  checkedAt: Timestamp,
})
export type Matrix = z.infer<typeof Matrix>

/** `POST …/diagnostics/trace`: `to` is a container id or an IPv4 address. */
export const TraceRequest = z.object({
  from: Id,
  to: z.string().min(1).max(64),
  port: z.number().int().min(1).max(65535).optional(),
})
export type TraceRequest = z.infer<typeof TraceRequest>

export const TraceHop = z.object({
  name: z.string(),
  verdict: z.enum(['ok', 'fail', 'unknown']),
  /** The reported facts this hop was judged on, as readable lines. */
  evidence: z.array(z.string()),
  fix: z.string().optional(),
})
export type TraceHop = z.infer<typeof TraceHop>

/** The ordered data path of domain §3.12, each hop judged on reported facts. */
export const Trace = z.object({
  verdict: z.enum(['reachable', 'unreachable', 'unknown']),
  summary: z.string(),
  hops: z.array(TraceHop),
})
export type Trace = z.infer<typeof Trace>

/** One direction as one host's agent reported it (null fields: not reported). */
export const DirectionReport = z.object({
  reportedBy: z.string(),
  ok: z.boolean().nullable(),
  rttMs: z.number().nullable(),
  lastSuccessAt: Timestamp.nullable(),
  error: z.string().nullable(),
  receivedAt: Timestamp.nullable(),
})
export type DirectionReport = z.infer<typeof DirectionReport>

/**
 * `GET …/diagnostics/matrix/:from/:to`: what one cell stands on — the source's outbound
 * check, the target's inbound check, the tunnel port checks from the source, the overlay and
 * a representative container pair to trace (managed, running; null when a side has none).
 */
export const MatrixCell = z.object({
  from: MatrixHost,
  to: MatrixHost,
  status: z.enum(Object.keys(MATRIX_STATUS) as [MatrixStatus, ...MatrixStatus[]]),
  overlay: z.enum(['ipsec', 'vxlan', 'none']),
  outbound: DirectionReport,
  inbound: DirectionReport,
  ports: z.array(z.object({ port: z.number().int(), protocol: z.enum(['udp', 'tcp']), open: z.boolean().nullable() })),
  representative: z.object({ fromContainerId: Id, fromContainerName: z.string(), toContainerId: Id, toContainerName: z.string() }).nullable(),
})
export type MatrixCell = z.infer<typeof MatrixCell>

export const TIMELINE_KINDS = [
  'host-registered',
  'host-up',
  'host-down',
  'peer-down',
  'peer-up',
  'port-blocked',
  'port-open',
  'router-stopped',
  'router-started',
  'stack-changed',
  'fault-injected',
  'fault-cleared',
] as const

/** A network event of the environment's timeline, written when the control plane sees the change. */
export const TimelineEvent = z.object({
  id: Id,
  at: Timestamp,
  kind: z.enum(TIMELINE_KINDS),
  severity: z.enum(['error', 'warning', 'info']),
  /** What it is about, for links: a host, a host pair (with direction), a stack. */
  subject: z.object({ kind: z.enum(['environment', 'host', 'host-pair', 'stack']), id: Id, name: z.string(), peerId: Id.nullable(), peerName: z.string().nullable() }),
  message: z.string(),
})
export type TimelineEvent = z.infer<typeof TimelineEvent>
/** `GET …/diagnostics/timeline?limit=&cursor=`: newest first. */
export const TimelineList = listOf(TimelineEvent)

/**
 * `GET …/diagnostics/export`: the troubleshooting state for a support ticket — a readable
 * summary (Markdown) and the data it was written from.
 */
export const DiagnosticsExport = z.object({
  generatedAt: Timestamp,
  environment: z.object({ id: Id, name: z.string() }),
  summary: z.string(),
  findings: z.array(Finding),
  matrix: Matrix,
  timeline: z.array(TimelineEvent),
  /** The topology snapshot the checks ran on (core/diagnostics/snapshot.ts), as JSON. */
  snapshot: z.unknown(),
})
export type DiagnosticsExport = z.infer<typeof DiagnosticsExport>
