import { describe, expect, it } from 'vitest'
import { planVxlan, vtepMac, vtepName } from './vxlan.ts'

describe('VXLAN plan', () => {
  it('derives each VTEP MAC from its router address, so peers compute each other’s', () => {
    expect(vtepMac('10.42.0.2')).toBe('02:42:0a:2a:00:02')
    expect(vtepMac('10.42.255.17')).toBe('02:42:0a:2a:ff:11')
    expect(vtepName(1042)).toBe('vtep1042')
  })

  it('routes every remote container /32 via its host’s router, and skips peers without one', () => {
    const plan = planVxlan([
      { hostId: 'h2', name: 'host-2', agentIp: '192.168.50.12', routerIp: '10.42.0.5', slice: null, managedIps: ['10.42.0.6', '10.42.0.13'] },
      { hostId: 'h3', name: 'host-3', agentIp: '192.168.50.13', routerIp: null, slice: null, managedIps: ['10.42.0.9'] },
    ])
    expect([...plan.fdb]).toEqual([['02:42:0a:2a:00:05', '192.168.50.12']])
    expect([...plan.neigh]).toEqual([['10.42.0.5', '02:42:0a:2a:00:05']])
    expect([...plan.routes]).toEqual([
      ['10.42.0.5/32', null],
      ['10.42.0.6/32', '10.42.0.5'],
      ['10.42.0.13/32', '10.42.0.5'],
    ])
  })
})
