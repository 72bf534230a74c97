/**
 * The MAC address of a managed container's eth0, derived from its managed IP.
 *
 *   02 : 52 : a : b : c : d      for managed IP a.b.c.d
 *
 * - `02`: locally administered, unicast: never clashes with a vendor (burned-in) address.
 * - `52`: a fixed byte that keeps these apart from Docker's own `02:42:<IP bytes>` MACs, which
 *   the same eth0 may carry next to the managed address (labelled Docker CLI containers).
 * - the four address bytes: unique wherever the IP is unique (IPAM guarantees that per
 *   subnet), and stable: a container that keeps its address (a retained IP, a restart) keeps
 *   its MAC, so peers' ARP tables stay right without a gratuitous ARP. Rancher drew MACs from a
 *   per-network pool instead, which needs a second allocation table for no gain here.
 */
import { parseIpv4 } from '../net/ipv4.ts'

const PREFIX = ['02', '52'] as const

/** `02:52:0a:2a:00:07` for `10.42.0.7`; null when `address` is not an IPv4 address. */
export function macForAddress(address: string): string | null {
  const n = parseIpv4(address)
  if (n === null) return null
  const bytes = [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].map((b) => b.toString(16).padStart(2, '0'))
  return [...PREFIX, ...bytes].join(':')
}
