/**
 * IPv4 addresses as numbers, so 10.42.0.9 sorts before 10.42.0.10 and a CIDR is a range check.
 * Anything that is not a dotted quad (an empty cell, an IPv6 address) is `null` and sorts last.
 */
export function ipv4ToNumber(ip: string | null | undefined): number | null {
  if (!ip) return null
  const parts = ip.split('.')
  if (parts.length !== 4) return null
  let value = 0
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null
    const octet = Number(part)
    if (octet > 255) return null
    value = value * 256 + octet
  }
  return value
}

export type Ipv4Range = { first: number; last: number }

/** `10.42.3.0/24` → the addresses it covers; `null` unless it is a valid IPv4 CIDR. */
export function parseIpv4Cidr(cidr: string): Ipv4Range | null {
  const slash = cidr.indexOf('/')
  if (slash < 0) return null
  const base = ipv4ToNumber(cidr.slice(0, slash))
  const bitsText = cidr.slice(slash + 1)
  if (base === null || !/^\d{1,2}$/.test(bitsText)) return null
  const bits = Number(bitsText)
  if (bits > 32) return null
  const size = 2 ** (32 - bits)
  const first = Math.floor(base / size) * size
  return { first, last: first + size - 1 }
}
