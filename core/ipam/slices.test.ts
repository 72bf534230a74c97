import { describe, expect, it } from 'vitest'
import { parseIpv4 } from '../net/ipv4.ts'
import { sliceByCidr, slicePrefix, slicesOf } from './slices.ts'

const ip = (s: string) => parseIpv4(s)!

describe('host slices', () => {
  it('cuts Rancher’s default 10.42.0.0/16 (start .0.2, end .255.250) into /24s, clipped to start…end', () => {
    const subnet = { network: ip('10.42.0.0'), cidrSize: 16, start: ip('10.42.0.2'), end: ip('10.42.255.250') }
    const all = [...slicesOf(subnet)]
    expect(all).toHaveLength(256)
    expect(all[0]).toEqual({ cidr: '10.42.0.0/24', first: ip('10.42.0.2'), last: ip('10.42.0.255') })
    expect(all[1]).toEqual({ cidr: '10.42.1.0/24', first: ip('10.42.1.1'), last: ip('10.42.1.255') })
    expect(all[255]).toEqual({ cidr: '10.42.255.0/24', first: ip('10.42.255.1'), last: ip('10.42.255.250') })
  })

  it('keeps slices of small subnets at /28 at most and skips slices outside the range', () => {
    expect(slicePrefix(24)).toBe(28)
    expect(slicePrefix(28)).toBe(28)
    expect(slicePrefix(30)).toBe(30)
    const subnet = { network: ip('192.168.0.0'), cidrSize: 24, start: ip('192.168.0.100'), end: ip('192.168.0.140') }
    expect([...slicesOf(subnet)].map((s) => s.cidr)).toEqual(['192.168.0.96/28', '192.168.0.112/28', '192.168.0.128/28'])
    expect(sliceByCidr(subnet, '192.168.0.112/28')).toEqual({ cidr: '192.168.0.112/28', first: ip('192.168.0.113'), last: ip('192.168.0.127') })
    expect(sliceByCidr(subnet, '192.168.0.0/28')).toBeNull()
  })
})
