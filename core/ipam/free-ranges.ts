/**
 * The largest runs of free addresses in a subnet's start…end, from its allocated addresses in
 * ascending order (the order the unique (subnet, address) index returns them in).
 *
 *   start                                                   end
 *   [ free ][x][ free ...... ][x][x][ free ]
 *    gap 1      gap 2               gap 3
 *
 * One pass over the allocations, keeping only the best `limit` gaps, so a /16 with 65k
 * allocations needs neither a sort nor a list of every gap.
 */

/** A free run as integers (addresses as unsigned 32-bit numbers, see core/net/ipv4.ts). */
export interface FreeRun {
  start: number
  end: number
  size: number
}

/** How many runs the network page lists. */
export const FREE_RANGES_SHOWN = 5

/** What one walk over a subnet's allocations tells: how many of start…end are taken, and the largest free runs. */
export interface RangeUsage {
  /** Addresses of start…end that are allocated. */
  used: number
  /** The largest free runs, largest first, ties by lower start; at most `limit`. */
  largest: FreeRun[]
}

/**
 * Walks the allocations of one subnet once. `used` must be ascending; addresses outside
 * start…end are ignored (they take nothing from the range) and a repeated address counts once,
 * so `used + sum of every free run = end − start + 1` always holds.
 */
export function rangeUsage(start: number, end: number, used: Iterable<number>, limit = FREE_RANGES_SHOWN): RangeUsage {
  const largest: FreeRun[] = []
  let count = 0
  if (end < start) return { used: 0, largest }

  const offer = (from: number, to: number) => {
    const size = to - from + 1
    if (size <= 0 || limit <= 0) return
    if (largest.length === limit && size <= largest[largest.length - 1].size) return
    // Gaps arrive in ascending start order, so an equal-sized gap goes after the ones already
    // kept: that is the "ties by lower start" order without comparing starts.
    let i = largest.length
    while (i > 0 && largest[i - 1].size < size) i--
    largest.splice(i, 0, { start: from, end: to, size })
    if (largest.length > limit) largest.pop()
  }

  let next = start // the first address not yet known to be taken or walked past
  for (const n of used) {
    if (n < next) continue // before the range, or a repeat
    if (n > end) break
    offer(next, n - 1)
    count++
    next = n + 1
  }
  offer(next, end)
  return { used: count, largest }
}
