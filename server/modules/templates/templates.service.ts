import type { EnvironmentTemplate, TemplateStack } from '../../../core/api/templates.ts'
import type { AppContext } from '../../context.ts'
import { bit, bool, fromJson, toJson } from '../../db/json.ts'
import type { EnvironmentTemplateTable } from '../../db/schema.ts'
import { notFound } from '../../errors.ts'
import { newId, nowIso } from '../../ids.ts'

export interface TemplateSeed {
  name: string
  description: string
  isPublic: boolean
  stacks: TemplateStack[]
}

export function toTemplate(r: EnvironmentTemplateTable): EnvironmentTemplate {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    isPublic: bool(r.is_public),
    builtin: bool(r.builtin),
    stacks: fromJson(r.stacks_json, []),
    revision: r.revision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

/** Creates the built-in environment templates that do not exist yet (by name); never overwrites edits. */
export async function seedBuiltinTemplates(ctx: AppContext, seeds: TemplateSeed[]): Promise<void> {
  for (const s of seeds) {
    const exists = await ctx.db.selectFrom('environment_templates').select('id').where('name', '=', s.name).executeTakeFirst()
    if (exists) continue
    const now = nowIso()
    await ctx.db
      .insertInto('environment_templates')
      .values({
        id: newId('tpl_'),
        name: s.name,
        description: s.description,
        is_public: bit(s.isPublic),
        builtin: 1,
        stacks_json: toJson(s.stacks),
        revision: 1,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute()
  }
}

export async function listTemplates(ctx: AppContext): Promise<EnvironmentTemplate[]> {
  const rows = await ctx.db.selectFrom('environment_templates').selectAll().orderBy('name').execute()
  return rows.map(toTemplate)
}

export async function findTemplate(ctx: AppContext, id: string): Promise<EnvironmentTemplate | null> {
  const row = await ctx.db.selectFrom('environment_templates').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? toTemplate(row) : null
}

export async function getTemplate(ctx: AppContext, id: string): Promise<EnvironmentTemplate> {
  const t = await findTemplate(ctx, id)
  if (!t) throw notFound('environment template', id)
  return t
}
