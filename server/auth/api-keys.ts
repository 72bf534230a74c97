import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { ApiKey, ApiKeyCreated } from '../../core/api/auth.ts'
import type { AppContext } from '../context.ts'
import type { ApiKeyTable } from '../db/schema.ts'
import { newId, nowIso } from '../ids.ts'
import { hashToken } from './actor.ts'
import { randomToken } from './password.ts'
import { TOUCH_EVERY_MS } from './sessions.ts'

export function toApiKey(r: ApiKeyTable): ApiKey {
  return { id: r.id, name: r.name, accessKey: r.access_key, environmentId: r.environment_id, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }
}

/** Creates a key for the account; the secret is in the answer only. */
export async function insertApiKey(ctx: AppContext, accountId: string, name: string, environmentId: string | null): Promise<ApiKeyCreated> {
  const secret = randomToken()
  const row: ApiKeyTable = {
    id: newId('key_'),
    account_id: accountId,
    environment_id: environmentId,
    name,
    access_key: `pk_${randomBytes(12).toString('hex')}`,
    secret_hash: hashToken(secret),
    created_at: nowIso(),
    last_used_at: null,
    revoked_at: null,
  }
  await ctx.db.insertInto('api_keys').values(row).execute()
  return { ...toApiKey(row), secret }
}

/** The live key for Basic `accessKey:secret`, or null (unknown, revoked or wrong secret). */
export async function findApiKey(ctx: AppContext, accessKey: string, secret: string) {
  if (accessKey.length > 100 || secret.length > 200) return null
  const row = await ctx.db
    .selectFrom('api_keys as k')
    .innerJoin('accounts as a', 'a.id', 'k.account_id')
    .select(['k.id', 'k.secret_hash', 'k.environment_id', 'k.revoked_at', 'k.last_used_at', 'a.id as account_id', 'a.username', 'a.admin'])
    .where('k.access_key', '=', accessKey)
    .executeTakeFirst()
  const given = Buffer.from(hashToken(secret), 'hex')
  // compare even when the key is unknown, so timing does not tell which access keys exist
  const expected = Buffer.from(row?.secret_hash ?? '0'.repeat(64), 'hex')
  const ok = expected.length === given.length && timingSafeEqual(expected, given)
  if (!row || !ok || row.revoked_at !== null) return null
  if (row.last_used_at === null || Date.now() - Date.parse(row.last_used_at) >= TOUCH_EVERY_MS) {
    await ctx.db.updateTable('api_keys').set({ last_used_at: nowIso() }).where('id', '=', row.id).execute()
  }
  return { id: row.id, environmentId: row.environment_id, account: { id: row.account_id, username: row.username, admin: row.admin === 1 } }
}
