import { createHash } from 'node:crypto'
import type { Role } from '../../core/api/auth.ts'
import type { AppContext } from '../context.ts'
import { AppError } from '../errors.ts'
import type { Actor, Permission, UserActor } from './policy.ts'
import { findApiKey } from './api-keys.ts'
import { findSession } from './sessions.ts'
import { findRegistrationToken } from './registration-tokens.ts'

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

export const SESSION_COOKIE = 'paddock_session'

/** Cookie header → name/value pairs (first occurrence wins; values are not decoded). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>()
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=')
    if (i <= 0) continue
    const name = part.slice(0, i).trim()
    if (!out.has(name)) out.set(name, part.slice(i + 1).trim())
  }
  return out
}

/** The account's memberships as a map, loaded with the actor (one small query per request). */
export async function loadRoles(ctx: AppContext, accountId: string): Promise<Map<string, Role>> {
  const rows = await ctx.db.selectFrom('memberships').select(['environment_id', 'role']).where('account_id', '=', accountId).execute()
  return new Map(rows.map((r) => [r.environment_id, r.role as Role]))
}

export interface Credentials {
  authorization?: string
  cookie?: string
}

/**
 * Works out who is calling. Agent routes need a host token (`Authorization: Bearer …`), which
 * maps to exactly one host. People send an API key as HTTP Basic (`accessKey:secret`) or the
 * session cookie; with neither they are anonymous (the policy then answers 401 for every route
 * but the open ones, whose credentials are not even read). Credentials that are present but
 * wrong (unknown, revoked, expired) are a 401 on every other route, never a fall-back to
 * anonymous. `POST /agent/register` takes a registration token (`Bearer`) or a person's
 * credentials (API key or session): registering a host through the UI or a script.
 */
export async function resolveActor(ctx: AppContext, creds: Credentials, permission: Permission): Promise<Actor> {
  const authorization = creds.authorization ?? ''
  if (permission === 'agent:report') {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization)
    if (!match) throw new AppError('UNAUTHENTICATED', 'agent calls need Authorization: Bearer <host token>')
    const host = await ctx.db
      .selectFrom('hosts')
      .select(['id', 'environment_id'])
      .where('token_hash', '=', hashToken(match[1]))
      .executeTakeFirst()
    if (!host) throw new AppError('UNAUTHENTICATED', 'unknown or revoked host token; register again')
    return { kind: 'agent', hostId: host.id, environmentId: host.environment_id }
  }
  // sign-in and the open routes never need (or check) credentials
  if (permission === 'public' || permission === 'auth:public') return { kind: 'anonymous' }
  if (permission === 'agent:register') {
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization)
    if (bearer) {
      const token = await findRegistrationToken(ctx, bearer[1])
      if (!token) throw new AppError('UNAUTHENTICATED', 'unknown or revoked registration token')
      return { kind: 'registrar', tokenId: token.id, environmentId: token.environmentId }
    }
  }

  const basic = /^Basic\s+(\S+)$/i.exec(authorization)
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon <= 0) throw new AppError('UNAUTHENTICATED', 'Basic credentials must be accessKey:secret')
    const key = await findApiKey(ctx, decoded.slice(0, colon), decoded.slice(colon + 1))
    if (!key) throw new AppError('UNAUTHENTICATED', 'unknown, revoked or wrong API key')
    return userActor(ctx, key.account, { via: 'api-key', sessionId: null, csrfToken: null, apiKeyId: key.id, keyEnvironmentId: key.environmentId })
  }
  if (authorization) {
    throw new AppError('UNAUTHENTICATED', permission === 'agent:register' ? 'Authorization must be Bearer <registration token> or Basic accessKey:secret (API key)' : 'Authorization must be Basic accessKey:secret (API key)')
  }

  const token = parseCookies(creds.cookie).get(SESSION_COOKIE)
  if (token) {
    const session = await findSession(ctx, token)
    if (!session) throw new AppError('UNAUTHENTICATED', 'your session has ended; sign in again')
    return userActor(ctx, session.account, { via: 'session', sessionId: session.id, csrfToken: session.csrfToken, apiKeyId: null, keyEnvironmentId: null })
  }
  return { kind: 'anonymous' }
}

async function userActor(
  ctx: AppContext,
  account: { id: string; username: string; admin: boolean },
  rest: Pick<UserActor, 'via' | 'sessionId' | 'csrfToken' | 'apiKeyId' | 'keyEnvironmentId'>,
): Promise<UserActor> {
  return { kind: 'user', id: account.id, username: account.username, admin: account.admin, roles: account.admin ? new Map() : await loadRoles(ctx, account.id), ...rest }
}
