import type { Kysely } from 'kysely'

/**
 * `environments.template_stacks_json`: the template's stacks as they were when the environment
 * was created (versions resolved to the catalog default of that moment). Drift compares the
 * running stacks with this copy, so editing or deleting the template changes nothing there.
 * Null for environments created before this migration: drift then falls back to the template
 * as it is now, when it still exists.
 */
export function templateCopy() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('environments').addColumn('template_stacks_json', 'text').execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('environments').dropColumn('template_stacks_json').execute()
    },
  }
}
