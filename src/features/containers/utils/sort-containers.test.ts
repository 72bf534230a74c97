import { describe, expect, it } from 'vitest'
import type { Container } from '../../../../core/api/index.ts'
import { makeContainer } from '../../../testing/fixtures.ts'
import { readSort, sortContainers, toggleSort, writeSort, type ContainerSort } from './sort-containers.ts'

const names = (list: Container[]) => list.map((c) => c.name)
const sorted = (list: Container[], key: ContainerSort['key'], dir: ContainerSort['dir'] = 'asc') => names(sortContainers(list, { key, dir }))

describe('sortContainers', () => {
  const a = makeContainer({ id: 'a', name: 'a', managedIp: '10.42.0.10', dockerIp: '172.17.0.20' })
  const b = makeContainer({ id: 'b', name: 'b', managedIp: '10.42.0.9', dockerIp: null })
  const c = makeContainer({ id: 'c', name: 'c', managedIp: null, dockerIp: '172.17.0.3' })
  const d = makeContainer({ id: 'd', name: 'd', managedIp: '10.42.1.0', dockerIp: '172.17.0.100' })
  const e = makeContainer({ id: 'e', name: 'e', managedIp: '9.255.255.255', dockerIp: null })
  const list = [a, b, c, d, e]

  it('keeps API order without a sort', () => {
    expect(sortContainers(list, null)).toBe(list)
  })

  it('sorts IPs numerically: 10.42.0.9 before 10.42.0.10', () => {
    expect(sorted(list, 'managedIp')).toEqual(['e', 'b', 'a', 'd', 'c'])
    expect(sorted(list, 'dockerIp')).toEqual(['c', 'a', 'd', 'b', 'e'])
  })

  it('puts containers without the address last in both directions', () => {
    expect(sorted(list, 'managedIp', 'desc')).toEqual(['d', 'a', 'b', 'e', 'c'])
    expect(sorted(list, 'dockerIp', 'desc')).toEqual(['d', 'a', 'c', 'b', 'e'])
  })

  it('sorts names alphabetically, case-insensitively, with numbers as numbers', () => {
    const list = ['web-10', 'Web-9', 'api', 'web-2', 'Zed'].map((name) => makeContainer({ id: name, name }))
    expect(sorted(list, 'name')).toEqual(['api', 'web-2', 'Web-9', 'web-10', 'Zed'])
    expect(sorted(list, 'name', 'desc')).toEqual(['Zed', 'web-10', 'Web-9', 'web-2', 'api'])
  })

  it('sorts host, mode and state alphabetically, hostless containers last', () => {
    const list = [
      makeContainer({ id: '1', name: '1', hostName: 'lab-2', networkMode: 'managed', state: 'running' }),
      makeContainer({ id: '2', name: '2', hostName: null, networkMode: 'bridge', state: 'error' }),
      makeContainer({ id: '3', name: '3', hostName: 'lab-10', networkMode: 'container:web-1', state: 'stopped' }),
      makeContainer({ id: '4', name: '4', hostName: 'lab-1', networkMode: 'host', state: 'creating' }),
    ]
    expect(sorted(list, 'host')).toEqual(['4', '1', '3', '2'])
    expect(sorted(list, 'host', 'desc')).toEqual(['3', '1', '4', '2'])
    expect(sorted(list, 'mode')).toEqual(['2', '3', '4', '1'])
    expect(sorted(list, 'state')).toEqual(['4', '2', '1', '3'])
  })

  it('keeps ties in API order', () => {
    const list = ['x', 'y', 'z'].map((name) => makeContainer({ id: name, name, hostName: 'lab-1' }))
    expect(sorted(list, 'host')).toEqual(['x', 'y', 'z'])
    expect(sorted(list, 'host', 'desc')).toEqual(['x', 'y', 'z'])
  })

  it('does not change the list it was given', () => {
    const copy = [...list]
    sortContainers(list, { key: 'managedIp', dir: 'desc' })
    expect(list).toEqual(copy)
  })

  it('sorts 10,000 containers by managed IP', () => {
    // API order scrambled on purpose; every 9th container has no managed IP.
    const many = Array.from({ length: 10_000 }, (_, i) => {
      const n = (i * 7919) % 10_000
      return makeContainer({ id: `c${n}`, name: `svc-${n}`, managedIp: n % 9 === 0 ? null : `10.42.${Math.floor(n / 256)}.${n % 256}` })
    })
    const result = sortContainers(many, { key: 'managedIp', dir: 'asc' })
    const withIp = result.filter((c) => c.managedIp)
    expect(withIp.map((c) => c.id)).toEqual(
      Array.from({ length: 10_000 }, (_, n) => n)
        .filter((n) => n % 9 !== 0)
        .map((n) => `c${n}`),
    )
    expect(result.slice(withIp.length).every((c) => c.managedIp === null)).toBe(true)
  })
})

describe('sort in the URL', () => {
  it('reads ?sort= and ?dir=, ascending unless desc', () => {
    expect(readSort(new URLSearchParams('sort=managedIp&dir=desc'))).toEqual({ key: 'managedIp', dir: 'desc' })
    expect(readSort(new URLSearchParams('sort=name'))).toEqual({ key: 'name', dir: 'asc' })
    expect(readSort(new URLSearchParams('sort=name&dir=sideways'))).toEqual({ key: 'name', dir: 'asc' })
  })

  it('ignores a missing or unknown column', () => {
    expect(readSort(new URLSearchParams(''))).toBeNull()
    expect(readSort(new URLSearchParams('sort=image&dir=desc'))).toBeNull()
  })

  it('writes the sort next to the other params, and takes it out', () => {
    const params = new URLSearchParams('q=host%3Alab-1&infra=0')
    const withSort = writeSort(params, { key: 'dockerIp', dir: 'desc' })
    expect(withSort.toString()).toBe('q=host%3Alab-1&infra=0&sort=dockerIp&dir=desc')
    expect(readSort(withSort)).toEqual({ key: 'dockerIp', dir: 'desc' })
    expect(writeSort(withSort, null).toString()).toBe('q=host%3Alab-1&infra=0')
    expect(params.toString()).toBe('q=host%3Alab-1&infra=0')
  })
})

describe('toggleSort', () => {
  it('sorts a new column ascending and flips the sorted one', () => {
    expect(toggleSort(null, 'host')).toEqual({ key: 'host', dir: 'asc' })
    expect(toggleSort({ key: 'host', dir: 'asc' }, 'host')).toEqual({ key: 'host', dir: 'desc' })
    expect(toggleSort({ key: 'host', dir: 'desc' }, 'host')).toEqual({ key: 'host', dir: 'asc' })
    expect(toggleSort({ key: 'host', dir: 'desc' }, 'name')).toEqual({ key: 'name', dir: 'asc' })
  })
})
