/**
 * The permission seam: every route declares the permission it needs and every request has an
 * actor. Until access control lands the policy allows everything to people; agents are
 * limited to the agent API of their own host.
 */
export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'user'; id: string }
  | { kind: 'agent'; hostId: string; environmentId: string }

export const PERMISSIONS = [
  'public',
  'environment:read',
  'environment:write',
  'template:read',
  'catalog:read',
  'catalog:write',
  'infrastructure:read',
  'infrastructure:write',
  'host:write',
  'agent:register',
  'agent:report',
] as const
export type Permission = (typeof PERMISSIONS)[number]

export interface Policy {
  /** True when `actor` may use a route that needs `permission` in `environmentId` (when scoped). */
  allows(actor: Actor, permission: Permission, environmentId?: string): boolean
}

/** Allow-all for people, agent routes only for agents. */
export const allowAllPolicy: Policy = {
  allows(actor, permission) {
    if (permission === 'agent:report') return actor.kind === 'agent'
    return true
  },
}
