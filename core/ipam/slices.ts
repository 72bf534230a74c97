/**
 * Host slices of a subnet (IPsec over userspace ESP, README design notes): a host that asks
 * for one gets a block of the subnet that holds its router address and every managed address
 * of its containers, so one traffic selector (the slice) covers the host and charon can route
 * every policy from the router address.
 *
 *   10.42.0.0/16 ─ slices /24:  10.42.0.0/24 (network address, gateway: usable from .2)
 *                               10.42.1.0/24  host-1: router 10.42.1.1, containers .2, .3 …
 *                               10.42.2.0/24  host-2 …
 *
 * A slice is 8 bits longer than its subnet, but never longer than /28 (a /24 subnet gives
 * sixteen /28 slices of 16 addresses). Only the part of a slice inside the subnet's
 * start…end is ever handed out.
 */
import { formatIpv4 } from '../net/ipv4.ts'

export const MAX_SLICE_PREFIX = 28

export interface SliceSubnet {
  /** Network address as a number. */
  network: number
  cidrSize: number
  start: number
  end: number
}

export function slicePrefix(cidrSize: number): number {
  return Math.min(cidrSize + 8, Math.max(cidrSize, MAX_SLICE_PREFIX))
}

export interface Slice {
  /** `10.42.1.0/24`. */
  cidr: string
  /** The addresses of the slice inside the subnet's start…end (its base address excluded). */
  first: number
  last: number
}

/** Every slice of the subnet that has addresses inside start…end, in order. */
export function* slicesOf(s: SliceSubnet): Generator<Slice> {
  const prefix = slicePrefix(s.cidrSize)
  const size = 2 ** (32 - prefix)
  const count = 2 ** (prefix - s.cidrSize)
  for (let k = 0; k < count; k++) {
    const base = s.network + k * size
    // a slice's own base address (10.42.1.0) is a valid host address inside the /16, but reads
    // as a network address to every operator: it is never handed out
    const first = Math.max(base + 1, s.start)
    const last = Math.min(base + size - 1, s.end)
    if (first > last) continue
    yield { cidr: `${formatIpv4(base)}/${prefix}`, first, last }
  }
}

/** The slice a CIDR text names, with its allocatable part; null when it is not one of the subnet's. */
export function sliceByCidr(s: SliceSubnet, cidr: string): Slice | null {
  for (const slice of slicesOf(s)) if (slice.cidr === cidr) return slice
  return null
}
