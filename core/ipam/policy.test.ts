import { describe, expect, it } from 'vitest'
import { advanceCursor, isReservedAddress, nextFitOrder, parseRequestedIps } from './policy.ts'
import { parseIpv4 } from '../net/ipv4.ts'

describe('nextFitOrder', () => {
  it.each([
    { start: 2, end: 5, next: 2, want: [2, 3, 4, 5] },
    { start: 2, end: 5, next: 4, want: [4, 5, 2, 3] },
    { start: 2, end: 5, next: 99, want: [2, 3, 4, 5] },
    { start: 2, end: 2, next: 2, want: [2] },
    { start: 5, end: 2, next: 2, want: [] },
  ])('walks $start..$end from $next', ({ start, end, next, want }) => {
    expect([...nextFitOrder(start, end, next)]).toEqual(want)
  })

  it('stops after limit attempts', () => {
    expect([...nextFitOrder(0, 1000, 10, 3)]).toEqual([10, 11, 12])
  })

  it('advances past the taken address and wraps at the end', () => {
    expect(advanceCursor(2, 5, 3)).toBe(4)
    expect(advanceCursor(2, 5, 5)).toBe(2)
  })
})

describe('parseRequestedIps', () => {
  it.each([
    { label: undefined, valid: [], invalid: [] },
    { label: '10.42.0.9', valid: ['10.42.0.9'], invalid: [] },
    { label: ' 10.42.0.9 , 10.42.0.10,,10.42.0.9 ', valid: ['10.42.0.9', '10.42.0.10'], invalid: [] },
    { label: '10.42.0.300, web', valid: [], invalid: ['10.42.0.300', 'web'] },
  ])('parses $label', ({ label, valid, invalid }) => {
    expect(parseRequestedIps(label)).toEqual({ valid, invalid })
  })
})

describe('isReservedAddress', () => {
  const ip = (a: string) => parseIpv4(a)!
  const subnet = { network: ip('10.99.0.0'), cidrSize: 28, gateway: ip('10.99.0.1') }
  it.each([
    ['10.99.0.0', true, 'network address'],
    ['10.99.0.1', true, 'gateway'],
    ['10.99.0.2', false, 'first of the range'],
    ['10.99.0.10', false, 'last of the default range'],
    ['10.99.0.11', true, 'first of the last five'],
    ['10.99.0.15', true, 'broadcast'],
  ])('%s → %s (%s)', (address, reserved) => {
    expect(isReservedAddress(ip(address), subnet)).toBe(reserved)
  })

  it('keeps a gateway that is not network+1 reserved', () => {
    expect(isReservedAddress(ip('10.99.0.5'), { ...subnet, gateway: ip('10.99.0.5') })).toBe(true)
    expect(isReservedAddress(ip('10.99.0.1'), { ...subnet, gateway: ip('10.99.0.5') })).toBe(false)
  })
})
