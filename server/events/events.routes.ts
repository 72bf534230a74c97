import { ChangeEvent, EventsQuery } from '../../core/api/events.ts'
import type { AppContext } from '../context.ts'
import type { ZodApp } from '../http/zod-app.ts'

const KEEPALIVE_MS = 15_000
/** How many missed events a reconnecting client may replay from `Last-Event-ID`. */
const REPLAY_LIMIT = 1000

function frame(e: ChangeEvent): string {
  return `id: ${e.seq}\nevent: change\ndata: ${JSON.stringify(e)}\n\n`
}

/** `GET /events`: Server-Sent Events of committed changes, optionally for one environment. */
export function eventRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/events',
    {
      schema: {
        tags: ['events'],
        summary: 'Live change events (text/event-stream; `event: change`, data = ChangeEvent, id = seq); resumes from Last-Event-ID',
        querystring: EventsQuery,
      },
      config: { permission: 'environment:read' },
    },
    async (req, reply) => {
      const environmentId = req.query.environmentId
      const matches = (e: ChangeEvent) => !environmentId || e.environmentId === environmentId || e.environmentId === null
      reply.hijack()
      const res = reply.raw
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      })
      res.write(`retry: 1000\n: connected\n\n`)

      const lastId = Number(req.headers['last-event-id'])
      if (Number.isInteger(lastId) && lastId > 0) {
        let q = ctx.db.selectFrom('events').selectAll().where('seq', '>', lastId).orderBy('seq').limit(REPLAY_LIMIT)
        // the same filter as the live stream: the environment's events and global ones
        if (environmentId) q = q.where((eb) => eb.or([eb('environment_id', '=', environmentId), eb('environment_id', 'is', null)]))
        for (const r of await q.execute()) {
          res.write(frame({ seq: Number(r.seq), kind: r.kind as ChangeEvent['kind'], action: r.action as ChangeEvent['action'], id: r.resource_id, environmentId: r.environment_id, revision: r.revision, at: r.at }))
        }
      }
      const unsubscribe = ctx.bus.subscribe((e) => {
        if (matches(e)) res.write(frame(e))
      })
      const keepalive = setInterval(() => res.write(`: keepalive\n\n`), KEEPALIVE_MS)
      const close = () => {
        clearInterval(keepalive)
        unsubscribe()
      }
      req.raw.on('close', close)
      res.on('error', close)
    },
  )
}
