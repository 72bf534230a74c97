import { describe, expect, it } from 'vitest'
import { parseIpv4 } from '../net/ipv4.ts'
import { rangeUsage } from './free-ranges.ts'

const run = (start: number, end: number) => ({ start, end, size: end - start + 1 })

describe('rangeUsage', () => {
  it.each([
    { name: 'empty subnet: the whole range is one run', start: 2, end: 10, used: [], want: { used: 0, largest: [run(2, 10)] } },
    { name: 'full subnet: no run', start: 2, end: 5, used: [2, 3, 4, 5], want: { used: 4, largest: [] } },
    { name: 'one address range, free', start: 7, end: 7, used: [], want: { used: 0, largest: [run(7, 7)] } },
    { name: 'one address range, taken', start: 7, end: 7, used: [7], want: { used: 1, largest: [] } },
    { name: 'gap at the start edge', start: 2, end: 10, used: [6, 7, 8, 9, 10], want: { used: 5, largest: [run(2, 5)] } },
    { name: 'gap at the end edge', start: 2, end: 10, used: [2, 3, 4], want: { used: 3, largest: [run(5, 10)] } },
    { name: 'gaps at both edges, largest first', start: 2, end: 10, used: [4, 5], want: { used: 2, largest: [run(6, 10), run(2, 3)] } },
    { name: 'ties go to the lower start', start: 0, end: 8, used: [2, 5], want: { used: 2, largest: [run(6, 8), run(0, 1), run(3, 4)] } },
    { name: 'equal gaps keep address order', start: 0, end: 8, used: [2, 5, 8], want: { used: 3, largest: [run(0, 1), run(3, 4), run(6, 7)] } },
    { name: 'addresses outside the range take nothing from it', start: 10, end: 20, used: [1, 9, 15, 21, 300], want: { used: 1, largest: [run(10, 14), run(16, 20)] } },
    { name: 'a repeated address counts once', start: 0, end: 5, used: [2, 2, 3], want: { used: 2, largest: [run(0, 1), run(4, 5)] } },
    { name: 'an inverted range has nothing', start: 5, end: 2, used: [], want: { used: 0, largest: [] } },
  ])('$name', ({ start, end, used, want }) => {
    expect(rangeUsage(start, end, used)).toEqual(want)
  })

  it('keeps at most five runs, the largest, and drops smaller later ones', () => {
    // gaps of sizes 1, 2, 3, 4, 5, 6, 1 separated by single taken addresses
    const used: number[] = []
    let n = 0
    for (const size of [1, 2, 3, 4, 5, 6, 1]) {
      n += size
      used.push(n)
      n += 1
    }
    const { largest } = rangeUsage(0, n - 1, used)
    expect(largest.map((r) => r.size)).toEqual([6, 5, 4, 3, 2])
    expect(rangeUsage(0, n - 1, used, 2).largest.map((r) => r.size)).toEqual([6, 5])
  })

  it('used plus every free run is the range size', () => {
    const used = [3, 4, 9, 17, 18, 19, 30]
    const { used: count, largest } = rangeUsage(0, 31, used, 100)
    expect(count + largest.reduce((sum, r) => sum + r.size, 0)).toBe(32)
  })

  it('walks a /16 with 65k allocations quickly', () => {
    const start = parseIpv4('10.42.0.2')!
    const end = parseIpv4('10.42.255.250')!
    // everything taken but every 1000th address and a block near the end
    const used: number[] = []
    for (let n = start; n <= end; n++) if ((n - start) % 1000 !== 0 && (n < end - 50 || n > end - 20)) used.push(n)
    const t0 = performance.now()
    const { used: count, largest } = rangeUsage(start, end, used)
    const ms = performance.now() - t0
    expect(count).toBe(used.length)
    expect(largest[0]).toEqual(run(end - 50, end - 20))
    expect(largest).toHaveLength(5)
    expect(largest.slice(1).every((r) => r.size === 1)).toBe(true)
    // the lone free addresses, lowest first
    expect(largest[1].start).toBe(start)
    expect(ms).toBeLessThan(50)
  })
})
