import { describe, expect, it } from 'vitest'
import { reservedBlocks } from './reserved-addresses.ts'

const GATEWAY = 'gateway (the bridge address on each host)'

describe('reservedBlocks', () => {
  it('names the network address, the gateway and the last five of the default /16', () => {
    expect(
      reservedBlocks({ networkAddress: '10.42.0.0', cidrSize: 16, gateway: '10.42.0.1', startAddress: '10.42.0.2', endAddress: '10.42.255.250' }),
    ).toEqual([
      { first: '10.42.0.0', last: '10.42.0.0', count: 1, why: 'network address' },
      { first: '10.42.0.1', last: '10.42.0.1', count: 1, why: GATEWAY },
      { first: '10.42.255.251', last: '10.42.255.255', count: 5, why: 'the last five addresses (broadcast included)' },
    ])
  })

  it('says what an explicit range leaves out on either side', () => {
    expect(
      reservedBlocks({ networkAddress: '192.0.2.0', cidrSize: 24, gateway: '192.0.2.1', startAddress: '192.0.2.10', endAddress: '192.0.2.200' }),
    ).toEqual([
      { first: '192.0.2.0', last: '192.0.2.0', count: 1, why: 'network address' },
      { first: '192.0.2.1', last: '192.0.2.1', count: 1, why: GATEWAY },
      { first: '192.0.2.2', last: '192.0.2.9', count: 8, why: 'outside the allocation range' },
      { first: '192.0.2.201', last: '192.0.2.255', count: 55, why: 'the last 55 addresses, after the allocation range (broadcast included)' },
    ])
  })

  it('does not list a gateway that lies inside the range', () => {
    const blocks = reservedBlocks({ networkAddress: '192.0.2.0', cidrSize: 28, gateway: '192.0.2.5', startAddress: '192.0.2.1', endAddress: '192.0.2.10' })
    expect(blocks.map((b) => [b.first, b.last])).toEqual([
      ['192.0.2.0', '192.0.2.0'],
      ['192.0.2.11', '192.0.2.15'],
    ])
  })

  it('stays quick on a /8 whose range starts far in', () => {
    const blocks = reservedBlocks({ networkAddress: '10.0.0.0', cidrSize: 8, gateway: '10.0.0.1', startAddress: '10.128.0.0', endAddress: '10.255.255.250' })
    expect(blocks[2]).toEqual({ first: '10.0.0.2', last: '10.127.255.255', count: 8_388_606, why: 'outside the allocation range' })
  })

  it('gives nothing for addresses it cannot read', () => {
    expect(reservedBlocks({ networkAddress: 'x', cidrSize: 16, gateway: '', startAddress: '', endAddress: '' })).toEqual([])
  })
})
