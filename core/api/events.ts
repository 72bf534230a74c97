import { z } from 'zod'
import { Id, Timestamp } from './common.ts'

export const EVENT_KINDS = [
  'environment',
  'environmentTemplate',
  'stack',
  'service',
  'networkDriver',
  'network',
  'host',
  'container',
  'finding',
] as const
export type EventKind = (typeof EVENT_KINDS)[number]

/** A change event on `GET /events` (SSE, `event: change`). */
export const ChangeEvent = z.object({
  /** Global, monotonic sequence number; also the SSE `id`. */
  seq: z.number().int(),
  kind: z.enum(EVENT_KINDS),
  action: z.enum(['created', 'updated', 'deleted']),
  id: Id,
  environmentId: Id.nullable(),
  /** The resource's revision after the change. */
  revision: z.number().int(),
  at: Timestamp,
})
export type ChangeEvent = z.infer<typeof ChangeEvent>

export const EventsQuery = z.object({ environmentId: Id.optional() })
