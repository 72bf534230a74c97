/**
 * The permission seam: every route declares the permission it needs and every request has an
 * actor. The policy decides from the actor alone (its roles are loaded with it), so it never
 * touches the database.
 */
import type { Role } from '../../core/api/auth.ts'

export interface UserActor {
  kind: 'user'
  id: string
  username: string
  admin: boolean
  /** Environment id → role (memberships; admins are owner everywhere whether listed or not). */
  roles: Map<string, Role>
  via: 'session' | 'api-key'
  /** Session id (hash of the cookie token) and its CSRF token, for cookie sessions. */
  sessionId: string | null
  csrfToken: string | null
  /** API key id, for Basic credentials. */
  apiKeyId: string | null
  /** An environment-scoped API key limits the actor to that one environment. */
  keyEnvironmentId: string | null
}

export type Actor = { kind: 'anonymous' } | UserActor | { kind: 'agent'; hostId: string; environmentId: string }

export const PERMISSIONS = [
  /** Anyone: health, openapi. */
  'public',
  /** Anyone: sign in. */
  'auth:public',
  /** Any signed-in account: who am I, password, own API keys, sign out. */
  'account:self',
  /** Admin accounts only: list and create accounts. */
  'accounts:admin',
  'environment:read',
  'environment:write',
  /** Rename or delete the environment itself: owners only (Rancher's project owner). */
  'environment:owner',
  'template:read',
  'catalog:read',
  'catalog:write',
  'infrastructure:read',
  'infrastructure:write',
  'host:write',
  'members:read',
  'members:write',
  'agent:register',
  'agent:report',
] as const
export type Permission = (typeof PERMISSIONS)[number]

/**
 * `allow`, or why not: `unauthenticated` (401), `forbidden` (403) or `not-found` (404: the
 * actor may not see the environment at all, so its existence is not revealed).
 */
export type Decision = 'allow' | 'unauthenticated' | 'forbidden' | 'not-found'

export interface Policy {
  /** May `actor` use a route that needs `permission`, in `environmentId` when the route is scoped? */
  decide(actor: Actor, permission: Permission, environmentId?: string): Decision
}

/** The least role that holds each environment-scoped permission. */
const LEAST_ROLE: Partial<Record<Permission, Role>> = {
  'environment:read': 'read-only',
  'infrastructure:read': 'read-only',
  'members:read': 'read-only',
  'environment:write': 'restricted',
  'host:write': 'restricted',
  'infrastructure:write': 'member',
  'members:write': 'owner',
  'environment:owner': 'owner',
}
const RANK: Record<Role, number> = { 'read-only': 0, restricted: 1, member: 2, owner: 3 }

/** Always-open permissions. agent:register stays open in this slice: registration tokens come next. */
const OPEN: ReadonlySet<Permission> = new Set(['public', 'auth:public', 'agent:register'])

/** The actor's role in an environment (admins: owner), honouring an environment-scoped key. */
export function roleIn(actor: UserActor, environmentId: string): Role | null {
  if (actor.keyEnvironmentId !== null && actor.keyEnvironmentId !== environmentId) return null
  if (actor.admin) return 'owner'
  return actor.roles.get(environmentId) ?? null
}

/** True when the actor may read the environment (it exists for them). */
export function canRead(actor: Actor, environmentId: string | null): boolean {
  if (environmentId === null) return actor.kind === 'user'
  if (actor.kind === 'agent') return false
  return actor.kind === 'user' && roleIn(actor, environmentId) !== null
}

/** Rancher-style environment roles; global writes (catalog, templates, accounts) are admin only. */
export const rolePolicy: Policy = {
  decide(actor, permission, environmentId) {
    if (OPEN.has(permission)) return 'allow'
    if (permission === 'agent:report') return actor.kind === 'agent' ? 'allow' : 'unauthenticated'
    if (actor.kind !== 'user') return 'unauthenticated'
    const least = LEAST_ROLE[permission]
    if (least && environmentId !== undefined) {
      const role = roleIn(actor, environmentId)
      if (role === null) return 'not-found'
      return RANK[role] >= RANK[least] ? 'allow' : 'forbidden'
    }
    const scopedKey = actor.keyEnvironmentId !== null
    switch (permission) {
      case 'account:self':
      case 'template:read':
      case 'catalog:read':
        return 'allow'
      // GET /environments and the event stream: filtered to what the actor may read
      case 'environment:read':
        return 'allow'
      // POST /environments: anyone signed in (they become its owner), not an environment-scoped key
      case 'environment:write':
        return scopedKey ? 'forbidden' : 'allow'
      case 'catalog:write':
      case 'accounts:admin':
        return actor.admin && !scopedKey ? 'allow' : 'forbidden'
      default:
        // an environment permission on a route without an environment: nothing grants it
        return actor.admin && !scopedKey ? 'allow' : 'forbidden'
    }
  },
}
