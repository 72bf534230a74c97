import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'

/**
 * Agent registration tokens (one active `agent` token per environment, rotated and revoked by
 * owners; `lab` tokens are the built-in lab's own, kept apart so a rotation does not cut the
 * lab off) and the audit log of mutations. Only token hashes are stored. Every existing
 * environment gets a token here (its secret is never shown: an owner rotates to get one).
 * The audit log has no foreign key: entries outlive the environment they name.
 */
export function registrationAudit(isPostgres: boolean) {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('registration_tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id').onDelete('cascade'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('purpose', 'text', (c) => c.notNull().defaultTo('agent'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        // no foreign key: the token outlives the account that made it
        .addColumn('created_by', 'text')
        .execute()
      await db.schema.createIndex('registration_tokens_env').on('registration_tokens').columns(['environment_id', 'created_at']).execute()
      const now = new Date().toISOString()
      const envs = (await db.selectFrom('environments').select('id').execute()) as { id: string }[]
      for (const e of envs) {
        const token = randomBytes(32).toString('base64url')
        await db
          .insertInto('registration_tokens')
          .values({
            id: `rtk_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
            environment_id: e.id,
            token_hash: createHash('sha256').update(token).digest('hex'),
            purpose: 'agent',
            created_at: now,
            revoked_at: null,
            created_by: null,
          })
          .execute()
      }
      await db.schema
        .createTable('audit_log')
        .addColumn('id', isPostgres ? 'serial' : 'integer', (c) => (isPostgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_kind', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text')
        .addColumn('actor_name', 'text')
        .addColumn('via', 'text', (c) => c.notNull())
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('route', 'text', (c) => c.notNull())
        .addColumn('params_json', 'text', (c) => c.notNull())
        .addColumn('environment_id', 'text')
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('ip', 'text', (c) => c.notNull())
        .addColumn('request_id', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('audit_log_env_id').on('audit_log').columns(['environment_id', 'id']).execute()
    },
    async down(db: Kysely<any>) {
      for (const t of ['audit_log', 'registration_tokens']) await db.schema.dropTable(t).ifExists().execute()
    },
  }
}
