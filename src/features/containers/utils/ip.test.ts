import { describe, expect, it } from 'vitest'
import { ipv4ToNumber, parseIpv4Cidr } from './ip.ts'

describe('ipv4ToNumber', () => {
  it('orders addresses numerically, not as text', () => {
    const nine = ipv4ToNumber('10.42.0.9')!
    const ten = ipv4ToNumber('10.42.0.10')!
    expect(nine).toBeLessThan(ten)
    expect(ipv4ToNumber('10.42.1.0')!).toBeGreaterThan(ipv4ToNumber('10.42.0.255')!)
    expect(ipv4ToNumber('255.255.255.255')).toBe(2 ** 32 - 1)
    expect(ipv4ToNumber('0.0.0.0')).toBe(0)
  })

  it.each([null, undefined, '', '10.42.0', '10.42.0.256', '10.42.0.1.2', 'fe80::1', '10.42.0.x', '10.42..1'])('gives null for %j', (ip) => {
    expect(ipv4ToNumber(ip)).toBeNull()
  })
})

describe('parseIpv4Cidr', () => {
  it('covers the block the prefix names, whatever host bits were typed', () => {
    expect(parseIpv4Cidr('10.42.3.0/24')).toEqual({ first: ipv4ToNumber('10.42.3.0'), last: ipv4ToNumber('10.42.3.255') })
    expect(parseIpv4Cidr('10.42.3.77/24')).toEqual(parseIpv4Cidr('10.42.3.0/24'))
    expect(parseIpv4Cidr('0.0.0.0/0')).toEqual({ first: 0, last: 2 ** 32 - 1 })
    expect(parseIpv4Cidr('10.42.0.5/32')).toEqual({ first: ipv4ToNumber('10.42.0.5'), last: ipv4ToNumber('10.42.0.5') })
  })

  it.each(['10.42.3.0', '10.42.3.0/33', '10.42.3/24', '10.42.3.0/', '10.42.3.0/x'])('gives null for %j', (cidr) => {
    expect(parseIpv4Cidr(cidr)).toBeNull()
  })
})
