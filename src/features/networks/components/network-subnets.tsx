import type { Network } from '../../../../core/api/index.ts'
import { parseIpv4 } from '../../../../core/net/ipv4.ts'
import { useHosts } from '../../hosts/api/hosts-queries.ts'
import { SubnetUsage } from './subnet-usage.tsx'

/** Every subnet of the network with its usage; the hosts are read only to say how many router addresses there are. */
export function NetworkSubnets({ network }: { network: Network }) {
  const hosts = useHosts(network.environmentId)
  const routersIn = (start: string, end: string): number | null => {
    if (!hosts.data) return null
    const [from, to] = [parseIpv4(start) ?? 0, parseIpv4(end) ?? -1]
    return hosts.data.filter((h) => {
      const n = h.routerIp ? parseIpv4(h.routerIp) : null
      return n !== null && n >= from && n <= to
    }).length
  }
  return (
    <section className="card" aria-labelledby="network-subnets-heading">
      <h2 id="network-subnets-heading">Subnets</h2>
      {network.subnets.length === 0 ? (
        <p className="muted">The network declares no subnet: containers on it get no managed IP.</p>
      ) : (
        network.subnets.map((subnet) => <SubnetUsage key={subnet.id} subnet={subnet} routerCount={routersIn(subnet.startAddress, subnet.endAddress)} />)
      )}
    </section>
  )
}
