import { describe, expect, it } from 'vitest'
import { makeContainer } from '../../../testing/fixtures.ts'
import { containersByStackAndHost } from './group-containers.ts'

const ipsec = (name: string, hostId: string | null, hostName: string | null, extra = {}) =>
  makeContainer({ id: name, name, hostId, hostName, stackId: 'stk-ipsec', stackName: 'ipsec', system: true, ...extra })

describe('containersByStackAndHost', () => {
  it('puts each stack’s containers under their host, hosts in name order and unplaced ones last', () => {
    const groups = containersByStackAndHost([
      ipsec('ipsec-cni-driver-2', 'h2', 'lab-10'),
      ipsec('ipsec-cni-driver-1', 'h1', 'lab-2'),
      ipsec('ipsec-ipsec-1', 'h1', 'lab-2'),
      ipsec('ipsec-router-3', null, null),
      makeContainer({ id: 'ns-1', name: 'network-services-metadata-1', stackId: 'stk-ns', system: true }),
      makeContainer({ id: 'web-1', stackId: null }),
    ])

    expect([...groups.keys()].sort()).toEqual(['stk-ipsec', 'stk-ns'])
    const hosts = groups.get('stk-ipsec') ?? []
    expect(hosts.map((h) => [h.hostName, h.containers.map((c) => c.name)])).toEqual([
      ['lab-2', ['ipsec-cni-driver-1', 'ipsec-ipsec-1']],
      ['lab-10', ['ipsec-cni-driver-2']],
      [null, ['ipsec-router-3']],
    ])
  })

  it('leaves removed containers out', () => {
    const groups = containersByStackAndHost([ipsec('gone', 'h1', 'lab-1', { state: 'removed' })])
    expect(groups.get('stk-ipsec')).toBeUndefined()
  })
})
