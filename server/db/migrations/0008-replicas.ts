import type { Kysely } from 'kysely'

/**
 * `replicas`: where each server replica can be reached (PostgreSQL replicas). A replica that
 * does not run an environment's lab agents forwards lab requests to the `url` of the one that
 * does. Each replica refreshes `heartbeat_at` every few seconds, deletes its row when it stops,
 * and deletes rows silent for long (replica ids default to `<hostname>:<pid>`, so every restart
 * would otherwise leave one behind).
 */
export function replicas() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('replicas')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('heartbeat_at', 'text', (c) => c.notNull())
        .execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('replicas').ifExists().execute()
    },
  }
}
