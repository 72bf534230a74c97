/**
 * Adding an infrastructure stack from the catalog to a running environment (e.g. the network
 * driver again after a forced removal). The stack is planned and checked as a template stack
 * is (catalog template and version, answers with the template rules, rendering, the driver
 * block), then written with the same code as at environment creation. A stack that declares a
 * network driver creates the driver, its network and subnets and becomes the default network;
 * an environment takes one driver (400 MULTIPLE_NETWORK_DRIVERS while one is active). On an
 * environment with active hosts the infrastructure is placed on them at once, as on a host's
 * registration; otherwise the stack waits for a host. A removed stack of the same name is purged.
 */
import type { ErrorDetail } from '../../../core/api/errors.ts'
import type { z } from 'zod'
import type { CreateStack } from '../../../core/api/stacks.ts'
import { checkStackAnswers } from '../../../core/templates/rules.ts'
import type { AppContext } from '../../context.ts'
import { inTransaction, type Tx } from '../../db/tx.ts'
import { AppError, notFound, validationFailed } from '../../errors.ts'
import { nowIso } from '../../ids.ts'
import { placeInfrastructure } from '../../orchestration/placement.ts'
import { planStack, type StackPlan } from '../../orchestration/stack-plan.ts'
import { writeStack } from '../../orchestration/write-environment.ts'
import { listCatalog } from '../catalog/catalog.service.ts'
import { recordStackChanged } from '../diagnostics/timeline-recorders.ts'

/** The body after the schema: defaults filled in. */
export type CreateStackBody = z.output<typeof CreateStack>

/** Plans and writes the stack; answers its id. 400 naming the field, 409 NAME_TAKEN, 400 MULTIPLE_NETWORK_DRIVERS. */
export async function addStack(ctx: AppContext, environmentId: string, input: CreateStackBody): Promise<string> {
  const plan = await planNewStack(ctx, input)
  return inTransaction(ctx.db, ctx.bus, async (tx) => {
    // PostgreSQL: one stack change per environment at a time, so two drivers cannot both pass the check
    let envQuery = tx.db.selectFrom('environments').select(['id', 'default_network_id', 'revision']).where('id', '=', environmentId)
    if (ctx.dialect === 'postgres') envQuery = envQuery.forUpdate()
    const env = await envQuery.executeTakeFirst()
    if (!env) throw notFound('environment', environmentId)
    await checkNameFree(tx, environmentId, input.name)
    if (plan.driver) await checkNoActiveDriver(tx, environmentId, plan)

    await purgeRemoved(tx, environmentId, input.name)
    const { stackId, networkId } = await writeStack(tx, environmentId, plan)
    await recordStackChanged(tx, environmentId, stackId, { action: 'added' })
    if (networkId && env.default_network_id === null) {
      await tx.db.updateTable('environments').set({ default_network_id: networkId, revision: env.revision + 1, updated_at: nowIso() }).where('id', '=', environmentId).execute()
      tx.emit('environment', 'updated', environmentId, environmentId, env.revision + 1)
    }
    const hosts = await tx.db.selectFrom('hosts').select('id').where('environment_id', '=', environmentId).where('state', '=', 'active').orderBy('id').execute()
    for (const h of hosts) await placeInfrastructure(tx, ctx, environmentId, h.id)
    return stackId
  })
}

/** Catalog references, answers (template rules) and rendering; every problem named by its field. */
async function planNewStack(ctx: AppContext, input: CreateStackBody): Promise<StackPlan> {
  const catalog = await listCatalog(ctx)
  const details: ErrorDetail[] = []
  const template = catalog.find((t) => t.id === input.catalogTemplateId)
  const version = template?.versions.find((v) => v.version === (input.version ?? template.defaultVersion))
  if (version) details.push(...checkStackAnswers(version.questions, input.answers))
  const planned = planStack(input, 0, catalog)
  if (!planned.ok) {
    // planStack names fields as a template's `stacks.0.…`; here they are the body's own
    for (const e of planned.errors) {
      const path = e.path.replace(/^stacks\.0\./, '')
      if (!details.some((d) => d.path === path)) details.push({ path, message: e.message })
    }
  }
  // an unknown catalog template or version is a 400 here (issue #4), like any other field
  if (details.length > 0 || !planned.ok) throw validationFailed(details)
  return planned.plan
}

async function checkNameFree(tx: Tx, environmentId: string, name: string): Promise<void> {
  const live = await tx.db.selectFrom('stacks').select('name').where('environment_id', '=', environmentId).where('state', '!=', 'removed').execute()
  if (live.some((s) => s.name.toLowerCase() === name.toLowerCase())) {
    throw new AppError('NAME_TAKEN', `a stack named ${JSON.stringify(name)} already exists in this environment`, [{ path: 'name', message: 'is taken' }])
  }
}

/**
 * Stack names are unique per environment in the database, removed stacks included; as cattle
 * purges removed stacks, a removed stack of the name being reused is purged now (its driver
 * row too). Its removed network stays: containers that were on it still point there.
 */
async function purgeRemoved(tx: Tx, environmentId: string, name: string): Promise<void> {
  const removed = await tx.db.selectFrom('stacks').select('id').where('environment_id', '=', environmentId).where('name', '=', name).where('state', '=', 'removed').execute()
  if (removed.length === 0) return
  const ids = removed.map((r) => r.id)
  // explicit order so both databases agree regardless of FK cascade paths
  const drivers = await tx.db.selectFrom('network_drivers').select('id').where('stack_id', 'in', ids).execute()
  if (drivers.length > 0) {
    await tx.db.updateTable('networks').set({ network_driver_id: null }).where('network_driver_id', 'in', drivers.map((d) => d.id)).execute()
    await tx.db.deleteFrom('network_drivers').where('stack_id', 'in', ids).execute()
  }
  await tx.db.updateTable('containers').set({ stack_id: null, service_id: null }).where('stack_id', 'in', ids).execute()
  await tx.db.deleteFrom('services').where('stack_id', 'in', ids).execute()
  await tx.db.deleteFrom('stacks').where('id', 'in', ids).execute()
}

async function checkNoActiveDriver(tx: Tx, environmentId: string, plan: StackPlan): Promise<void> {
  const active = await tx.db
    .selectFrom('network_drivers as d')
    .innerJoin('stacks as s', 's.id', 'd.stack_id')
    .select(['d.name', 's.name as stack_name'])
    .where('d.environment_id', '=', environmentId)
    .where('d.state', '!=', 'removed')
    .executeTakeFirst()
  if (!active) return
  const message =
    `the environment already has the network driver ${active.name} (stack ${active.stack_name}); an environment takes one network driver, ` +
    `so ${plan.driver!.name} cannot be added. Remove stack ${active.stack_name} first.`
  throw new AppError('MULTIPLE_NETWORK_DRIVERS', message, [{ path: 'catalogTemplateId', message }])
}
