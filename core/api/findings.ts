import { z } from 'zod'
import { Id, listOf, Timestamp } from './common.ts'

export const SEVERITIES = ['error', 'warning', 'info'] as const

/** What a finding is about; host pairs carry the peer and the direction of traffic. */
export const FindingSubject = z.object({
  kind: z.enum(['environment', 'host', 'hostPair', 'container', 'network', 'stack']),
  id: Id,
  /** The subject's name when it has one (host or container name), so a client need not look it up. */
  name: z.string().optional(),
  peerId: Id.optional(),
  peerName: z.string().optional(),
  direction: z.enum(['outbound', 'inbound']).optional(),
})

/** A diagnostic result: a normal answer, never an error response. */
export const Finding = z.object({
  /** Stable id of the check, e.g. `agent-ip.docker-bridge`. */
  checkId: z.string(),
  severity: z.enum(SEVERITIES),
  subject: FindingSubject,
  message: z.string(),
  /** The reported facts the check relied on. */
  evidence: z.record(z.string(), z.unknown()),
  /** What to do, e.g. the re-register command with `CATTLE_AGENT_IP=<ip>`. */
  fix: z.string(),
})
export type Finding = z.infer<typeof Finding>

/** `GET …/diagnostics/findings`: the checklist, run now; all findings on one page. */
export const FindingsList = listOf(Finding).extend({
  /** When the checks ran (RFC 3339 UTC). */
  checkedAt: Timestamp,
})
export type FindingsList = z.infer<typeof FindingsList>
