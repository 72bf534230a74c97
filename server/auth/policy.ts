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

/** An agent that presented a valid registration token of `environmentId` (it may register there only). */
export interface RegistrarActor {
  kind: 'registrar'
  tokenId: string
  environmentId: string
}

export type Actor = { kind: 'anonymous' } | UserActor | { kind: 'agent'; hostId: string; environmentId: string } | RegistrarActor

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
  /** List an environment's agent registration tokens (members and owners). */
  'registration:read',
  /** Rotate and revoke them (owners). */
  'registration:write',
  /** The audit log: admins read all of it; owners their environments' part (the route checks). */
  'audit:read',
  /**
   * A registration token of the environment in the body, or a person with host:write there
   * (the handler checks the environment once the body is parsed).
   */
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
  'registration:read': 'member',
  'registration:write': 'owner',
}
const RANK: Record<Role, number> = { 'read-only': 0, restricted: 1, member: 2, owner: 3 }

/** Always-open permissions. */
const OPEN: ReadonlySet<Permission> = new Set(['public', 'auth:public'])

/** The actor's role in an environment (admins: owner), honouring an environment-scoped key. */
export function roleIn(actor: UserActor, environmentId: string): Role | null {
  if (actor.keyEnvironmentId !== null && actor.keyEnvironmentId !== environmentId) return null
  if (actor.admin) return 'owner'
  return actor.roles.get(environmentId) ?? null
}

/** True when the actor may read the environment (it exists for them). */
export function canRead(actor: Actor, environmentId: string | null): boolean {
  if (environmentId === null) return actor.kind === 'user'
  if (actor.kind === 'agent' || actor.kind === 'registrar') return false
  return actor.kind === 'user' && roleIn(actor, environmentId) !== null
}

/** Rancher-style environment roles; global writes (catalog, templates, accounts) are admin only. */
export const rolePolicy: Policy = {
  decide(actor, permission, environmentId) {
    if (OPEN.has(permission)) return 'allow'
    if (permission === 'agent:report') return actor.kind === 'agent' ? 'allow' : 'unauthenticated'
    // the environment is in the body: the handler checks it (registrationAllowed)
    if (permission === 'agent:register') return actor.kind === 'registrar' || actor.kind === 'user' ? 'allow' : 'unauthenticated'
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
      // GET /audit: the route decides (admins: all; owners: their environment's entries)
      case 'audit:read':
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

/**
 * May the caller of `POST /agent/register` register a host into `environmentId`? A registration
 * token only into its own environment (another environment's is `forbidden`); a person needs
 * host:write there (`not-found` when it is not theirs, as everywhere).
 */
export function registrationAllowed(policy: Policy, actor: Actor, environmentId: string): Decision {
  if (actor.kind === 'registrar') return actor.environmentId === environmentId ? 'allow' : 'forbidden'
  if (actor.kind === 'user') return policy.decide(actor, 'host:write', environmentId)
  return 'unauthenticated'
}
