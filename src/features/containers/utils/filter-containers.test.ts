import { describe, expect, it } from 'vitest'
import type { Container } from '../../../../core/api/index.ts'
import { makeContainer } from '../../../testing/fixtures.ts'
import { filterContainers } from './filter-containers.ts'

const web = makeContainer({
  id: 'c1',
  name: 'web-1',
  image: 'nginx:1.27',
  hostName: 'lab-1',
  stackName: 'shop',
  networkMode: 'managed',
  networkName: 'ipsec',
  dockerIp: '172.17.0.2',
  managedIp: '10.42.0.10',
})
const db = makeContainer({
  id: 'c2',
  name: 'db-1',
  image: 'postgres:16',
  hostName: 'lab-2',
  stackName: 'shop',
  networkMode: 'bridge',
  networkName: null,
  dockerIp: '172.17.0.3',
  managedIp: null,
  state: 'stopped',
})
const agent = makeContainer({
  id: 'c3',
  name: 'Ipsec-Router-1',
  image: 'rancher/net:v0.13',
  hostName: 'lab-2',
  stackName: 'ipsec',
  networkMode: 'ipsec',
  system: true,
  dockerIp: '172.17.0.4',
  managedIp: '10.42.3.15',
  labels: { 'io.rancher.cni.network': 'ipsec' },
})
const cli = makeContainer({
  id: 'c4',
  name: 'adhoc',
  image: 'busybox',
  hostName: 'lab-3',
  stackName: null,
  networkMode: 'host',
  networkName: null,
  native: true,
  dockerIp: null,
  managedIp: null,
  problems: [{ code: 'managed-ip-missing', message: 'adhoc has no managed IP' }],
})
const labelled = makeContainer({
  id: 'c5',
  name: 'my app',
  image: 'alpine',
  hostName: 'lab-10',
  networkMode: 'bridge',
  native: true,
  dockerIp: '172.17.0.9',
  managedIp: '10.42.30.1',
  labels: { 'io.rancher.container.network': 'true' },
  problems: [{ code: 'address-differs', message: 'eth0 has 10.42.30.2, IPAM gave 10.42.30.1' }],
})
const sidecar = makeContainer({
  id: 'c6',
  name: 'web-1-sidekick',
  image: 'busybox',
  hostName: 'lab-1',
  networkMode: 'container:web-1',
  dockerIp: null,
  managedIp: '10.42.0.10',
  state: 'error',
})
const all = [web, db, agent, cli, labelled, sidecar]

const names = (list: Container[]) => list.map((c) => c.name)
const filter = (text: string) => names(filterContainers(all, { text, showInfrastructure: true }))

describe('filterContainers', () => {
  it('returns everything, in order, with no text and infrastructure shown', () => {
    expect(filterContainers(all, { text: '', showInfrastructure: true })).toEqual(all)
    expect(filterContainers(all, { text: '   ', showInfrastructure: true })).toEqual(all)
    expect(filterContainers(all, { text: 'host: -', showInfrastructure: true })).toEqual(all)
  })

  it.each([
    ['name', 'web', ['web-1', 'web-1-sidekick']],
    ['name, case-insensitive', 'ipsec-router', ['Ipsec-Router-1']],
    ['Docker bridge IP', '172.17.0.3', ['db-1']],
    ['managed IP', '10.42.0.10', ['web-1', 'web-1-sidekick']],
    ['host', 'lab-2', ['db-1', 'Ipsec-Router-1']],
    ['network mode', 'bridge', ['db-1', 'my app']],
    ['image', 'postgres', ['db-1']],
    ['every term must match', 'lab-2 10.42', ['Ipsec-Router-1']],
    ['nothing matches', 'nope', []],
    ['a word that is not in a searched field', 'shop', []],
  ])('matches bare words on %s', (_what, text, expected) => {
    expect(filter(text)).toEqual(expected)
  })

  it.each([
    ['host: by substring, case-insensitive', 'host:LAB-1', ['web-1', 'my app', 'web-1-sidekick']],
    ['mode: exact', 'mode:managed', ['web-1']],
    ['mode: by prefix, so container matches container:<name>', 'mode:container', ['web-1-sidekick']],
    ['mode: with the full container:<name>', 'mode:container:web-1', ['web-1-sidekick']],
    ['state: exact', 'state:stopped', ['db-1']],
    ['state: not a prefix', 'state:stop', []],
    ['name: only the name', 'name:ipsec', ['Ipsec-Router-1']],
    ['name: quoted, with a space', 'name:"my app"', ['my app']],
    ['image:', 'image:busybox', ['adhoc', 'web-1-sidekick']],
    ['stack:', 'stack:shop', ['web-1', 'db-1']],
    ['network: the resolved network', 'network:ipsec', ['web-1', 'Ipsec-Router-1', 'my app', 'web-1-sidekick']],
    ['label: key=value', 'label:io.rancher.container.network=true', ['my app']],
    ['label: key only', 'label:io.rancher.cni.network', ['Ipsec-Router-1']],
    ['label: key=value must be the value', 'label:io.rancher.cni.network=vxlan', []],
    ['problem:any', 'problem:any', ['adhoc', 'my app']],
    ['problem:none', 'problem:none', ['web-1', 'db-1', 'Ipsec-Router-1', 'web-1-sidekick']],
    ['problem: a code', 'problem:address-differs', ['my app']],
    ['problem: a code prefix', 'problem:managed', ['adhoc']],
    ['native:true', 'native:true', ['adhoc', 'my app']],
    ['native:false', 'native:false', ['web-1', 'db-1', 'Ipsec-Router-1', 'web-1-sidekick']],
    ['native: with a value that means neither', 'native:maybe', []],
  ])('matches %s', (_what, text, expected) => {
    expect(filter(text)).toEqual(expected)
  })

  describe('ip:', () => {
    it('is a prefix of either address', () => {
      expect(filter('ip:172.17.0.')).toEqual(['web-1', 'db-1', 'Ipsec-Router-1', 'my app'])
      expect(filter('ip:10.42.0.10')).toEqual(['web-1', 'web-1-sidekick'])
    })

    it('stops at a trailing dot: 10.42.3. is not 10.42.30.x', () => {
      expect(filter('ip:10.42.3.')).toEqual(['Ipsec-Router-1'])
    })

    it('without the dot is a plain prefix: 10.42.3 also matches 10.42.30.x', () => {
      expect(filter('ip:10.42.3')).toEqual(['Ipsec-Router-1', 'my app'])
    })

    it('treats a last octet as a prefix: 10.42.3.1 matches 10.42.3.15', () => {
      expect(filter('ip:10.42.3.1')).toEqual(['Ipsec-Router-1'])
      expect(filter('ip:10.42.30.1')).toEqual(['my app'])
    })

    it('takes a CIDR block', () => {
      expect(filter('ip:10.42.0.0/16')).toEqual(['web-1', 'Ipsec-Router-1', 'my app', 'web-1-sidekick'])
      expect(filter('ip:10.42.30.0/24')).toEqual(['my app'])
      expect(filter('ip:172.17.0.0/30')).toEqual(['web-1', 'db-1'])
    })

    it('never matches a container without addresses', () => {
      expect(filter('ip:1')).not.toContain('adhoc')
    })
  })

  it.each([
    ['a key term', '-mode:host', ['web-1', 'db-1', 'Ipsec-Router-1', 'my app', 'web-1-sidekick']],
    ['a bare word', '-web', ['db-1', 'Ipsec-Router-1', 'adhoc', 'my app']],
    ['a state', '-state:running', ['db-1', 'web-1-sidekick']],
    ['an IP prefix', '-ip:10.42.', ['db-1', 'adhoc']],
    ['problem:any', '-problem:any', ['web-1', 'db-1', 'Ipsec-Router-1', 'web-1-sidekick']],
    ['next to positive terms', 'host:lab-1 -name:sidekick', ['web-1', 'my app']],
  ])('negates %s with a leading dash', (_what, text, expected) => {
    expect(filter(text)).toEqual(expected)
  })

  it('combines keys as in the help example', () => {
    expect(filter('host:lab-1 mode:managed -state:stopped ip:10.42.')).toEqual(['web-1'])
    expect(filter('host:lab-1 mode:managed -state:running ip:10.42.')).toEqual([])
  })

  it('searches an unknown key as text, so it only finds that literal text', () => {
    expect(filter('hots:lab-1')).toEqual([])
    expect(filter('container:web-1')).toEqual(['web-1-sidekick'])
  })

  it('hides infrastructure containers when asked', () => {
    expect(names(filterContainers(all, { text: '', showInfrastructure: false }))).toEqual(['web-1', 'db-1', 'adhoc', 'my app', 'web-1-sidekick'])
    expect(names(filterContainers(all, { text: 'lab-2', showInfrastructure: false }))).toEqual(['db-1'])
  })

  it('sees a refetched container (a new object) with its new values', () => {
    const list = [web]
    expect(filterContainers(list, { text: 'state:running', showInfrastructure: true })).toHaveLength(1)
    const stopped = { ...web, state: 'stopped' as const }
    expect(filterContainers([stopped], { text: 'state:running', showInfrastructure: true })).toHaveLength(0)
  })

  it('filters 10,000 containers with the full grammar', () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      makeContainer({
        id: `c${i}`,
        name: `svc-${i}`,
        hostName: `lab-${i % 50}`,
        networkMode: i % 7 === 0 ? 'bridge' : 'managed',
        dockerIp: `172.17.${Math.floor(i / 250)}.${(i % 250) + 2}`,
        managedIp: i % 7 === 0 ? null : `10.42.${Math.floor(i / 250)}.${(i % 250) + 2}`,
        state: i % 3 === 0 ? 'stopped' : 'running',
        system: i % 10 === 0,
      }),
    )
    const result = filterContainers(many, { text: 'host:lab-7 ip:10.42.1. -state:stopped', showInfrastructure: false })
    // lab-7 holds every 50th container from 7; 10.42.1.x are containers 250–499.
    const expected = many.filter((_, i) => i % 50 === 7 && i >= 250 && i < 500 && i % 7 !== 0 && i % 3 !== 0 && i % 10 !== 0)
    expect(expected.length).toBeGreaterThan(0)
    expect(result).toEqual(expected)
  })
})
