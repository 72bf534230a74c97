import { sql } from 'kysely'
import type { Account, ApiKey, ApiKeyCreated, Me, Member, Role } from '../../../core/api/auth.ts'
import type { AppContext } from '../../context.ts'
import type { AccountTable } from '../../db/schema.ts'
import { AppError, notFound, referenceNotFound, validationFailed } from '../../errors.ts'
import { newId, nowIso } from '../../ids.ts'
import { insertApiKey, toApiKey } from '../../auth/api-keys.ts'
import { dummyHash, generatePassword, hashPassword, verifyPassword } from '../../auth/password.ts'
import { canRead, roleIn, type UserActor } from '../../auth/policy.ts'
import { createSession, deleteOtherSessions } from '../../auth/sessions.ts'
import { requireEnvironment } from '../environments/environments.service.ts'

export function toAccount(r: AccountTable): Account {
  return { id: r.id, username: r.username, displayName: r.display_name, admin: r.admin === 1, revision: r.revision, createdAt: r.created_at, updatedAt: r.updated_at }
}

const WRONG_LOGIN = 'wrong username or password'

/** Checks a username and password; both an unknown user and a wrong password cost one scrypt. */
export async function login(ctx: AppContext, username: string, password: string) {
  const row = await ctx.db.selectFrom('accounts').selectAll().where('username', '=', username.toLowerCase()).executeTakeFirst()
  const ok = await verifyPassword(password, row?.password_hash ?? (await dummyHash()))
  if (!row || !ok) throw new AppError('UNAUTHENTICATED', WRONG_LOGIN)
  const session = await createSession(ctx, row.id)
  return { account: row, ...session }
}

export async function me(ctx: AppContext, actor: UserActor): Promise<Me> {
  const row = await ctx.db.selectFrom('accounts').selectAll().where('id', '=', actor.id).executeTakeFirstOrThrow()
  const roles: Record<string, Role> = {}
  if (actor.admin) {
    for (const e of await ctx.db.selectFrom('environments').select('id').execute()) roles[e.id] = 'owner'
  } else {
    for (const [envId, role] of actor.roles) roles[envId] = role
  }
  if (actor.keyEnvironmentId !== null) {
    for (const envId of Object.keys(roles)) if (envId !== actor.keyEnvironmentId) delete roles[envId]
  }
  return { account: toAccount(row), roles, csrfToken: actor.csrfToken, via: actor.via }
}

/**
 * Changes the caller's password. A wrong current password is a 400 naming `currentPassword`
 * (not a 401: the caller is signed in, and a 401 would read as "session ended"). Every other
 * session of the account ends; API keys stay (revoke them separately).
 */
export async function changePassword(ctx: AppContext, actor: UserActor, currentPassword: string, newPassword: string) {
  const row = await ctx.db.selectFrom('accounts').selectAll().where('id', '=', actor.id).executeTakeFirstOrThrow()
  if (!(await verifyPassword(currentPassword, row.password_hash))) {
    throw validationFailed([{ path: 'currentPassword', message: 'is not your current password' }])
  }
  await ctx.db
    .updateTable('accounts')
    .set({ password_hash: await hashPassword(newPassword), revision: row.revision + 1, updated_at: nowIso() })
    .where('id', '=', actor.id)
    .execute()
  await deleteOtherSessions(ctx, actor.id, actor.sessionId)
}

export async function listAccounts(ctx: AppContext): Promise<Account[]> {
  return (await ctx.db.selectFrom('accounts').selectAll().orderBy('username').execute()).map(toAccount)
}

export async function createAccount(ctx: AppContext, input: { username: string; displayName: string; password: string; admin: boolean }): Promise<Account> {
  const username = input.username.toLowerCase()
  const taken = () => new AppError('NAME_TAKEN', `an account named ${JSON.stringify(username)} already exists`, [{ path: 'username', message: 'is taken' }])
  if (await ctx.db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirst()) throw taken()
  const now = nowIso()
  const row: AccountTable = {
    id: newId('acc_'),
    username,
    display_name: input.displayName || username,
    password_hash: await hashPassword(input.password),
    admin: input.admin ? 1 : 0,
    revision: 1,
    created_at: now,
    updated_at: now,
  }
  try {
    await ctx.db.insertInto('accounts').values(row).execute()
  } catch (err) {
    // a concurrent create of the same name lost the race on the unique index
    if (await ctx.db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirst()) throw taken()
    throw err
  }
  return toAccount(row)
}

/**
 * First start: with no account at all, creates `admin` with the configured password or a
 * generated one (returned so main.ts can print it once). Every environment without an owner
 * (the demo, or ones made before access control) gets the first admin as owner.
 */
export async function bootstrapAccess(ctx: AppContext): Promise<{ username: string; password: string; generated: boolean } | null> {
  let created: { username: string; password: string; generated: boolean } | null = null
  const any = await ctx.db.selectFrom('accounts').select('id').limit(1).executeTakeFirst()
  if (!any) {
    const generated = ctx.config.adminPassword === undefined
    const password = ctx.config.adminPassword ?? generatePassword()
    await createAccount(ctx, { username: 'admin', displayName: 'Administrator', password, admin: true })
    created = { username: 'admin', password, generated }
  }
  await ensureOwners(ctx)
  return created
}

/** Gives every environment that has no owner the first admin account as owner. */
export async function ensureOwners(ctx: AppContext): Promise<void> {
  const admin = await ctx.db.selectFrom('accounts').select('id').where('admin', '=', 1).orderBy('created_at').orderBy('id').limit(1).executeTakeFirst()
  if (!admin) return
  const orphans = await ctx.db
    .selectFrom('environments as e')
    .select('e.id')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('memberships as m').select('m.account_id').whereRef('m.environment_id', '=', 'e.id').where('m.role', '=', 'owner'))))
    .execute()
  for (const e of orphans) {
    await ctx.db.deleteFrom('memberships').where('environment_id', '=', e.id).where('account_id', '=', admin.id).execute()
    await ctx.db.insertInto('memberships').values({ environment_id: e.id, account_id: admin.id, role: 'owner', created_at: nowIso() }).execute()
  }
}

// ---------------------------------------------------------------------------------------
// Members

function memberQuery(ctx: AppContext, envId: string) {
  return ctx.db
    .selectFrom('memberships as m')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .select(['m.environment_id', 'm.account_id', 'm.role', 'a.username', 'a.display_name'])
    .where('m.environment_id', '=', envId)
}

const toMember = (r: { environment_id: string; account_id: string; role: string; username: string; display_name: string }): Member => ({
  environmentId: r.environment_id,
  accountId: r.account_id,
  username: r.username,
  displayName: r.display_name,
  role: r.role as Role,
})

export async function listMembers(ctx: AppContext, envId: string): Promise<Member[]> {
  await requireEnvironment(ctx, envId)
  return (await memberQuery(ctx, envId).orderBy('a.username').execute()).map(toMember)
}

const LAST_OWNER = 'an environment keeps at least one owner: make another member owner first'

async function otherOwners(db: AppContext['db'], envId: string, accountId: string): Promise<number> {
  const r = await db
    .selectFrom('memberships')
    .select(sql<number>`count(*)`.as('n'))
    .where('environment_id', '=', envId)
    .where('role', '=', 'owner')
    .where('account_id', '!=', accountId)
    .executeTakeFirstOrThrow()
  return Number(r.n)
}

/** Adds or changes a member (the environment keeps at least one owner: 400 naming `role`). */
export async function setMember(ctx: AppContext, envId: string, accountIdOrUsername: string, role: Role): Promise<Member> {
  await requireEnvironment(ctx, envId)
  // an owner who is not an admin cannot list accounts, so the account may be named by its username
  const account = await ctx.db
    .selectFrom('accounts')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', accountIdOrUsername), eb('username', '=', accountIdOrUsername)]))
    .executeTakeFirst()
  if (!account) throw referenceNotFound('accountId', 'account', accountIdOrUsername)
  const accountId = account.id
  await ctx.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('memberships').select('role').where('environment_id', '=', envId).where('account_id', '=', accountId).executeTakeFirst()
    if (current?.role === 'owner' && role !== 'owner' && (await otherOwners(trx, envId, accountId)) === 0) {
      throw validationFailed([{ path: 'role', message: LAST_OWNER }])
    }
    if (current) {
      await trx.updateTable('memberships').set({ role }).where('environment_id', '=', envId).where('account_id', '=', accountId).execute()
    } else {
      await trx.insertInto('memberships').values({ environment_id: envId, account_id: accountId, role, created_at: nowIso() }).execute()
    }
  })
  return toMember(await memberQuery(ctx, envId).where('m.account_id', '=', accountId).executeTakeFirstOrThrow())
}

export async function removeMember(ctx: AppContext, envId: string, accountId: string): Promise<void> {
  await requireEnvironment(ctx, envId)
  await ctx.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('memberships').select('role').where('environment_id', '=', envId).where('account_id', '=', accountId).executeTakeFirst()
    if (!current) throw notFound('member', accountId)
    if (current.role === 'owner' && (await otherOwners(trx, envId, accountId)) === 0) {
      throw validationFailed([{ path: 'accountId', message: LAST_OWNER }])
    }
    await trx.deleteFrom('memberships').where('environment_id', '=', envId).where('account_id', '=', accountId).execute()
  })
}

// ---------------------------------------------------------------------------------------
// API keys

export async function listApiKeys(ctx: AppContext, actor: UserActor): Promise<ApiKey[]> {
  const rows = await ctx.db.selectFrom('api_keys').selectAll().where('account_id', '=', actor.id).orderBy('created_at').orderBy('id').execute()
  return rows.map(toApiKey)
}

/** A key for the caller; an environment-scoped key must name an environment the caller may read. */
export async function createApiKey(ctx: AppContext, actor: UserActor, input: { name: string; environmentId: string | null }): Promise<ApiKeyCreated> {
  const envId = input.environmentId ?? actor.keyEnvironmentId
  if (actor.keyEnvironmentId !== null && envId !== actor.keyEnvironmentId) {
    throw validationFailed([{ path: 'environmentId', message: 'a key limited to one environment can only create keys for that environment' }])
  }
  if (envId !== null) {
    const exists = await ctx.db.selectFrom('environments').select('id').where('id', '=', envId).executeTakeFirst()
    if (!exists || !canRead(actor, envId) || roleIn(actor, envId) === null) throw referenceNotFound('environmentId', 'environment', envId)
  }
  return insertApiKey(ctx, actor.id, input.name, envId)
}

/** Revokes one of the caller's keys (another account's key: 404). Idempotent. */
export async function revokeApiKey(ctx: AppContext, actor: UserActor, id: string): Promise<void> {
  const row = await ctx.db.selectFrom('api_keys').select(['id', 'revoked_at']).where('id', '=', id).where('account_id', '=', actor.id).executeTakeFirst()
  if (!row) throw notFound('API key', id)
  if (row.revoked_at === null) await ctx.db.updateTable('api_keys').set({ revoked_at: nowIso() }).where('id', '=', id).execute()
}
