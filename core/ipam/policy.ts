/**
 * IPAM allocation policy, pure. The server owns uniqueness (a unique row per subnet and
 * address, inserted inside a transaction); this file decides which addresses to try and in
 * which order, so that allocation cost does not grow with the number of used addresses.
 *
 *   network   gateway   start ............................ end   last five
 *   10.42.0.0 10.42.0.1 10.42.0.2 ...................... .255.250 .251-.255
 *   reserved  reserved  |<------ allocatable range ------>|      reserved
 *
 * Next-fit: each subnet keeps a cursor (`next`). Allocation tries the cursor first and moves it
 * one past the address it took. While the range fills for the first time the cursor always
 * points at a free address, so each allocation is one attempt; after releases, the walk skips
 * taken addresses and wraps at `end`. Rancher walked from a random offset instead, which costs
 * O(used) per allocation near exhaustion.
 */

/** Addresses to try, in order: `next` … `end`, then `start` … `next − 1`; at most `limit` of them. */
export function* nextFitOrder(start: number, end: number, next: number, limit = Number.POSITIVE_INFINITY): Generator<number> {
  const size = end - start + 1
  if (size <= 0) return
  // a cursor outside the range (range edited, or first use) restarts at `start`
  let n = next >= start && next <= end ? next : start
  for (let i = 0; i < size && i < limit; i++) {
    yield n
    n = n === end ? start : n + 1
  }
}

/** The cursor after taking `taken`: one past it, wrapping to `start` after `end`. */
export function advanceCursor(start: number, end: number, taken: number): number {
  return taken >= end ? start : taken + 1
}

/** The label a container requests its managed IP(s) with. */
export const REQUESTED_IP_LABEL = 'io.rancher.container.requested_ip'

/**
 * Parses `io.rancher.container.requested_ip`: a comma list since Rancher 1.6.6, entries
 * trimmed, empty entries ignored, duplicates dropped; invalid entries are returned separately
 * so the caller can say which one it ignored.
 */
export function parseRequestedIps(label: string | undefined | null): { valid: string[]; invalid: string[] } {
  const valid: string[] = []
  const invalid: string[] = []
  if (!label) return { valid, invalid }
  for (const raw of label.split(',')) {
    const entry = raw.trim()
    if (!entry) continue
    if (/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(entry)) {
      if (!valid.includes(entry)) valid.push(entry)
    } else {
      invalid.push(entry)
    }
  }
  return { valid, invalid }
}

/** Addresses at the top of every subnet that IPAM never hands out (Rancher's "last five"). */
export const TOP_RESERVED = 5

/**
 * True for an address no container may get even when an explicit start…end covers it: the
 * network address, the gateway (the bridge's own address on every host) and the last five
 * addresses of the block (the broadcast address among them). Rancher did not check this for
 * explicit ranges (rancher/rancher#10766); handing out the gateway breaks every container.
 */
export function isReservedAddress(n: number, subnet: { network: number; cidrSize: number; gateway: number }): boolean {
  const last = subnet.network + 2 ** (32 - subnet.cidrSize) - 1
  return n === subnet.network || n === subnet.gateway || n > last - TOP_RESERVED
}
