import { sql } from 'kysely'
import { Health } from '../../../core/api/health.ts'
import type { AppContext } from '../../context.ts'
import type { ZodApp } from '../../http/zod-app.ts'

/** How long `select 1` may take before the database counts as not answering. */
export const HEALTH_DB_TIMEOUT_MS = 2_000

/** Resolves with the latency in ms, or null when the database fails or does not answer in time. */
async function probe(ctx: AppContext): Promise<number | null> {
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), HEALTH_DB_TIMEOUT_MS)
  })
  try {
    const answered = await Promise.race([sql`select 1`.execute(ctx.db).then(() => true), timeout])
    return answered ? Math.round((performance.now() - started) * 10) / 10 : null
  } catch {
    return null
  } finally {
    clearTimeout(timer)
  }
}

/** `GET /health`: for load balancers; 503 `degraded` when the database does not answer. */
export function healthRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/health',
    { schema: { tags: ['health'], summary: 'Liveness and database (503 degraded when the database does not answer within 2 s)', response: { 200: Health, 503: Health } }, config: { permission: 'public' } },
    async (_req, reply) => {
      const latency = await probe(ctx)
      const body = {
        status: latency === null ? ('degraded' as const) : ('ok' as const),
        database: ctx.dialect,
        version: ctx.version,
        databaseOk: latency !== null,
        databaseLatencyMs: latency,
        replica: ctx.config.replicaId,
        labAgents: (ctx.lab as { agentCount?: number } | null)?.agentCount ?? 0,
      }
      return latency === null ? reply.status(503).send(body) : body
    },
  )
}
