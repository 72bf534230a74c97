import type { Kysely } from 'kysely'

/**
 * Catalog templates get a `source`: `builtin` (shipped, synced on every start) or `custom`
 * (imported by an operator, never touched by the sync). Existing rows are built-in.
 */
export function catalogSource() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('catalog_templates')
        .addColumn('source', 'text', (c) => c.notNull().defaultTo('builtin'))
        .execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('catalog_templates').dropColumn('source').execute()
    },
  }
}
