import { ChangeEvent, EventsQuery } from '../../core/api/events.ts'
import type { AppContext } from '../context.ts'
import type { ZodApp } from '../http/zod-app.ts'
import { loadRoles } from '../auth/actor.ts'
import { canRead, type UserActor } from '../auth/policy.ts'
import { AppError } from '../errors.ts'

/** How long a stream trusts its snapshot of the caller's memberships before asking again. */
const ROLES_FRESH_MS = 5_000

/**
 * Which environments' events a stream may carry: all for an admin (with an unscoped key or a
 * session), else the caller's memberships, re-read when an event of an unknown environment
 * arrives (a new environment the caller just created) or the snapshot is older than
 * ROLES_FRESH_MS (a removed member stops receiving within seconds).
 */
class Visibility {
  private roles: Map<string, unknown>
  private readAt = Date.now()
  constructor(
    private readonly ctx: AppContext,
    private readonly actor: UserActor,
  ) {
    this.roles = actor.roles
  }
  get everything() {
    return this.actor.admin && this.actor.keyEnvironmentId === null
  }
  private allowed(envId: string) {
    return canRead({ ...this.actor, roles: this.roles as UserActor['roles'] }, envId)
  }
  async check(e: ChangeEvent): Promise<boolean> {
    if (e.environmentId === null || this.everything) return true
    // a deleted environment's members hear of the deletion (their membership went with it)
    if (e.kind === 'environment' && e.action === 'deleted') return this.allowed(e.environmentId)
    if (this.actor.admin) return this.allowed(e.environmentId)
    if (!this.allowed(e.environmentId) || Date.now() - this.readAt > ROLES_FRESH_MS) {
      this.roles = await loadRoles(this.ctx, this.actor.id)
      this.readAt = Date.now()
    }
    return this.allowed(e.environmentId)
  }
  /** Environments for the replay query (undefined: no filter). */
  replayIds(): string[] | undefined {
    if (this.everything) return undefined
    if (this.actor.keyEnvironmentId !== null) return this.allowed(this.actor.keyEnvironmentId) ? [this.actor.keyEnvironmentId] : []
    return [...this.roles.keys()]
  }
}

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
      const actor = req.actor
      if (actor?.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first')
      // another environment's stream does not exist for this caller
      if (environmentId && !canRead(actor, environmentId)) throw new AppError('NOT_FOUND', `environment ${JSON.stringify(environmentId)} does not exist`)
      const visibility = new Visibility(ctx, actor)
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
        const ids = visibility.replayIds()
        if (ids) q = q.where((eb) => eb.or([...(ids.length ? [eb('environment_id', 'in', ids)] : []), eb('environment_id', 'is', null)]))
        for (const r of await q.execute()) {
          res.write(frame({ seq: Number(r.seq), kind: r.kind as ChangeEvent['kind'], action: r.action as ChangeEvent['action'], id: r.resource_id, environmentId: r.environment_id, revision: r.revision, at: r.at }))
        }
      }
      // one queue keeps the order of frames while a membership check is pending
      let queue: Promise<void> = Promise.resolve()
      const unsubscribe = ctx.bus.subscribe((e) => {
        if (!matches(e)) return
        queue = queue.then(async () => {
          if (await visibility.check(e).catch(() => false)) res.write(frame(e))
        })
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
