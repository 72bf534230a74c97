import { describe, expect, it } from 'vitest'
import { formatIpv4, isIpv4, parseIpv4 } from './ipv4.ts'

describe('parseIpv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['255.255.255.255', 0xffffffff],
    ['192.0.2.1', 0xc0000201],
    ['10.42.0.1', 0x0a2a0001],
    ['198.51.100.255', 0xc63364ff],
    ['128.0.0.0', 0x80000000], // bit 31 set: must stay positive
    ['203.0.113.0', 0xcb007100],
  ])('%s → %d', (text, n) => {
    expect(parseIpv4(text)).toBe(n)
    expect(parseIpv4(text)).toBeGreaterThanOrEqual(0)
  })

  it.each([
    '',
    '192.0.2',
    '192.0.2.1.5',
    '192.0.2.256',
    '300.1.1.1',
    '192.0.2.01', // leading zero (octal in inet_aton)
    '010.0.0.1',
    '00.0.0.1',
    ' 192.0.2.1',
    '192.0.2.1 ',
    '192.0.2. 1',
    '192.0.2.-1',
    '192.0.2.+1',
    '192.0.2.1/24',
    '0x0a.0.0.1',
    '192.0.2.',
    '.192.0.2',
    '192..0.2',
    '１９２.0.2.1', // full-width digits are not ASCII digits
  ])('rejects %j', (text) => {
    expect(parseIpv4(text)).toBeNull()
    expect(isIpv4(text)).toBe(false)
  })
})

describe('formatIpv4', () => {
  it.each([
    [0, '0.0.0.0'],
    [0xffffffff, '255.255.255.255'],
    [0xc0000201, '192.0.2.1'],
    [0x80000000, '128.0.0.0'],
    [-1, '255.255.255.255'], // a signed bitwise result is read as unsigned
    [0x1_0000_0001, '0.0.0.1'], // modulo 2^32
  ])('%d → %s', (n, text) => {
    expect(formatIpv4(n)).toBe(text)
  })

  it('round-trips with parseIpv4', () => {
    for (const text of ['192.0.2.0', '198.51.100.7', '203.0.113.254', '10.42.255.250', '172.17.0.1']) {
      expect(formatIpv4(parseIpv4(text)!)).toBe(text)
    }
  })
})

describe('isIpv4', () => {
  it.each([
    ['192.0.2.1', true],
    ['192.0.2.1/32', false],
    ['rancher.internal', false],
  ])('%s → %s', (text, ok) => {
    expect(isIpv4(text)).toBe(ok)
  })
})
