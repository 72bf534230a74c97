import type { AppContext } from '../context.ts'
import { nowIso } from '../ids.ts'
import { hashToken } from './actor.ts'
import { randomToken } from './password.ts'

/** last_seen_at / last_used_at are written at most this often per session or key. */
export const TOUCH_EVERY_MS = 60_000

export interface SessionInfo {
  id: string
  csrfToken: string
  account: { id: string; username: string; admin: boolean }
}

/** Starts a session; returns the cookie token (only its hash is stored). */
export async function createSession(ctx: AppContext, accountId: string): Promise<{ token: string; csrfToken: string; maxAgeSec: number }> {
  const token = randomToken()
  const csrfToken = randomToken()
  const now = Date.now()
  const maxAgeSec = ctx.config.sessionHours * 3600
  await ctx.db
    .insertInto('sessions')
    .values({
      id: hashToken(token),
      account_id: accountId,
      csrf_token: csrfToken,
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + maxAgeSec * 1000).toISOString(),
      last_seen_at: new Date(now).toISOString(),
    })
    .execute()
  // expired sessions of anyone are swept here: sign-ins are rare enough
  await ctx.db.deleteFrom('sessions').where('expires_at', '<', new Date(now).toISOString()).execute()
  return { token, csrfToken, maxAgeSec }
}

/** The live session of a cookie token, or null (unknown or expired: an expired one is deleted). */
export async function findSession(ctx: AppContext, token: string): Promise<SessionInfo | null> {
  const id = hashToken(token)
  const row = await ctx.db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select(['s.id', 's.csrf_token', 's.expires_at', 's.last_seen_at', 'a.id as account_id', 'a.username', 'a.admin'])
    .where('s.id', '=', id)
    .executeTakeFirst()
  if (!row) return null
  const now = Date.now()
  if (Date.parse(row.expires_at) <= now) {
    await ctx.db.deleteFrom('sessions').where('id', '=', id).execute()
    return null
  }
  if (now - Date.parse(row.last_seen_at) >= TOUCH_EVERY_MS) {
    await ctx.db.updateTable('sessions').set({ last_seen_at: nowIso() }).where('id', '=', id).execute()
  }
  return { id: row.id, csrfToken: row.csrf_token, account: { id: row.account_id, username: row.username, admin: row.admin === 1 } }
}

export async function deleteSession(ctx: AppContext, sessionId: string): Promise<void> {
  await ctx.db.deleteFrom('sessions').where('id', '=', sessionId).execute()
}

/** Ends every session of the account but `keepId` (after a password change). */
export async function deleteOtherSessions(ctx: AppContext, accountId: string, keepId: string | null): Promise<void> {
  let q = ctx.db.deleteFrom('sessions').where('account_id', '=', accountId)
  if (keepId) q = q.where('id', '!=', keepId)
  await q.execute()
}
