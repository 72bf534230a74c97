/**
 * The network timeline of an environment (issue 6, item 7): what changed on the network and
 * when, written by the control plane in the transaction of the change it describes (so an
 * event exists only if the change does), read newest first, and pruned to the newest
 * TIMELINE_RETENTION per environment by the retention timer.
 */
import type { Selectable } from 'kysely'
import type { TimelineEvent } from '../../../core/api/diagnostics.ts'
import type { AppContext } from '../../context.ts'
import { decodeCursor, encodeCursor } from '../../db/paging.ts'
import type { TimelineEventTable } from '../../db/schema.ts'
import type { Tx } from '../../db/tx.ts'
import { validationFailed } from '../../errors.ts'
import { nowIso } from '../../ids.ts'
import { requireEnvironment } from '../environments/environments.service.ts'

/** Events kept per environment; older ones are pruned. */
export const TIMELINE_RETENTION = 1_000

export type TimelineKind = TimelineEvent['kind']
export type TimelineSeverity = TimelineEvent['severity']
export type TimelineSubject = TimelineEvent['subject']

export interface NewTimelineEvent {
  kind: TimelineKind
  severity: TimelineSeverity
  subject: TimelineSubject
  message: string
}

/** The API id of a row: opaque to clients, `tle_<n>` so cursors stay in the server's id shape. */
const ID_PREFIX = 'tle_'
const toApiId = (id: number) => `${ID_PREFIX}${id}`

/**
 * Writes events into the caller's transaction and tells live clients once. The change event is
 * kind `finding`: clients refresh the environment's diagnostics queries (the timeline among
 * them) on it, and no other kind of core/api/events.ts fits a timeline entry.
 */
export async function recordTimeline(tx: Tx, environmentId: string, events: NewTimelineEvent[]): Promise<void> {
  if (events.length === 0) return
  const at = nowIso()
  let last = 0
  for (const e of events) {
    const row = await tx.db
      .insertInto('timeline_events')
      .values({
        environment_id: environmentId,
        at,
        kind: e.kind,
        severity: e.severity,
        subject_kind: e.subject.kind,
        subject_id: e.subject.id,
        subject_name: e.subject.name,
        peer_id: e.subject.peerId,
        peer_name: e.subject.peerName,
        message: e.message,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    last = Number(row.id)
  }
  tx.emit('finding', 'created', toApiId(last), environmentId, 1)
}

export function toTimelineEvent(row: Selectable<TimelineEventTable>): TimelineEvent {
  return {
    id: toApiId(Number(row.id)),
    at: row.at,
    kind: row.kind as TimelineKind,
    severity: row.severity as TimelineSeverity,
    subject: { kind: row.subject_kind as TimelineSubject['kind'], id: row.subject_id, name: row.subject_name, peerId: row.peer_id, peerName: row.peer_name },
    message: row.message,
  }
}

/** `?cursor=` → the id the page continues below; 400 naming `cursor` for one we did not issue. */
function cursorId(cursor: string | undefined): number | null {
  const id = decodeCursor(cursor)
  if (id === null) return null
  const m = /^tle_(\d{1,15})$/.exec(id)
  if (!m) throw validationFailed([{ path: 'cursor', message: 'is not a cursor this server issued' }])
  return Number(m[1])
}

/** `GET …/diagnostics/timeline`: newest first, keyset-paged by id; 404 for an unknown environment. */
export async function listTimeline(ctx: AppContext, environmentId: string, q: { limit: number; cursor?: string }): Promise<{ items: TimelineEvent[]; nextCursor: string | null }> {
  await requireEnvironment(ctx, environmentId)
  const below = cursorId(q.cursor)
  let query = ctx.db.selectFrom('timeline_events').selectAll().where('environment_id', '=', environmentId)
  if (below !== null) query = query.where('id', '<', below)
  const rows = await query.orderBy('id', 'desc').limit(q.limit + 1).execute()
  const items = rows.slice(0, q.limit).map(toTimelineEvent)
  const nextCursor = rows.length > q.limit ? encodeCursor(items[items.length - 1].id) : null
  return { items, nextCursor }
}

/** The newest `n` events, newest first (the export). */
export async function latestTimeline(ctx: AppContext, environmentId: string, n: number): Promise<TimelineEvent[]> {
  const rows = await ctx.db.selectFrom('timeline_events').selectAll().where('environment_id', '=', environmentId).orderBy('id', 'desc').limit(n).execute()
  return rows.map(toTimelineEvent)
}

/** Deletes all but the newest `keep` events of every environment; answers how many went. */
export async function pruneTimeline(ctx: AppContext, keep: number = TIMELINE_RETENTION): Promise<number> {
  const envs = await ctx.db.selectFrom('timeline_events').select('environment_id').distinct().execute()
  let deleted = 0
  for (const { environment_id } of envs) {
    const cutoff = await ctx.db
      .selectFrom('timeline_events')
      .select('id')
      .where('environment_id', '=', environment_id)
      .orderBy('id', 'desc')
      .offset(keep)
      .limit(1)
      .executeTakeFirst()
    if (!cutoff) continue
    const r = await ctx.db.deleteFrom('timeline_events').where('environment_id', '=', environment_id).where('id', '<=', cutoff.id).executeTakeFirst()
    deleted += Number(r.numDeletedRows)
  }
  return deleted
}
