import { describe, expect, it } from 'vitest'
import type { Container } from '../../../../core/api/index.ts'
import { makeContainer } from '../../../testing/fixtures.ts'
import { filterContainers } from './filter-containers.ts'

const web = makeContainer({ id: 'c1', name: 'web-1', hostName: 'lab-1', networkMode: 'managed', dockerIp: '172.17.0.2', managedIp: '10.42.0.10' })
const db = makeContainer({ id: 'c2', name: 'db-1', hostName: 'lab-2', networkMode: 'bridge', dockerIp: '172.17.0.3', managedIp: null })
const agent = makeContainer({ id: 'c3', name: 'Ipsec-Router-1', hostName: 'lab-2', networkMode: 'ipsec', system: true, dockerIp: '172.17.0.4', managedIp: '10.42.0.3' })
const cli = makeContainer({ id: 'c4', name: 'adhoc', hostName: 'lab-3', networkMode: 'host', native: true, dockerIp: null, managedIp: null })
const all = [web, db, agent, cli]

const names = (list: Container[]) => list.map((c) => c.name)

describe('filterContainers', () => {
  it('returns everything, in order, with no text and infrastructure shown', () => {
    expect(filterContainers(all, { text: '', showInfrastructure: true })).toEqual(all)
    expect(filterContainers(all, { text: '   ', showInfrastructure: true })).toEqual(all)
  })

  it.each([
    ['name', 'web', ['web-1']],
    ['name, case-insensitive', 'ipsec-router', ['Ipsec-Router-1']],
    ['Docker bridge IP', '172.17.0.3', ['db-1']],
    ['managed IP', '10.42.0.10', ['web-1']],
    ['host', 'lab-2', ['db-1', 'Ipsec-Router-1']],
    ['network mode', 'bridge', ['db-1']],
    ['every term must match', 'lab-2 10.42', ['Ipsec-Router-1']],
    ['nothing matches', 'nope', []],
  ])('matches on %s', (_what, text, expected) => {
    expect(names(filterContainers(all, { text, showInfrastructure: true }))).toEqual(expected)
  })

  it('hides infrastructure containers when asked', () => {
    expect(names(filterContainers(all, { text: '', showInfrastructure: false }))).toEqual(['web-1', 'db-1', 'adhoc'])
    expect(names(filterContainers(all, { text: 'lab-2', showInfrastructure: false }))).toEqual(['db-1'])
  })

  it('filters 10,000 containers well under 100 ms', () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      makeContainer({
        id: `c${i}`,
        name: `svc-${i}`,
        hostName: `lab-${i % 50}`,
        dockerIp: `172.17.${Math.floor(i / 250)}.${(i % 250) + 2}`,
        managedIp: `10.42.${Math.floor(i / 250)}.${(i % 250) + 2}`,
        system: i % 10 === 0,
      }),
    )
    filterContainers(many, { text: 'warm-up', showInfrastructure: true })
    const started = performance.now()
    const result = filterContainers(many, { text: 'lab-7 10.42.1', showInfrastructure: false })
    const elapsed = performance.now() - started
    expect(result.length).toBeGreaterThan(0)
    expect(result.every((c) => c.hostName?.includes('lab-7') && c.managedIp?.includes('10.42.1') && !c.system)).toBe(true)
    expect(elapsed).toBeLessThan(100)
  })
})
