import type { Me, Role } from '../../../../core/api/index.ts'

const RANK: Record<Role, number> = { 'read-only': 0, restricted: 1, member: 2, owner: 3 }

/** The signed-in account's role in an environment (admins: owner everywhere), or null. */
export function roleOf(me: Me | undefined, environmentId: string): Role | null {
  if (!me) return null
  const role = me.roles[environmentId]
  if (role) return role
  // an admin is owner of every environment, even one made after `GET /auth/me` answered
  return me.account.admin ? 'owner' : null
}

/** True when `role` holds at least `least` (owner > member > restricted > read-only). */
export function atLeast(role: Role | null, least: Role): boolean {
  return role !== null && RANK[role] >= RANK[least]
}

/** True when the account is an administrator (accounts, the global audit log). */
export function isAdmin(me: Me | undefined): boolean {
  return me?.account.admin === true
}
