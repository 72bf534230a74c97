import { describe, expect, it } from 'vitest'
import { closest, editDistance } from './suggest.ts'

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', 'abc', 0],
    ['abc', '', 3],
    ['hairpinMode', 'hairpniMode', 1], // a swap of neighbours is one edit
    ['mtu', 'mut', 1],
    ['kitten', 'sitting', 3],
    ['linkMTUOverhed', 'linkMTUOverhead', 1],
  ])('%j → %j = %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d)
    expect(editDistance(b, a)).toBe(d)
  })

  it('stops early past the limit', () => {
    expect(editDistance('completely', 'different', 2)).toBe(3)
  })
})

describe('closest', () => {
  const keys = ['name', 'type', 'bridge', 'bridgeSubnet', 'bridgeIP', 'hairpinMode', 'promiscMode', 'mtu', 'ipam']
  it.each([
    ['hairpinMode"', 'hairpinMode'], // punctuation only
    ['bridgesubnet', 'bridgeSubnet'], // case only
    ['bridge_subnet', 'bridgeSubnet'],
    ['promiscuousMode', 'promiscMode'], // within a third of its length
    ['bandwidth', undefined], // too far
    ['hairpnMode', 'hairpinMode'],
    ['mtus', 'mtu'],
    ['xyz', undefined],
    ['nmae', 'name'],
  ])('%j → %j', (word, want) => {
    expect(closest(word, keys)).toBe(want)
  })
})
