import { sql, type Kysely } from 'kysely'
import type { z } from 'zod'
import type { EnvironmentTemplate, TemplateInput, TemplateStack } from '../../../core/api/templates.ts'
import type { AppContext } from '../../context.ts'
import { bit, bool, fromJson, toJson } from '../../db/json.ts'
import type { Database, EnvironmentTemplateTable } from '../../db/schema.ts'
import { inTransaction } from '../../db/tx.ts'
import { AppError, notFound, validationFailed } from '../../errors.ts'
import { checkRevision } from '../../http/if-match.ts'
import { newId, nowIso } from '../../ids.ts'
import { listCatalog } from '../catalog/catalog.service.ts'
import { checkTemplateInput } from './template-check.ts'

/** A POST/PUT body after the schema applied its defaults. */
export type TemplateBody = z.output<typeof TemplateInput>

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

const nameTakenError = (name: string) =>
  new AppError('NAME_TAKEN', `an environment template named ${JSON.stringify(name)} already exists`, [
    { path: 'name', message: `${JSON.stringify(name)} is taken; template names are unique` },
  ])

/** Case-insensitive, like environment names: "cattle" next to "Cattle" would only confuse. `db` is the transaction. */
async function nameTaken(db: Kysely<Database>, name: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom('environment_templates').select('id').where(sql`lower(name)`, '=', name.toLowerCase())
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId)
  return (await q.executeTakeFirst()) !== undefined
}

/** A unique-key violation on either database (two writes of the same name at once). */
function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return code === '23505' || (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT'))
}

/**
 * Re-reads, inside the write's transaction, that every catalog template the stacks use still
 * exists: the rules ran against a catalog read before the transaction, and an operator may have
 * removed an imported template in between.
 */
async function requireCatalogTemplates(db: Kysely<Database>, stacks: TemplateStack[]): Promise<void> {
  const ids = [...new Set(stacks.map((s) => s.catalogTemplateId))]
  if (ids.length === 0) return
  const found = new Set((await db.selectFrom('catalog_templates').select('id').where('id', 'in', ids).execute()).map((r) => r.id))
  const missing = stacks.flatMap((s, i) =>
    found.has(s.catalogTemplateId) ? [] : [{ path: `stacks.${i}.catalogTemplateId`, message: `unknown catalog template ${JSON.stringify(s.catalogTemplateId)}` }],
  )
  if (missing.length > 0) throw validationFailed(missing)
}

const builtinReadOnly = (t: { name: string }, doing: 'changed' | 'deleted') =>
  new AppError(
    'BUILTIN_READ_ONLY',
    `${JSON.stringify(t.name)} is a built-in environment template: it ships with Paddock and cannot be ${doing}; copy it (create a template with its stacks) and ${doing === 'changed' ? 'edit the copy' : 'use the copy instead'}`,
  )

/** Rules, plan and validator (400), against the catalog as the catalog service lists it. */
async function checkBody(ctx: AppContext, body: TemplateBody): Promise<void> {
  checkTemplateInput(body.stacks, await listCatalog(ctx))
}

/** POST /templates: a new private or public template; 409 NAME_TAKEN, 400 per template-check.ts. */
export async function createTemplate(ctx: AppContext, body: TemplateBody): Promise<EnvironmentTemplate> {
  if (await nameTaken(ctx.db, body.name)) throw nameTakenError(body.name)
  await checkBody(ctx, body)
  const id = newId('tpl_')
  try {
    await inTransaction(ctx.db, ctx.bus, async (tx) => {
      if (await nameTaken(tx.db, body.name)) throw nameTakenError(body.name)
      await requireCatalogTemplates(tx.db, body.stacks)
      const now = nowIso()
      await tx.db
        .insertInto('environment_templates')
        .values({
          id,
          name: body.name,
          description: body.description,
          is_public: bit(body.isPublic),
          builtin: 0,
          stacks_json: toJson(body.stacks),
          revision: 1,
          created_at: now,
          updated_at: now,
        })
        .execute()
      tx.emit('environmentTemplate', 'created', id, null, 1)
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTakenError(body.name)
    throw err
  }
  return getTemplate(ctx, id)
}

/**
 * PUT /templates/:id: replaces name, description, visibility and stacks. Environments created
 * from the template keep the copy of the stacks they were created with (environments.
 * template_stacks_json), so nothing running changes.
 */
export async function replaceTemplate(ctx: AppContext, id: string, body: TemplateBody, ifMatch: number | null): Promise<EnvironmentTemplate> {
  // 404 and built-in first: a read-only template is refused whatever the body says.
  const before = await getTemplate(ctx, id)
  if (before.builtin) throw builtinReadOnly(before, 'changed')
  checkRevision(ifMatch, before.revision, `environment template ${id}`)
  if (await nameTaken(ctx.db, body.name, id)) throw nameTakenError(body.name)
  await checkBody(ctx, body)
  try {
    await inTransaction(ctx.db, ctx.bus, async (tx) => {
      const row = await tx.db.selectFrom('environment_templates').select(['id', 'name', 'builtin', 'revision']).where('id', '=', id).executeTakeFirst()
      if (!row) throw notFound('environment template', id)
      if (bool(row.builtin)) throw builtinReadOnly(row, 'changed')
      checkRevision(ifMatch, row.revision, `environment template ${id}`)
      if (await nameTaken(tx.db, body.name, id)) throw nameTakenError(body.name)
      await requireCatalogTemplates(tx.db, body.stacks)
      const revision = row.revision + 1
      // `revision = row.revision` in the WHERE: a concurrent PUT that committed in between
      // makes this update match nothing instead of silently overwriting it.
      const updated = await tx.db
        .updateTable('environment_templates')
        .set({ name: body.name, description: body.description, is_public: bit(body.isPublic), stacks_json: toJson(body.stacks), revision, updated_at: nowIso() })
        .where('id', '=', id)
        .where('revision', '=', row.revision)
        .executeTakeFirst()
      if (Number(updated.numUpdatedRows) !== 1) {
        const now = await tx.db.selectFrom('environment_templates').select('revision').where('id', '=', id).executeTakeFirst()
        throw new AppError('REVISION_MISMATCH', `environment template ${id} changed while it was being replaced; reload and try again`, { current: now?.revision ?? row.revision })
      }
      tx.emit('environmentTemplate', 'updated', id, null, revision)
    })
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTakenError(body.name)
    throw err
  }
  return getTemplate(ctx, id)
}

/**
 * DELETE /templates/:id. Environments made from it keep their provenance (template name and
 * revision, and the copy of its stacks drift compares with); only their link to the template,
 * which would now point at nothing, is cleared — a write of each environment.
 */
export async function deleteTemplate(ctx: AppContext, id: string, ifMatch: number | null): Promise<void> {
  await inTransaction(ctx.db, ctx.bus, async (tx) => {
    const row = await tx.db.selectFrom('environment_templates').select(['id', 'name', 'builtin', 'revision']).where('id', '=', id).executeTakeFirst()
    if (!row) throw notFound('environment template', id)
    if (bool(row.builtin)) throw builtinReadOnly(row, 'deleted')
    checkRevision(ifMatch, row.revision, `environment template ${id}`)
    const environments = await tx.db.selectFrom('environments').select(['id', 'revision']).where('environment_template_id', '=', id).execute()
    const now = nowIso()
    for (const env of environments) {
      const revision = env.revision + 1
      await tx.db.updateTable('environments').set({ environment_template_id: null, revision, updated_at: now }).where('id', '=', env.id).execute()
      tx.emit('environment', 'updated', env.id, env.id, revision)
    }
    await tx.db.deleteFrom('environment_templates').where('id', '=', id).execute()
    tx.emit('environmentTemplate', 'deleted', id, null, row.revision + 1)
  })
}
