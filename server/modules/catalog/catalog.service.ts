import type { CatalogTemplate, CatalogTemplateVersion } from '../../../core/api/catalog.ts'
import type { AppContext } from '../../context.ts'
import { fromJson, toJson } from '../../db/json.ts'
import type { CatalogTemplateVersionTable } from '../../db/schema.ts'
import { notFound } from '../../errors.ts'
import { nowIso } from '../../ids.ts'

/**
 * Writes the built-in catalog into the database on every start (upsert by id and version),
 * so environments always find the templates the running version ships.
 */
export async function syncCatalog(ctx: AppContext, templates: CatalogTemplate[]): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    for (const t of templates) {
      const row = { id: t.id, name: t.name, description: t.description, category: t.category, default_version: t.defaultVersion, updated_at: nowIso() }
      await trx
        .insertInto('catalog_templates')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet({ name: row.name, description: row.description, category: row.category, default_version: row.default_version, updated_at: row.updated_at }))
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

export async function listCatalog(ctx: AppContext): Promise<CatalogTemplate[]> {
  const templates = await ctx.db.selectFrom('catalog_templates').selectAll().orderBy('id').execute()
  const versions = await ctx.db.selectFrom('catalog_template_versions').selectAll().orderBy('version_index').execute()
  return templates.map((t) => ({
    id: t.id,
    name: t.name,
    description: t.description,
    category: t.category as CatalogTemplate['category'],
    defaultVersion: t.default_version,
    versions: versions.filter((v) => v.catalog_template_id === t.id).map(toVersion),
  }))
}

/** One catalog template or null. */
export async function findCatalogTemplate(ctx: AppContext, id: string): Promise<CatalogTemplate | null> {
  const all = await listCatalog(ctx)
  return all.find((t) => t.id === id) ?? null
}

export async function getCatalogTemplate(ctx: AppContext, id: string): Promise<CatalogTemplate> {
  const t = await findCatalogTemplate(ctx, id)
  if (!t) throw notFound('catalog template', id)
  return t
}
