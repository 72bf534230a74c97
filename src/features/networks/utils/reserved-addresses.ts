import type { Subnet } from '../../../../core/api/index.ts'
import { cidrLast } from '../../../../core/net/cidr.ts'
import { formatIpv4, parseIpv4 } from '../../../../core/net/ipv4.ts'

/** One block of a subnet's addresses that IPAM never hands to a container, and why. */
export interface ReservedBlock {
  first: string
  last: string
  count: number
  why: string
}

/**
 * The addresses of the CIDR outside start…end, in address order: the network address, the
 * gateway, and whatever else the range leaves out (with the defaults, the last five). Rancher
 * reserves exactly these (domain §3.5); the per-host router addresses come from inside the
 * range and count as allocated, so they are not here.
 */
export function reservedBlocks(subnet: Pick<Subnet, 'networkAddress' | 'cidrSize' | 'gateway' | 'startAddress' | 'endAddress'>): ReservedBlock[] {
  const network = parseIpv4(subnet.networkAddress)
  const start = parseIpv4(subnet.startAddress)
  const end = parseIpv4(subnet.endAddress)
  if (network === null || start === null || end === null) return []
  const broadcast = cidrLast({ network, prefix: subnet.cidrSize })
  const gateway = parseIpv4(subnet.gateway)
  const outside = (n: number) => n >= network && n <= broadcast && (n < start || n > end)

  const named = new Map<number, string>([[network, 'network address']])
  if (gateway !== null && gateway !== network && outside(gateway)) named.set(gateway, 'gateway (the bridge address on each host)')

  const blocks: ReservedBlock[] = []
  const pushRun = (from: number, to: number) => {
    if (to < from) return
    const count = to - from + 1
    const tail = to === broadcast
    const why = tail
      ? count === 5
        ? 'the last five addresses (broadcast included)'
        : `the last ${count} address${count === 1 ? '' : 'es'}, after the allocation range (broadcast included)`
      : 'outside the allocation range'
    blocks.push({ first: formatIpv4(from), last: formatIpv4(to), count, why })
  }
  // Walk the two stretches outside the range, cutting them at the named addresses.
  const stretches: [number, number][] = [
    [network, Math.min(start - 1, broadcast)],
    [Math.max(end + 1, network), broadcast],
  ]
  const points = [...named.keys()].sort((a, b) => a - b)
  for (const [from, to] of stretches) {
    let runStart = from
    for (const n of points) {
      if (n < from || n > to) continue
      pushRun(runStart, n - 1)
      blocks.push({ first: formatIpv4(n), last: formatIpv4(n), count: 1, why: named.get(n)! })
      runStart = n + 1
    }
    pushRun(runStart, to)
  }
  return blocks
}
