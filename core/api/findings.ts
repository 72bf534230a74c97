import { z } from 'zod'
import { Id } from './common.ts'

export const SEVERITIES = ['error', 'warning', 'info'] as const

/** What a finding is about; host pairs carry the peer and the direction of traffic. */
export const FindingSubject = z.object({
  kind: z.enum(['environment', 'host', 'hostPair', 'container', 'network', 'stack']),
  id: Id,
  peerId: Id.optional(),
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
