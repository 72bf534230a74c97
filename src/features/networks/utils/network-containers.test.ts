import { describe, expect, it } from 'vitest'
import { makeContainer } from '../../../testing/fixtures.ts'
import { byManagedAddress, matchesContainer } from './network-containers.ts'

describe('byManagedAddress', () => {
  it('orders by address as numbers, containers without a managed IP last by name', () => {
    const list = [
      makeContainer({ id: 'a', name: 'zeta', managedIp: null }),
      makeContainer({ id: 'b', name: 'web-10', managedIp: '10.42.0.10' }),
      makeContainer({ id: 'c', name: 'alpha', managedIp: null }),
      makeContainer({ id: 'd', name: 'web-9', managedIp: '10.42.0.9' }),
      makeContainer({ id: 'e', name: 'db', managedIp: '10.42.100.10' }),
    ]
    expect([...list].sort(byManagedAddress).map((c) => c.name)).toEqual(['web-9', 'web-10', 'db', 'alpha', 'zeta'])
  })
})

describe('matchesContainer', () => {
  const c = makeContainer({ name: 'web-1', hostName: 'lab-2', managedIp: '10.42.0.10' })
  it.each([
    ['', true],
    ['WEB', true],
    ['lab-2', true],
    ['10.42.0.1', true],
    ['db', false],
  ])('%s → %s', (filter, want) => {
    expect(matchesContainer(c, filter)).toBe(want)
  })
})
