import { describe, expect, it } from 'vitest'
import { parseRealLab } from './start-real-lab.ts'

describe('PADDOCK_REAL_LAB', () => {
  it('reads overlays with optional hosts × containers, comma-separated', () => {
    expect(parseRealLab(undefined)).toEqual([])
    expect(parseRealLab('ipsec')).toEqual([{ driver: 'ipsec', hosts: 3, containersPerHost: 2 }])
    expect(parseRealLab('ipsec:6x4, vxlan')).toEqual([
      { driver: 'ipsec', hosts: 6, containersPerHost: 4 },
      { driver: 'vxlan', hosts: 3, containersPerHost: 2 },
    ])
  })

  it('refuses what it cannot build, naming the value', () => {
    expect(() => parseRealLab('bogus')).toThrow('PADDOCK_REAL_LAB: "bogus" is not "ipsec", "vxlan"')
    expect(() => parseRealLab('vxlan:1x2')).toThrow('1 hosts is outside 2…50')
    expect(() => parseRealLab('ipsec:3x99')).toThrow('99 containers per host is more than 50')
  })
})
