import type { AppContext } from '../context.ts'

/** Change events kept for replay to reconnecting clients; older ones are pruned. */
export const EVENT_RETENTION = 10_000

/** Deletes events older than the newest EVENT_RETENTION, so the table does not grow with uptime. */
export async function pruneEvents(ctx: AppContext): Promise<number> {
  const cutoff = await ctx.db.selectFrom('events').select('seq').orderBy('seq', 'desc').offset(EVENT_RETENTION).limit(1).executeTakeFirst()
  if (!cutoff) return 0
  const r = await ctx.db.deleteFrom('events').where('seq', '<=', cutoff.seq).executeTakeFirst()
  return Number(r.numDeletedRows)
}
