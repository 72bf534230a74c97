/**
 * GET …/drift: the environment's running infrastructure stacks against the template copy kept
 * at creation (core/stacks/drift.ts does the comparison). Environments created before the copy
 * existed are compared with the template as it is now, when it still exists.
 */
import type { DriftReport } from '../../../core/api/stacks.ts'
import type { TemplateStack } from '../../../core/api/templates.ts'
import { computeDrift, type RunningStack } from '../../../core/stacks/drift.ts'
import type { AppContext } from '../../context.ts'
import { fromJson } from '../../db/json.ts'
import { listCatalog } from '../catalog/catalog.service.ts'
import { requireEnvironment } from '../environments/environments.service.ts'
import { findTemplate } from '../templates/templates.service.ts'

export async function environmentDrift(ctx: AppContext, environmentId: string): Promise<DriftReport> {
  const env = await requireEnvironment(ctx, environmentId)
  const template = env.environment_template_id ? await findTemplate(ctx, env.environment_template_id) : null
  // no copy and no template: nothing to compare with, so no stack is listed (rather than all as "added")
  const templateStacks: TemplateStack[] | null = env.template_stacks_json !== null ? fromJson<TemplateStack[]>(env.template_stacks_json, []) : (template?.stacks ?? null)

  const rows = await ctx.db
    .selectFrom('stacks')
    .selectAll()
    .where('environment_id', '=', environmentId)
    .where('system', '=', 1)
    .where('state', '!=', 'removed')
    .orderBy('id')
    .execute()
  const running: RunningStack[] = rows.map((r) => ({
    id: r.id,
    name: r.name,
    catalogTemplateId: r.catalog_template_id,
    version: r.version,
    answers: fromJson(r.answers_json, {}),
    dockerCompose: r.docker_compose,
    rancherCompose: r.rancher_compose,
  }))

  const changed = template !== null && env.template_revision !== null && template.revision > env.template_revision
  return {
    environmentTemplateId: env.environment_template_id,
    templateName: env.template_name,
    templateRevision: env.template_revision,
    templateChangedSince: changed ? template.revision : null,
    stacks: templateStacks === null ? [] : computeDrift(templateStacks, running, await listCatalog(ctx)),
  }
}
