import ipaddr from 'ipaddr.js'

/** True when `ip` is a dotted IPv4 address inside `cidr` (test helper, independent of core/net). */
export function inCidr(cidr: string, ip: unknown): boolean {
  if (typeof ip !== 'string' || !ipaddr.IPv4.isValidFourPartDecimal(ip)) return false
  const [net, prefix] = ipaddr.IPv4.parseCIDR(cidr)
  return ipaddr.IPv4.parse(ip).match(net, prefix)
}

/** IPv4 address as an integer, for range comparisons. */
export function ipNum(ip: string): number {
  return ipaddr.IPv4.parse(ip).toByteArray().reduce((n, b) => n * 256 + b, 0)
}
