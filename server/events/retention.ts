import type { AppContext } from '../context.ts'
import { pruneTimeline } from '../modules/diagnostics/timeline.service.ts'
import { pruneAudit } from '../modules/audit/audit.service.ts'

/** Change events kept for replay to reconnecting clients; older ones are pruned. */
export const EVENT_RETENTION = 10_000

/**
 * Deletes events older than the newest EVENT_RETENTION, so the table does not grow with uptime.
 * The same timer (server.ts) keeps each environment's network timeline to its newest events
 * too, and the audit log to its newest entries (in all and per environment); the answer counts
 * change events only.
 */
export async function pruneEvents(ctx: AppContext): Promise<number> {
  const cutoff = await ctx.db.selectFrom('events').select('seq').orderBy('seq', 'desc').offset(EVENT_RETENTION).limit(1).executeTakeFirst()
  let deleted = 0
  if (cutoff) {
    const r = await ctx.db.deleteFrom('events').where('seq', '<=', cutoff.seq).executeTakeFirst()
    deleted = Number(r.numDeletedRows)
  }
  await pruneTimeline(ctx)
  await pruneAudit(ctx)
  return deleted
}
