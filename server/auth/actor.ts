import { createHash } from 'node:crypto'
import type { AppContext } from '../context.ts'
import { AppError } from '../errors.ts'
import type { Actor, Permission } from './policy.ts'

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

/**
 * Works out who is calling. Agent routes need a host token (`Authorization: Bearer …`), which
 * maps to exactly one host; people are anonymous until access control lands.
 */
export async function resolveActor(ctx: AppContext, authorization: string | undefined, permission: Permission): Promise<Actor> {
  if (permission !== 'agent:report') return { kind: 'anonymous' }
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')
  if (!match) throw new AppError('UNAUTHENTICATED', 'agent calls need Authorization: Bearer <host token>')
  const host = await ctx.db
    .selectFrom('hosts')
    .select(['id', 'environment_id'])
    .where('token_hash', '=', hashToken(match[1]))
    .executeTakeFirst()
  if (!host) throw new AppError('UNAUTHENTICATED', 'unknown or revoked host token; register again')
  return { kind: 'agent', hostId: host.id, environmentId: host.environment_id }
}
