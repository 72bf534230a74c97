// IPv4 CIDR blocks over the unsigned 32-bit numbers of ./ipv4.ts.
//
// A block is (network, prefix): the top `prefix` bits are fixed, the low 32−prefix bits
// (the host bits) range over every value. For 10.42.0.0/16:
//
//     network  00001010 00101010 | 00000000 00000000   10.42.0.0
//     mask     11111111 11111111 | 00000000 00000000   prefixMask(16) = 255.255.0.0
//     last     00001010 00101010 | 11111111 11111111   10.42.255.255 (network | ~mask)
//              └─── prefix ────┘   └── host bits ──┘    size = 2^(32−16) = 65536
//
// `network` never has host bits set; parseCidr refuses such input rather than silently
// clearing the bits, because `10.42.1.7/16` in a compose file is almost always a typo for
// one of two different intents (the /16 or the /24), and the operator should choose.
import { formatIpv4, parseIpv4 } from './ipv4.ts'

/** An IPv4 block; `network` has no host bits set, `prefix` is 0…32. */
export interface Cidr {
  network: number
  prefix: number
}

export type CidrError = { code: 'CIDR_SYNTAX' | 'CIDR_HOST_BITS_SET' | 'CIDR_PREFIX_RANGE'; message: string }

// `a.b.c.d/p` split on the last slash; the address part is checked by parseIpv4, the prefix
// must be decimal digits without a leading zero (`/08` is not a prefix in Go's ParseCIDR).
const SHAPE = /^([^/]*)\/([0-9]+)$/

/** The netmask of a prefix length, as an unsigned number: 24 → 255.255.255.0; a prefix outside 0…32 is clamped. */
export function prefixMask(prefix: number): number {
  const p = Math.max(0, Math.min(32, Math.trunc(prefix)))
  // `x << 32` is `x << 0` in JS (shift counts are taken mod 32), so /0 would come out as
  // all ones; it is the one prefix with no fixed bits and is special-cased.
  //
  //   0xffffffff << (32 − 24)  =  11111111 11111111 11111111 00000000  (signed: −256)
  //                    >>> 0   =  4294967040 = 255.255.255.0
  return p === 0 ? 0 : (0xffffffff << (32 - p)) >>> 0
}

/**
 * Parses `a.b.c.d/prefix` strictly (no spaces, no leading zeros) and checks the prefix against
 * opts (default 0…32); errors: CIDR_SYNTAX, CIDR_PREFIX_RANGE, CIDR_HOST_BITS_SET — each message names the value.
 */
export function parseCidr(
  text: string,
  opts: { minPrefix?: number; maxPrefix?: number } = {},
): { ok: true; cidr: Cidr } | { ok: false; error: CidrError } {
  const minPrefix = opts.minPrefix ?? 0
  const maxPrefix = opts.maxPrefix ?? 32
  const m = SHAPE.exec(text)
  if (m === null) {
    return fail('CIDR_SYNTAX', `${JSON.stringify(text)} is not a CIDR block (expected address/prefix, e.g. 10.42.0.0/16)`)
  }
  const [, addressText, prefixText] = m
  const address = parseIpv4(addressText)
  if (address === null) {
    return fail('CIDR_SYNTAX', `${JSON.stringify(addressText)} in ${JSON.stringify(text)} is not an IPv4 address`)
  }
  if (prefixText.length > 1 && prefixText.startsWith('0')) {
    return fail('CIDR_SYNTAX', `prefix /${prefixText} in ${JSON.stringify(text)} has a leading zero`)
  }
  // Digits only by now, so Number() is exact for anything short; long strings are simply large.
  const prefix = Number(prefixText)
  if (prefix < minPrefix || prefix > maxPrefix) {
    return fail('CIDR_PREFIX_RANGE', `prefix /${prefixText} is outside /${minPrefix}–/${maxPrefix}`)
  }
  if (prefix > 32) {
    // Only reachable when a caller passes maxPrefix > 32; the address space still ends at /32.
    return fail('CIDR_PREFIX_RANGE', `prefix /${prefixText} is outside /0–/32`)
  }
  const network = (address & prefixMask(prefix)) >>> 0
  if (network !== address) {
    return fail('CIDR_HOST_BITS_SET', `${text} has host bits set; did you mean ${formatIpv4(network)}/${prefix}?`)
  }
  return { ok: true, cidr: { network, prefix } }
}

function fail(code: CidrError['code'], message: string): { ok: false; error: CidrError } {
  return { ok: false, error: { code, message } }
}

/** Canonical text of a block with its host bits cleared ('10.42.1.7/16' → '10.42.0.0/16'); null when unparsable or prefix > 32. */
export function normalizeCidr(text: string): string | null {
  const m = SHAPE.exec(text)
  if (m === null) return null
  const address = parseIpv4(m[1])
  if (address === null || (m[2].length > 1 && m[2].startsWith('0'))) return null
  const prefix = Number(m[2])
  if (prefix > 32) return null
  return formatCidr({ network: (address & prefixMask(prefix)) >>> 0, prefix })
}

/** `a.b.c.d/p`. Never fails (the network is formatted as given). */
export function formatCidr(c: Cidr): string {
  return `${formatIpv4(c.network)}/${c.prefix}`
}

/** Number of addresses in the block, 2^(32−prefix): /24 → 256, /32 → 1, /0 → 4294967296. */
export function cidrSize(c: Cidr): number {
  // 2 ** n rather than 1 << n: /0 needs 2^32, which does not fit a 32-bit shift.
  return 2 ** (32 - c.prefix)
}

/** The last (broadcast) address of the block: 10.42.0.0/16 → 10.42.255.255. */
export function cidrLast(c: Cidr): number {
  // network | ~mask sets every host bit; ~ yields a signed value, so back through >>> 0.
  return (c.network | ~prefixMask(c.prefix)) >>> 0
}

/** True when the address lies inside the block (network and broadcast included). */
export function cidrContains(c: Cidr, ip: number): boolean {
  // Clearing the host bits of ip must give the network:
  //   10.42.7.9 & 255.255.0.0 = 10.42.0.0  ✓      10.43.0.1 & 255.255.0.0 = 10.43.0.0  ✗
  return ((ip & prefixMask(c.prefix)) >>> 0) === c.network
}

/** True when the two blocks share at least one address (one contains the other, since CIDR blocks nest or are disjoint). */
export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  // Two ranges [a.network, last(a)] and [b.network, last(b)] intersect iff each starts
  // no later than the other ends:
  //
  //   a  |-------|                a |----|
  //   b      |-------|  overlap   b         |----|  disjoint (b starts after a ends)
  return a.network <= cidrLast(b) && b.network <= cidrLast(a)
}
