import { describe, expect, it } from 'vitest'
import { macForAddress } from './mac.ts'

describe('macForAddress', () => {
  it.each([
    ['10.42.0.7', '02:52:0a:2a:00:07'],
    ['10.42.255.250', '02:52:0a:2a:ff:fa'],
    ['192.168.1.1', '02:52:c0:a8:01:01'],
    ['0.0.0.0', '02:52:00:00:00:00'],
  ])('%s → %s', (ip, mac) => {
    expect(macForAddress(ip)).toBe(mac)
  })

  it('is a locally administered unicast address, never Docker’s 02:42 prefix', () => {
    const mac = macForAddress('172.17.0.2')!
    const first = parseInt(mac.slice(0, 2), 16)
    expect(first & 0b10).toBe(0b10)
    expect(first & 0b1).toBe(0)
    expect(mac.startsWith('02:42:')).toBe(false)
  })

  it('gives distinct addresses distinct MACs', () => {
    expect(macForAddress('10.42.0.7')).not.toBe(macForAddress('10.42.0.8'))
  })

  it('answers null for something that is not an IPv4 address', () => {
    expect(macForAddress('10.42.0')).toBeNull()
    expect(macForAddress('fe80::1')).toBeNull()
  })
})
