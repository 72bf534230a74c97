import { sql } from 'kysely'
import { Health } from '../../../core/api/health.ts'
import type { AppContext } from '../../context.ts'
import type { ZodApp } from '../../http/zod-app.ts'


export function healthRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/health',
    { schema: { tags: ['health'], summary: 'Liveness and database', response: { 200: Health, 503: Health } }, config: { permission: 'public' } },
    async (_req, reply) => {
      try {
        await sql`select 1`.execute(ctx.db)
        return { status: 'ok' as const, database: ctx.dialect, version: ctx.version }
      } catch {
        return reply.status(503).send({ status: 'degraded' as const, database: ctx.dialect, version: ctx.version })
      }
    },
  )
}
