/**
 * The audit log: one row per mutation (POST, PUT, PATCH, DELETE on an API route), written after
 * the answer is sent, refused requests included. Agent heartbeats and reports are left out (every
 * host sends them every interval); agent registration is recorded. Only who, what, when, from
 * where and the status are kept: never bodies, queries, passwords or tokens.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AuditEntry, AuditList } from '../../../core/api/auth.ts'
import type { Actor } from '../../auth/policy.ts'
import type { AppContext } from '../../context.ts'
import { decodeCursor, encodeCursor } from '../../db/paging.ts'
import { AppError } from '../../errors.ts'
import { nowIso } from '../../ids.ts'

/** Entries kept in all, and per environment (the retention timer prunes beyond them). */
export const AUDIT_RETENTION = 100_000
export const AUDIT_RETENTION_PER_ENVIRONMENT = 10_000

const AUDITED_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
/** Longest path parameter value kept (ids are at most 64; garbage is cut). */
const MAX_PARAM = 200

export interface AuditRecord {
  actorKind: AuditEntry['actorKind']
  actorId: string | null
  actorName: string | null
  via: AuditEntry['via']
  method: string
  route: string
  params: Record<string, string>
  environmentId: string | null
  status: number
  ip: string
  requestId: string
}

function who(actor: Actor | null): Pick<AuditRecord, 'actorKind' | 'actorId' | 'actorName' | 'via'> {
  switch (actor?.kind) {
    case 'user':
      return { actorKind: 'account', actorId: actor.id, actorName: actor.username, via: actor.via }
    case 'agent':
      return { actorKind: 'agent', actorId: actor.hostId, actorName: null, via: 'agent' }
    case 'registrar':
      return { actorKind: 'agent', actorId: actor.tokenId, actorName: 'registration token', via: 'agent' }
    default:
      return { actorKind: 'anonymous', actorId: null, actorName: null, via: 'anonymous' }
  }
}

// at most n characters with the ellipsis, so a cut value still fits the audit schema (ids max 64)
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s)

/** What to record for a finished request, or null when it is not audited. */
export function auditRecordOf(request: FastifyRequest, reply: FastifyReply): AuditRecord | null {
  if (!AUDITED_METHODS.has(request.method)) return null
  const permission = request.routeOptions.config?.permission
  // API routes only (unmatched URLs have no route); heartbeats and reports are too chatty
  if (!permission || permission === 'agent:report') return null
  const params: Record<string, string> = {}
  for (const [k, v] of Object.entries((request.params ?? {}) as Record<string, unknown>)) params[k] = cut(String(v), MAX_PARAM)
  const environmentId = params.envId ?? request.auditEnvironmentId ?? null
  return {
    ...who(request.actor),
    method: request.method,
    route: request.routeOptions.url ?? '',
    params,
    environmentId: environmentId === null ? null : cut(environmentId, 64),
    status: reply.statusCode,
    ip: request.ip ?? '',
    requestId: String(request.id),
  }
}

const PENDING = new WeakMap<AppContext, Set<Promise<unknown>>>()

/** Writes an entry in the background; `flushAudit` waits for the ones in flight. */
export function recordAudit(ctx: AppContext, r: AuditRecord, onError: (err: unknown) => void): void {
  let pending = PENDING.get(ctx)
  if (!pending) PENDING.set(ctx, (pending = new Set()))
  const p = ctx.db
    .insertInto('audit_log')
    .values({
      at: nowIso(),
      actor_kind: r.actorKind,
      actor_id: r.actorId,
      actor_name: r.actorName,
      via: r.via,
      method: r.method,
      route: r.route,
      params_json: JSON.stringify(r.params),
      environment_id: r.environmentId,
      status: r.status,
      ip: r.ip,
      request_id: r.requestId,
    })
    .execute()
    .catch(onError)
  pending.add(p)
  void p.finally(() => pending.delete(p))
}

/** Waits until every audit entry of finished requests is written (tests, shutdown). */
export async function flushAudit(ctx: AppContext): Promise<void> {
  // onResponse runs when the response has finished, which can be just after the caller saw it
  await new Promise((r) => setImmediate(r))
  const pending = PENDING.get(ctx)
  while (pending && pending.size > 0) await Promise.all([...pending])
}

/** Newest first; `environmentId` filters; undefined: everything. */
export async function listAudit(ctx: AppContext, q: { limit: number; cursor?: string; environmentId?: string }): Promise<AuditList> {
  const after = decodeCursor(q.cursor)
  const before = after === null ? null : /^a_(\d+)$/.exec(after)
  if (after !== null && !before) {
    throw new AppError('VALIDATION_FAILED', `cursor: ${JSON.stringify(q.cursor)} is not a cursor this server issued`, [{ path: 'cursor', message: 'is not a cursor this server issued' }])
  }
  let query = ctx.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(q.limit + 1)
  if (q.environmentId !== undefined) query = query.where('environment_id', '=', q.environmentId)
  if (before) query = query.where('id', '<', Number(before[1]))
  const rows = await query.execute()
  const pageRows = rows.slice(0, q.limit)
  const items: AuditEntry[] = pageRows.map((r) => ({
    id: String(r.id),
    at: r.at,
    actorKind: r.actor_kind as AuditEntry['actorKind'],
    actorId: r.actor_id,
    actorName: r.actor_name,
    via: r.via as AuditEntry['via'],
    method: r.method,
    route: r.route,
    params: JSON.parse(r.params_json) as Record<string, string>,
    environmentId: r.environment_id,
    status: Number(r.status),
    ip: r.ip,
    requestId: r.request_id,
  }))
  return { items, nextCursor: rows.length > q.limit ? encodeCursor(`a_${pageRows[pageRows.length - 1].id}`) : null }
}

/** Keeps the newest AUDIT_RETENTION entries, and the newest AUDIT_RETENTION_PER_ENVIRONMENT of each environment. */
export async function pruneAudit(ctx: AppContext, limits = { total: AUDIT_RETENTION, perEnvironment: AUDIT_RETENTION_PER_ENVIRONMENT }): Promise<number> {
  let deleted = 0
  const cutoff = await ctx.db.selectFrom('audit_log').select('id').orderBy('id', 'desc').offset(limits.total).limit(1).executeTakeFirst()
  if (cutoff) deleted += Number((await ctx.db.deleteFrom('audit_log').where('id', '<=', cutoff.id).executeTakeFirst()).numDeletedRows)
  const envs = await ctx.db
    .selectFrom('audit_log')
    .select(['environment_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('environment_id', 'is not', null)
    .groupBy('environment_id')
    .execute()
  for (const e of envs) {
    if (Number(e.n) <= limits.perEnvironment) continue
    const envCut = await ctx.db
      .selectFrom('audit_log')
      .select('id')
      .where('environment_id', '=', e.environment_id)
      .orderBy('id', 'desc')
      .offset(limits.perEnvironment)
      .limit(1)
      .executeTakeFirst()
    if (envCut) {
      deleted += Number((await ctx.db.deleteFrom('audit_log').where('environment_id', '=', e.environment_id).where('id', '<=', envCut.id).executeTakeFirst()).numDeletedRows)
    }
  }
  return deleted
}
