import type { Host, Network, NetworkDriver, Stack } from '../../../../core/api/index.ts'
import { normalizeCidr } from '../../../../core/net/cidr.ts'

/** Interfaces that are not the host's LAN: loopback, Docker's and the overlay's own devices. */
const NOT_LAN = /^(lo|docker|veth|br-|cni|vxlan|ipsec|flannel|cali|tunl)/

/** The host LAN networks the managed subnet must not overlap, as canonical CIDRs (sorted, unique). */
export function hostNetworksOf(hosts: Host[]): string[] {
  const out = new Set<string>()
  for (const host of hosts) {
    for (const iface of host.interfaces) {
      if (NOT_LAN.test(iface.name)) continue
      for (const cidr of iface.cidrs) {
        const network = normalizeCidr(cidr)
        if (network) out.add(network)
      }
    }
  }
  return [...out].sort()
}

/** The network this stack's driver created (else the environment's default network) and its CNI files. */
export function currentCniOf(stack: Stack, drivers: NetworkDriver[], networks: Network[]) {
  const driver = drivers.find((d) => d.stackId === stack.id)
  const network = (driver && networks.find((n) => n.networkDriverId === driver.id)) ?? networks.find((n) => n.isDefault) ?? null
  return network ? { networkName: network.name, files: network.cniFiles } : null
}
