import { z } from 'zod'
import { Id, Timestamp } from './common.ts'

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

export const MatrixHost = z.object({ id: Id, name: z.string(), agentIp: z.string() })

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
