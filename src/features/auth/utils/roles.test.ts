import { describe, expect, it } from 'vitest'
import type { Me } from '../../../../core/api/index.ts'
import { atLeast, isAdmin, roleOf } from './roles.ts'

const T0 = '2026-11-28T08:00:00.000Z'
const me = (admin: boolean, roles: Me['roles']): Me => ({
  account: { id: 'acc-1', revision: 1, createdAt: T0, updatedAt: T0, username: 'u', displayName: '', admin },
  roles,
  csrfToken: 'c',
  via: 'session',
})

describe('roles', () => {
  it('reads the role per environment; admins are owners everywhere', () => {
    expect(roleOf(me(false, { e1: 'read-only' }), 'e1')).toBe('read-only')
    expect(roleOf(me(false, { e1: 'read-only' }), 'e2')).toBeNull()
    expect(roleOf(me(true, {}), 'e9')).toBe('owner')
    expect(roleOf(undefined, 'e1')).toBeNull()
    expect(isAdmin(me(true, {}))).toBe(true)
    expect(isAdmin(me(false, {}))).toBe(false)
  })

  it('ranks owner > member > restricted > read-only', () => {
    expect(atLeast('owner', 'member')).toBe(true)
    expect(atLeast('restricted', 'restricted')).toBe(true)
    expect(atLeast('read-only', 'restricted')).toBe(false)
    expect(atLeast(null, 'read-only')).toBe(false)
  })
})
