import { sql, type Kysely } from 'kysely'
import type { CreateEnvironment, Environment, UpdateEnvironment } from '../../../core/api/environments.ts'
import type { AppContext } from '../../context.ts'
import type { Database, EnvironmentTable } from '../../db/schema.ts'
import { decodeCursor, page } from '../../db/paging.ts'
import { inTransaction } from '../../db/tx.ts'
import { AppError, notFound, referenceNotFound, validationFailed } from '../../errors.ts'
import { checkRevision } from '../../http/if-match.ts'
import { nowIso } from '../../ids.ts'
import { listCatalog } from '../catalog/catalog.service.ts'
import { findTemplate } from '../templates/templates.service.ts'
import { planStack, type StackPlan } from '../../orchestration/stack-plan.ts'
import { writeEnvironment } from '../../orchestration/write-environment.ts'
import { issueRegistrationToken } from '../../auth/registration-tokens.ts'

type Counted = EnvironmentTable & { host_count: number | string; container_count: number | string }

function toEnvironment(r: Counted): Environment {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    state: r.state as Environment['state'],
    environmentTemplateId: r.environment_template_id,
    templateName: r.template_name,
    templateRevision: r.template_revision,
    defaultNetworkId: r.default_network_id,
    hostCount: Number(r.host_count),
    containerCount: Number(r.container_count),
    revision: r.revision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

function environmentQuery(ctx: AppContext) {
  return ctx.db
    .selectFrom('environments as e')
    .selectAll('e')
    .select([
      sql<number>`(select count(*) from hosts h where h.environment_id = e.id and h.state != 'removed')`.as('host_count'),
      sql<number>`(select count(*) from containers c where c.environment_id = e.id and c.state != 'removed')`.as('container_count'),
    ])
}

/** `visibleTo`: only these environments (the caller's memberships); undefined: all (admins). */
export async function listEnvironments(ctx: AppContext, q: { limit: number; cursor?: string }, visibleTo?: string[]) {
  const after = decodeCursor(q.cursor)
  let query = environmentQuery(ctx)
  if (visibleTo) {
    if (visibleTo.length === 0) return { items: [], nextCursor: null }
    query = query.where('e.id', 'in', visibleTo)
  }
  if (after) query = query.where('e.id', '>', after)
  const rows = await query.orderBy('e.id').limit(q.limit + 1).execute()
  const { rows: pageRows, nextCursor } = page(rows, q.limit)
  return { items: pageRows.map(toEnvironment), nextCursor }
}

export async function getEnvironment(ctx: AppContext, id: string): Promise<Environment> {
  const row = await environmentQuery(ctx).where('e.id', '=', id).executeTakeFirst()
  if (!row) throw notFound('environment', id)
  return toEnvironment(row)
}

/** 404 unless the environment exists; used by every environment-scoped route. */
export async function requireEnvironment(ctx: AppContext, id: string): Promise<EnvironmentTable> {
  const row = await ctx.db.selectFrom('environments').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('environment', id)
  return row
}

/** `db` is the transaction when called inside one: SQLite has a single connection. */
async function nameTaken(db: Kysely<Database>, name: string, exceptId?: string) {
  let q = db.selectFrom('environments').select('id').where(sql`lower(name)`, '=', name.toLowerCase())
  if (exceptId) q = q.where('id', '!=', exceptId)
  return !!(await q.executeTakeFirst())
}

/**
 * Creates an environment from a template: plans every infrastructure stack first (answers,
 * rendering, driver, network), then writes everything in one transaction, so a failure
 * leaves no environment, stack, network or address behind.
 */
export async function createEnvironment(ctx: AppContext, input: CreateEnvironment, ownerId?: string): Promise<Environment> {
  const template = await findTemplate(ctx, input.environmentTemplateId)
  if (!template) throw referenceNotFound('environmentTemplateId', 'environment template', input.environmentTemplateId)
  if (await nameTaken(ctx.db, input.name)) throw new AppError('NAME_TAKEN', `an environment named ${JSON.stringify(input.name)} already exists`, [{ path: 'name', message: 'is taken' }])

  const catalog = await listCatalog(ctx)
  const plans: StackPlan[] = []
  for (const [i, stack] of template.stacks.entries()) {
    const planned = planStack(stack, i, catalog)
    if (!planned.ok) {
      const details = planned.errors.map((e) => ({ path: `environmentTemplateId(${template.name}).${e.path}`, message: e.message }))
      if (planned.missingReference) throw new AppError('REFERENCE_NOT_FOUND', details.map((d) => `${d.path}: ${d.message}`).join('; '), details)
      throw validationFailed(details)
    }
    plans.push(planned.plan)
  }
  const drivers = plans.filter((p) => p.driver)
  if (drivers.length > 1) {
    // only templates saved before the template rules existed can get here; same code as the template routes
    const message = `template ${JSON.stringify(template.name)} enables ${drivers.length} network drivers (${drivers.map((p) => p.name).join(', ')}); choose one`
    throw new AppError('MULTIPLE_NETWORK_DRIVERS', message, [{ path: 'environmentTemplateId', message }])
  }
  // the copy drift compares against: a default version is pinned to the one used now
  const templateStacks = template.stacks.map((s, i) => ({ ...s, version: plans[i].version }))
  const id = await inTransaction(ctx.db, ctx.bus, async (tx) => {
    const envId = await writeEnvironment(tx, ctx, { name: input.name, description: input.description, template, templateStacks, plans })
    // the creator owns it, in the same transaction
    if (ownerId) await tx.db.insertInto('memberships').values({ environment_id: envId, account_id: ownerId, role: 'owner', created_at: nowIso() }).execute()
    // its agent registration token (owners rotate to see one)
    await issueRegistrationToken(tx.db, envId, null)
    return envId
  })
  return getEnvironment(ctx, id)
}

export async function updateEnvironment(ctx: AppContext, id: string, input: UpdateEnvironment, ifMatch: number | null): Promise<Environment> {
  await inTransaction(ctx.db, ctx.bus, async (tx) => {
    const row = await tx.db.selectFrom('environments').selectAll().where('id', '=', id).executeTakeFirst()
    if (!row) throw notFound('environment', id)
    checkRevision(ifMatch, row.revision, `environment ${id}`)
    if (input.name !== undefined && input.name !== row.name && (await nameTaken(tx.db, input.name, id))) {
      throw new AppError('NAME_TAKEN', `an environment named ${JSON.stringify(input.name)} already exists`, [{ path: 'name', message: 'is taken' }])
    }
    const revision = row.revision + 1
    await tx.db
      .updateTable('environments')
      .set({ name: input.name ?? row.name, description: input.description ?? row.description, revision, updated_at: nowIso() })
      .where('id', '=', id)
      .execute()
    tx.emit('environment', 'updated', id, id, revision)
  })
  return getEnvironment(ctx, id)
}

/** Deletes the environment and everything in it (hosts' agents lose their tokens). */
export async function deleteEnvironment(ctx: AppContext, id: string, ifMatch: number | null): Promise<void> {
  await inTransaction(ctx.db, ctx.bus, async (tx) => {
    const row = await tx.db.selectFrom('environments').select(['id', 'revision']).where('id', '=', id).executeTakeFirst()
    if (!row) throw notFound('environment', id)
    checkRevision(ifMatch, row.revision, `environment ${id}`)
    // explicit order so both databases agree regardless of FK cascade paths
    for (const table of ['ip_addresses', 'agent_reports', 'probe_requests', 'findings', 'containers', 'subnets', 'networks', 'network_drivers', 'services', 'stacks', 'hosts', 'memberships'] as const) {
      await tx.db.deleteFrom(table).where('environment_id', '=', id).execute()
    }
    // keys limited to this environment can do nothing more
    await tx.db.updateTable('api_keys').set({ revoked_at: nowIso() }).where('environment_id', '=', id).where('revoked_at', 'is', null).execute()
    await tx.db.deleteFrom('environments').where('id', '=', id).execute()
    tx.emit('environment', 'deleted', id, id, row.revision + 1)
  })
}
