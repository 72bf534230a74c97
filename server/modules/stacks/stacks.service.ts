import type { Service, Stack } from '../../../core/api/stacks.ts'
import type { ServiceDef } from '../../../core/compose/services.ts'
import type { AppContext } from '../../context.ts'
import { bool, fromJson } from '../../db/json.ts'
import type { ServiceTable, StackTable } from '../../db/schema.ts'
import { notFound } from '../../errors.ts'

function toService(r: ServiceTable): Service {
  const launch = fromJson<Partial<ServiceDef>>(r.launch_config_json, {})
  return {
    id: r.id,
    name: r.name,
    kind: r.kind as Service['kind'],
    state: r.state as Service['state'],
    global: bool(r.global),
    scale: r.scale,
    image: launch.image ?? '',
    networkMode: launch.networkMode ?? 'managed',
  }
}

function toStack(r: StackTable, services: ServiceTable[]): Stack {
  return {
    id: r.id,
    environmentId: r.environment_id,
    name: r.name,
    system: bool(r.system),
    state: r.state as Stack['state'],
    stateReason: r.state_reason,
    catalogTemplateId: r.catalog_template_id,
    version: r.version,
    externalId: r.external_id,
    answers: fromJson(r.answers_json, {}),
    dockerCompose: r.docker_compose,
    rancherCompose: r.rancher_compose,
    services: services.filter((s) => s.stack_id === r.id).map(toService),
    revision: r.revision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

/** The environment's live stacks; removed ones are left out (GET by id still answers them, with why). */
export async function listStacks(ctx: AppContext, environmentId: string): Promise<Stack[]> {
  const stacks = await ctx.db.selectFrom('stacks').selectAll().where('environment_id', '=', environmentId).where('state', '!=', 'removed').orderBy('id').execute()
  const services = await ctx.db.selectFrom('services').selectAll().where('environment_id', '=', environmentId).orderBy('id').execute()
  return stacks.map((s) => toStack(s, services))
}

export async function getStack(ctx: AppContext, environmentId: string, id: string): Promise<Stack> {
  const stack = await ctx.db.selectFrom('stacks').selectAll().where('environment_id', '=', environmentId).where('id', '=', id).executeTakeFirst()
  if (!stack) throw notFound('stack', id)
  const services = await ctx.db.selectFrom('services').selectAll().where('stack_id', '=', id).orderBy('id').execute()
  return toStack(stack, services)
}
