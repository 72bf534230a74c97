import { describe, expect, it } from 'vitest'
import {
  type Cidr,
  cidrContains,
  cidrLast,
  cidrOverlaps,
  cidrSize,
  formatCidr,
  normalizeCidr,
  parseCidr,
  prefixMask,
} from './cidr.ts'
import { formatIpv4, parseIpv4 } from './ipv4.ts'

/** Test shorthand: a CIDR that must parse. */
function cidr(text: string): Cidr {
  const r = parseCidr(text)
  if (!r.ok) throw new Error(r.error.message)
  return r.cidr
}
const ip = (text: string) => parseIpv4(text)!

describe('prefixMask', () => {
  it.each([
    [0, '0.0.0.0'],
    [1, '128.0.0.0'],
    [8, '255.0.0.0'],
    [16, '255.255.0.0'],
    [24, '255.255.255.0'],
    [28, '255.255.255.240'],
    [31, '255.255.255.254'],
    [32, '255.255.255.255'],
  ])('/%d → %s', (prefix, mask) => {
    expect(formatIpv4(prefixMask(prefix))).toBe(mask)
    expect(prefixMask(prefix)).toBeGreaterThanOrEqual(0)
  })
})

describe('parseCidr: valid blocks by prefix', () => {
  it.each([
    // text, size, last
    ['0.0.0.0/0', 4294967296, '255.255.255.255'],
    ['10.0.0.0/8', 16777216, '10.255.255.255'],
    ['10.42.0.0/16', 65536, '10.42.255.255'],
    ['192.0.2.0/24', 256, '192.0.2.255'],
    ['198.51.100.16/28', 16, '198.51.100.31'],
    ['203.0.113.6/31', 2, '203.0.113.7'],
    ['203.0.113.7/32', 1, '203.0.113.7'],
    ['128.0.0.0/1', 2147483648, '255.255.255.255'],
  ])('%s has %d addresses, last %s', (text, size, last) => {
    const c = cidr(text)
    expect(formatCidr(c)).toBe(text)
    expect(cidrSize(c)).toBe(size)
    expect(formatIpv4(cidrLast(c))).toBe(last)
  })
})

describe('parseCidr: errors', () => {
  it.each([
    ['10.42.0.0', 'CIDR_SYNTAX'],
    ['10.42.0.0/', 'CIDR_SYNTAX'],
    ['/16', 'CIDR_SYNTAX'],
    ['', 'CIDR_SYNTAX'],
    ['300.1.1.1/8', 'CIDR_SYNTAX'],
    [' 10.0.0.0/8', 'CIDR_SYNTAX'],
    ['10.0.0.0/8 ', 'CIDR_SYNTAX'],
    ['10.0.0.0/ 8', 'CIDR_SYNTAX'],
    ['10.0.0.0/08', 'CIDR_SYNTAX'],
    ['010.0.0.0/8', 'CIDR_SYNTAX'],
    ['10.0.0.0/8/8', 'CIDR_SYNTAX'],
    ['10.0.0.0/-8', 'CIDR_SYNTAX'],
    ['10.0.0.0/8.0', 'CIDR_SYNTAX'],
    ['10.0.0.0/x', 'CIDR_SYNTAX'],
    ['10.42.0.0/33', 'CIDR_PREFIX_RANGE'],
    ['10.42.0.0/99999999999999999999', 'CIDR_PREFIX_RANGE'],
    ['10.42.0.1/16', 'CIDR_HOST_BITS_SET'],
    ['192.0.2.1/24', 'CIDR_HOST_BITS_SET'],
    ['203.0.113.7/31', 'CIDR_HOST_BITS_SET'],
    ['0.0.0.1/0', 'CIDR_HOST_BITS_SET'],
  ])('%j → %s', (text, code) => {
    const r = parseCidr(text)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe(code)
  })

  it('names the value and the fix in messages', () => {
    const hostBits = parseCidr('10.42.0.1/16')
    expect(!hostBits.ok && hostBits.error.message).toBe('10.42.0.1/16 has host bits set; did you mean 10.42.0.0/16?')
    const range = parseCidr('192.0.2.0/30', { minPrefix: 8, maxPrefix: 28 })
    expect(!range.ok && range.error.message).toBe('prefix /30 is outside /8–/28')
    const badIp = parseCidr('300.1.1.1/8')
    expect(!badIp.ok && badIp.error.message).toContain('"300.1.1.1"')
    const noSlash = parseCidr('10.42.0.0')
    expect(!noSlash.ok && noSlash.error.message).toContain('"10.42.0.0"')
  })

  it.each([
    ['10.0.0.0/7', false],
    ['10.0.0.0/8', true],
    ['192.0.2.0/28', true],
    ['192.0.2.0/29', false],
  ])('with /8–/28 bounds %s ok=%s', (text, ok) => {
    expect(parseCidr(text, { minPrefix: 8, maxPrefix: 28 }).ok).toBe(ok)
  })

  it('checks the range before host bits, so the first message is the one to fix first', () => {
    const r = parseCidr('10.42.0.1/30', { minPrefix: 8, maxPrefix: 28 })
    expect(!r.ok && r.error.code).toBe('CIDR_PREFIX_RANGE')
  })
})

describe('normalizeCidr', () => {
  it.each([
    ['10.42.1.7/16', '10.42.0.0/16'],
    ['10.42.0.0/16', '10.42.0.0/16'],
    ['192.0.2.200/25', '192.0.2.128/25'],
    ['203.0.113.7/32', '203.0.113.7/32'],
    ['203.0.113.7/0', '0.0.0.0/0'],
    ['10.42.0.0', null],
    ['10.42.0.0/33', null],
    ['10.42.0.0/016', null],
    ['300.0.0.0/8', null],
    [' 10.0.0.0/8', null],
  ])('%j → %j', (text, out) => {
    expect(normalizeCidr(text)).toBe(out)
  })
})

describe('cidrContains', () => {
  it.each([
    ['10.42.0.0/16', '10.42.0.0', true], // network address
    ['10.42.0.0/16', '10.42.255.255', true], // broadcast
    ['10.42.0.0/16', '10.41.255.255', false], // one below
    ['10.42.0.0/16', '10.43.0.0', false], // one above
    ['192.0.2.0/24', '192.0.2.77', true],
    ['0.0.0.0/0', '255.255.255.255', true],
    ['0.0.0.0/0', '0.0.0.0', true],
    ['203.0.113.7/32', '203.0.113.7', true],
    ['203.0.113.7/32', '203.0.113.8', false],
    ['203.0.113.6/31', '203.0.113.7', true],
    ['128.0.0.0/1', '127.255.255.255', false],
    ['128.0.0.0/1', '200.0.0.1', true],
  ])('%s ∋ %s is %s', (block, addr, yes) => {
    expect(cidrContains(cidr(block), ip(addr))).toBe(yes)
  })
})

describe('cidrOverlaps', () => {
  it.each([
    ['10.42.0.0/16', '10.42.0.0/16', true], // identical
    ['10.0.0.0/8', '10.42.0.0/16', true], // contains
    ['10.42.0.0/16', '10.0.0.0/8', true], // contained
    ['10.42.0.0/16', '10.43.0.0/16', false], // adjacent above
    ['10.42.0.0/16', '10.41.0.0/16', false], // adjacent below
    ['192.0.2.0/25', '192.0.2.128/25', false], // two halves
    ['192.0.2.0/24', '192.0.2.255/32', true], // last address
    ['192.0.2.0/24', '192.0.3.0/32', false], // one past the last
    ['0.0.0.0/0', '198.51.100.0/24', true],
    ['172.17.0.0/16', '10.42.0.0/16', false], // docker0 vs the managed network
  ])('%s and %s → %s', (a, b, yes) => {
    expect(cidrOverlaps(cidr(a), cidr(b))).toBe(yes)
    expect(cidrOverlaps(cidr(b), cidr(a))).toBe(yes)
  })
})
