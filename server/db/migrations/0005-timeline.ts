import type { Kysely } from 'kysely'

/**
 * `timeline_events`: the environment's network timeline (host up/down, peer and tunnel port
 * changes, router restarts, stack changes, lab faults), written in the transaction of the
 * change it describes. The integer key gives a total order (newest first = id descending) that
 * a time column cannot: several events of one transaction share a millisecond. The retention
 * timer keeps the newest N per environment; deleting the environment deletes its timeline.
 */
export function timeline(isPostgres: boolean) {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('timeline_events')
        .addColumn('id', isPostgres ? 'serial' : 'integer', (c) => (isPostgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id').onDelete('cascade'))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('subject_kind', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('subject_name', 'text', (c) => c.notNull())
        .addColumn('peer_id', 'text')
        .addColumn('peer_name', 'text')
        .addColumn('message', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('timeline_events_env_id').on('timeline_events').columns(['environment_id', 'id']).execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('timeline_events').ifExists().execute()
    },
  }
}
