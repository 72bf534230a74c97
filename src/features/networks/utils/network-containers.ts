import type { Container } from '../../../../core/api/index.ts'
import { parseIpv4 } from '../../../../core/net/ipv4.ts'

/** Managed IP in address order (10.42.0.9 before 10.42.0.10), containers without one last, then by name. */
export function byManagedAddress(a: Container, b: Container): number {
  const x = a.managedIp ? parseIpv4(a.managedIp) : null
  const y = b.managedIp ? parseIpv4(b.managedIp) : null
  if (x !== y) {
    if (x === null) return 1
    if (y === null) return -1
    return x - y
  }
  return a.name.localeCompare(b.name)
}

/** Case-insensitive match on the name, the host's name or the managed IP; an empty filter matches all. */
export function matchesContainer(c: Container, filter: string): boolean {
  const f = filter.trim().toLowerCase()
  if (!f) return true
  return [c.name, c.hostName, c.managedIp].some((v) => v?.toLowerCase().includes(f))
}
