import type { Kysely } from 'kysely'

/**
 * `login_failures`: failed sign-ins, one row per limiter key and failure, so every replica
 * counts the same failures (server/auth/rate-limit.ts). `key_hash` is the SHA-256 of the key
 * (client IP, or client IP and username): fixed length, and no usernames kept in clear. `at` is
 * milliseconds since the epoch; rows older than the window are deleted as failures come in.
 */
export function rateLimits(isPostgres: boolean) {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('login_failures')
        .addColumn('id', isPostgres ? 'serial' : 'integer', (c) => (isPostgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('key_hash', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute()
      // the check: the most recent failures of one key; the prune: everything before a time
      await db.schema.createIndex('login_failures_key_at').on('login_failures').columns(['key_hash', 'at']).execute()
      await db.schema.createIndex('login_failures_at').on('login_failures').column('at').execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('login_failures').ifExists().execute()
    },
  }
}
