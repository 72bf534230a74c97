import type { Kysely } from 'kysely'

/**
 * Access control: accounts (scrypt password hashes), cookie sessions (the id is the SHA-256 of
 * the cookie token, so a database leak does not hand out sessions), API keys (only the
 * secret's hash is kept) and environment memberships with a role. Deleting an environment
 * deletes its memberships (explicitly in deleteEnvironment, and by cascade).
 */
export function accessControl() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('admin', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('sessions_account').on('sessions').column('account_id').execute()
      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        // no foreign key: deleting the environment revokes its keys (deleteEnvironment)
        .addColumn('environment_id', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('access_key', 'text', (c) => c.notNull().unique())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text')
        .addColumn('revoked_at', 'text')
        .execute()
      await db.schema.createIndex('api_keys_account').on('api_keys').column('account_id').execute()
      await db.schema
        .createTable('memberships')
        .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id').onDelete('cascade'))
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('memberships_pk', ['environment_id', 'account_id'])
        .execute()
      await db.schema.createIndex('memberships_account').on('memberships').column('account_id').execute()
    },
    async down(db: Kysely<unknown>) {
      for (const t of ['memberships', 'api_keys', 'sessions', 'accounts']) await db.schema.dropTable(t).ifExists().execute()
    },
  }
}
