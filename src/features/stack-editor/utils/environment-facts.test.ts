import { describe, expect, it } from 'vitest'
import type { Stack } from '../../../../core/api/index.ts'
import { makeHost, makeNetwork, makeNetworkDriver } from '../../../testing/fixtures.ts'
import { currentCniOf, hostNetworksOf } from './environment-facts.ts'

describe('hostNetworksOf', () => {
  it("lists the hosts' LAN networks once each, without Docker's or the overlay's devices", () => {
    const hosts = [
      makeHost({ interfaces: [{ name: 'eth0', cidrs: ['192.0.2.11/24'], mtu: 1500 }, { name: 'docker0', cidrs: ['172.17.0.1/16'], mtu: 1500 }] }),
      makeHost({ id: 'host-2', interfaces: [{ name: 'eth0', cidrs: ['192.0.2.12/24', '198.51.100.7/25'], mtu: 1500 }, { name: 'lo', cidrs: ['127.0.0.1/8'], mtu: 65536 }] }),
    ]
    expect(hostNetworksOf(hosts)).toEqual(['192.0.2.0/24', '198.51.100.0/25'])
  })
})

describe('currentCniOf', () => {
  const stack = { id: 'stk-ipsec' } as Stack
  it("takes the network of this stack's driver", () => {
    const own = makeNetwork({ id: 'net-2', name: 'mine', isDefault: false, networkDriverId: 'drv-2', cniFiles: [{ name: 'a.conf', content: '{}' }] })
    const result = currentCniOf(stack, [makeNetworkDriver({ id: 'drv-2', stackId: 'stk-ipsec' })], [makeNetwork(), own])
    expect(result).toEqual({ networkName: 'mine', files: own.cniFiles })
  })

  it('falls back to the default network, and to nothing', () => {
    expect(currentCniOf(stack, [], [makeNetwork()])?.networkName).toBe('ipsec')
    expect(currentCniOf(stack, [], [])).toBeNull()
  })
})
