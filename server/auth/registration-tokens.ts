/**
 * Agent registration tokens (Rancher's registration tokens): a secret per environment that an
 * agent presents on `POST /agent/register` to join that environment, and only that one. Only
 * the SHA-256 of a token is stored, so its text is answered once, when it is made.
 *
 * - Every environment gets an `agent` token when it is created (migration 0007 gave existing
 *   ones theirs). Nobody sees that first token: an owner rotates to get one to hand to agents.
 * - Rotation creates a new `agent` token and revokes the previous active one in the same
 *   transaction: at most one `agent` token of an environment is valid at a time, so rotating
 *   is how a leaked token is replaced. Revoking leaves the environment without a valid token
 *   until the next rotation. Hosts that registered keep their own host tokens either way.
 * - `lab` tokens belong to the built-in lab (server/lab): it makes one per environment when it
 *   first registers a simulated host there and keeps the text in memory. They are never
 *   listed, rotated or revoked by owners, and a new lab token revokes the previous lab token.
 */
import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { RegistrationToken, RegistrationTokenCreated } from '../../core/api/auth.ts'
import type { AppContext } from '../context.ts'
import type { Database } from '../db/schema.ts'
import { inTransaction } from '../db/tx.ts'
import { notFound } from '../errors.ts'
import { newId, nowIso } from '../ids.ts'
import { hashToken } from './actor.ts'

export type TokenPurpose = 'agent' | 'lab'

type Row = { id: string; environment_id: string; created_at: string; revoked_at: string | null; created_by: string | null }

const toApi = (r: Row): RegistrationToken => ({ id: r.id, environmentId: r.environment_id, createdAt: r.created_at, revokedAt: r.revoked_at, createdBy: r.created_by })

/**
 * Makes a token of `purpose` for the environment and revokes the previous active one of the
 * same purpose. `db` is the caller's transaction (environment creation) or runs in its own.
 */
export async function issueRegistrationToken(db: Kysely<Database>, environmentId: string, createdBy: string | null, purpose: TokenPurpose = 'agent'): Promise<RegistrationTokenCreated> {
  const token = randomBytes(32).toString('base64url')
  const now = nowIso()
  await db
    .updateTable('registration_tokens')
    .set({ revoked_at: now })
    .where('environment_id', '=', environmentId)
    .where('purpose', '=', purpose)
    .where('revoked_at', 'is', null)
    .execute()
  const row: Row = { id: newId('rtk_'), environment_id: environmentId, created_at: now, revoked_at: null, created_by: createdBy }
  await db.insertInto('registration_tokens').values({ ...row, token_hash: hashToken(token), purpose }).execute()
  return { ...toApi(row), token }
}

/** Rotates the environment's agent token (owners): the new one is answered once, the previous one stops working. */
export async function rotateRegistrationToken(ctx: AppContext, environmentId: string, createdBy: string): Promise<RegistrationTokenCreated> {
  return inTransaction(ctx.db, ctx.bus, async (tx) => {
    const env = await tx.db.selectFrom('environments').select('id').where('id', '=', environmentId).executeTakeFirst()
    if (!env) throw notFound('environment', environmentId)
    return issueRegistrationToken(tx.db, environmentId, createdBy, 'agent')
  })
}

/** The environment's agent tokens, newest first (revoked ones included; never the secrets). */
export async function listRegistrationTokens(ctx: AppContext, environmentId: string): Promise<RegistrationToken[]> {
  const rows = await ctx.db
    .selectFrom('registration_tokens')
    .select(['id', 'environment_id', 'created_at', 'revoked_at', 'created_by'])
    .where('environment_id', '=', environmentId)
    .where('purpose', '=', 'agent')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
  return rows.map(toApi)
}

/** Revokes an agent token of the environment (idempotent); 404 for another environment's or a lab token. */
export async function revokeRegistrationToken(ctx: AppContext, environmentId: string, id: string): Promise<void> {
  const row = await ctx.db
    .selectFrom('registration_tokens')
    .select(['id', 'revoked_at'])
    .where('id', '=', id)
    .where('environment_id', '=', environmentId)
    .where('purpose', '=', 'agent')
    .executeTakeFirst()
  if (!row) throw notFound('registration token', id)
  if (row.revoked_at === null) await ctx.db.updateTable('registration_tokens').set({ revoked_at: nowIso() }).where('id', '=', id).execute()
}

/** The valid token with this text, if any. */
export async function findRegistrationToken(ctx: AppContext, token: string): Promise<{ id: string; environmentId: string } | null> {
  const row = await ctx.db
    .selectFrom('registration_tokens')
    .select(['id', 'environment_id'])
    .where('token_hash', '=', hashToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return row ? { id: row.id, environmentId: row.environment_id } : null
}
