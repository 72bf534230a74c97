import type { CatalogTemplate, CatalogTemplateVersion, ImportCatalogTemplate } from '../../../core/api/catalog.ts'
import type { TemplateStack } from '../../../core/api/templates.ts'
import { checkCatalogImport } from '../../../core/catalog/import.ts'
import type { AppContext } from '../../context.ts'
import { fromJson, toJson } from '../../db/json.ts'
import type { CatalogTemplateVersionTable } from '../../db/schema.ts'
import { AppError, notFound, validationFailed } from '../../errors.ts'
import { nowIso } from '../../ids.ts'

/**
 * Writes the built-in catalog into the database on every start (upsert by id and version),
 * so environments always find the templates the running version ships. Custom (imported)
 * templates are never overwritten or deleted: a built-in whose id a custom template already
 * holds is left out.
 */
export async function syncCatalog(ctx: AppContext, templates: CatalogTemplate[]): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    for (const t of templates) {
      const existing = await trx.selectFrom('catalog_templates').select('source').where('id', '=', t.id).executeTakeFirst()
      if (existing && existing.source !== 'builtin') continue
      const row = { id: t.id, name: t.name, description: t.description, category: t.category, source: 'builtin', default_version: t.defaultVersion, updated_at: nowIso() }
      await trx
        .insertInto('catalog_templates')
        .values(row)
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet({ name: row.name, description: row.description, category: row.category, default_version: row.default_version, updated_at: row.updated_at })
            .where('catalog_templates.source', '=', 'builtin'),
        )
        .execute()
      for (const v of t.versions) {
        const vrow: CatalogTemplateVersionTable = {
          catalog_template_id: t.id,
          version: v.version,
          version_index: v.versionIndex,
          minimum_rancher_version: v.minimumRancherVersion,
          upgrade_from: v.upgradeFrom,
          questions_json: toJson(v.questions),
          files_json: toJson(v.files),
        }
        await trx
          .insertInto('catalog_template_versions')
          .values(vrow)
          .onConflict((oc) =>
            oc.columns(['catalog_template_id', 'version']).doUpdateSet({
              version_index: vrow.version_index,
              minimum_rancher_version: vrow.minimum_rancher_version,
              upgrade_from: vrow.upgrade_from,
              questions_json: vrow.questions_json,
              files_json: vrow.files_json,
            }),
          )
          .execute()
      }
    }
  })
}

function toVersion(v: CatalogTemplateVersionTable): CatalogTemplateVersion {
  return {
    version: v.version,
    versionIndex: v.version_index,
    minimumRancherVersion: v.minimum_rancher_version,
    upgradeFrom: v.upgrade_from,
    questions: fromJson(v.questions_json, []),
    files: fromJson(v.files_json, []),
  }
}

export async function listCatalog(ctx: AppContext, onlyId?: string): Promise<CatalogTemplate[]> {
  let tq = ctx.db.selectFrom('catalog_templates').selectAll()
  let vq = ctx.db.selectFrom('catalog_template_versions').selectAll()
  if (onlyId !== undefined) {
    tq = tq.where('id', '=', onlyId)
    vq = vq.where('catalog_template_id', '=', onlyId)
  }
  const templates = await tq.orderBy('id').execute()
  const versions = await vq.orderBy('version_index').execute()
  return templates.map((t) => ({
    id: t.id,
    name: t.name,
    description: t.description,
    category: t.category as CatalogTemplate['category'],
    source: t.source === 'custom' ? 'custom' : 'builtin',
    defaultVersion: t.default_version,
    versions: versions.filter((v) => v.catalog_template_id === t.id).map(toVersion),
  }))
}

/** One catalog template or null. */
export async function findCatalogTemplate(ctx: AppContext, id: string): Promise<CatalogTemplate | null> {
  return (await listCatalog(ctx, id))[0] ?? null
}

export async function getCatalogTemplate(ctx: AppContext, id: string): Promise<CatalogTemplate> {
  const t = await findCatalogTemplate(ctx, id)
  if (!t) throw notFound('catalog template', id)
  return t
}

/** A unique-key violation on either database (a concurrent import of the same id or version). */
function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return code === '23505' || (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT'))
}

const versionTaken = (id: string, version: string) =>
  new AppError('NAME_TAKEN', `catalog template ${JSON.stringify(id)} already has version ${JSON.stringify(version)}`, [
    { path: 'version', message: `${id} already has version ${version}; change .catalog.version in rancher-compose.yml to add another` },
  ])

/**
 * Imports a Rancher catalog template version as a custom catalog template (see
 * ImportCatalogTemplate): 400 when the files are incomplete or the validator finds an error,
 * 409 when the id is a built-in template's or the version exists; otherwise a new template, or
 * a new default version of the custom template with that id.
 */
export async function importCatalogTemplate(ctx: AppContext, input: ImportCatalogTemplate): Promise<CatalogTemplate> {
  const checked = checkCatalogImport(input)
  if (checked.errors.length > 0 || checked.plan === null) {
    throw validationFailed(checked.errors.length > 0 ? checked.errors : [{ path: 'files', message: 'the files do not make a catalog template version' }])
  }
  const plan = checked.plan
  const write = () =>
    ctx.db.transaction().execute(async (trx) => {
      let query = trx.selectFrom('catalog_templates').select(['id', 'source']).where('id', '=', plan.id)
      // Two imports into one template take turns (versionIndex is max + 1); SQLite has one writer anyway.
      if (ctx.dialect === 'postgres') query = query.forUpdate()
      const existing = await query.executeTakeFirst()
      if (existing && existing.source !== 'custom') {
        throw new AppError('NAME_TAKEN', `${JSON.stringify(plan.id)} is a built-in catalog template; import under another id`, [
          { path: 'id', message: `${plan.id} is a built-in catalog template; choose another id` },
        ])
      }
      const now = nowIso()
      let versionIndex = 0
      if (existing) {
        const versions = await trx.selectFrom('catalog_template_versions').select(['version', 'version_index']).where('catalog_template_id', '=', plan.id).execute()
        if (versions.some((v) => v.version === plan.version.version)) throw versionTaken(plan.id, plan.version.version)
        versionIndex = Math.max(-1, ...versions.map((v) => v.version_index)) + 1
        await trx
          .updateTable('catalog_templates')
          .set({ name: plan.name, description: plan.description, category: plan.category, default_version: plan.version.version, updated_at: now })
          .where('id', '=', plan.id)
          .execute()
      } else {
        await trx
          .insertInto('catalog_templates')
          .values({ id: plan.id, name: plan.name, description: plan.description, category: plan.category, source: 'custom', default_version: plan.version.version, updated_at: now })
          .execute()
      }
      await trx
        .insertInto('catalog_template_versions')
        .values({
          catalog_template_id: plan.id,
          version: plan.version.version,
          version_index: versionIndex,
          minimum_rancher_version: plan.version.minimumRancherVersion,
          upgrade_from: plan.version.upgradeFrom,
          questions_json: toJson(plan.version.questions),
          files_json: toJson(plan.version.files),
        })
        .execute()
    })
  try {
    await write()
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    // A concurrent import created the template (or this version) first: once more, against what it wrote.
    try {
      await write()
    } catch (again) {
      if (isUniqueViolation(again)) throw versionTaken(plan.id, plan.version.version)
      throw again
    }
  }
  return getCatalogTemplate(ctx, plan.id)
}

/**
 * Removes a custom catalog template with all its versions. Built-in templates cannot be
 * removed; a template that an environment template or a stack of an environment still uses is
 * refused with the list of them (a stack upgrade needs its catalog template).
 */
export async function deleteCatalogTemplate(ctx: AppContext, id: string): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('catalog_templates').select(['id', 'name', 'source']).where('id', '=', id).executeTakeFirst()
    if (!row) throw notFound('catalog template', id)
    if (row.source !== 'custom') {
      throw new AppError('BUILTIN_READ_ONLY', `${row.name} (${id}) is a built-in catalog template: it ships with Paddock and cannot be deleted`)
    }
    const templates = (await trx.selectFrom('environment_templates').select(['id', 'name', 'stacks_json']).orderBy('name').execute()).filter((t) =>
      fromJson<TemplateStack[]>(t.stacks_json, []).some((s) => s.catalogTemplateId === id),
    )
    const stacks = await trx
      .selectFrom('stacks as s')
      .innerJoin('environments as e', 'e.id', 's.environment_id')
      .select(['s.id as id', 's.name as name', 'e.id as environmentId', 'e.name as environmentName'])
      .where('s.catalog_template_id', '=', id)
      .where('s.state', '!=', 'removed')
      .orderBy('e.name')
      .orderBy('s.name')
      .execute()
    if (templates.length > 0 || stacks.length > 0) {
      const parts: string[] = []
      if (templates.length > 0) parts.push(`environment template${templates.length === 1 ? '' : 's'} ${templates.map((t) => JSON.stringify(t.name)).join(', ')}`)
      if (stacks.length > 0) parts.push(`stack${stacks.length === 1 ? '' : 's'} ${stacks.map((s) => `${s.name} in ${JSON.stringify(s.environmentName)}`).join(', ')}`)
      throw new AppError('CATALOG_TEMPLATE_IN_USE', `${row.name} (${id}) is still used by ${parts.join(' and ')}; remove it from them first`, {
        environmentTemplates: templates.map((t) => ({ id: t.id, name: t.name })),
        stacks,
      })
    }
    await trx.deleteFrom('catalog_template_versions').where('catalog_template_id', '=', id).execute()
    await trx.deleteFrom('catalog_templates').where('id', '=', id).execute()
  })
}
