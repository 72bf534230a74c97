/**
 * Translates the CNI file Paddock rendered for this host (Rancher's `rancher-bridge` plugin
 * with `rancher-cni-ipam`) into a configuration for the reference CNI `bridge` plugin with
 * `static` IPAM: Paddock's IPAM already chose the address, so the plugin must not choose one.
 *
 * Kept from the rendered file: the bridge name, hairpin and promiscuous mode, the IPAM routes
 * (e.g. metadata's 169.254.169.250/32). Taken from the desired container: the address, the
 * gateway and the eth0 MTU (mtu − linkMTUOverhead, already computed by the control plane).
 * Dropped: `isDefaultGateway`/`hostNat` — the agent configures the bridge's addresses
 * itself (gateway plus this host's router address), so the plugin must not add the gateway
 * to the bridge or masquerade.
 */
import type { CniFile, DesiredContainer } from '../../core/api/index.ts'

export interface ReferenceBridgeConfig {
  cniVersion: '1.0.0'
  name: string
  type: 'bridge'
  bridge: string
  isGateway: false
  ipMasq: false
  hairpinMode: boolean
  promiscMode: boolean
  mtu?: number
  ipam: {
    type: 'static'
    addresses: Array<{ address: string; gateway?: string }>
    routes: Array<{ dst: string; gw?: string }>
  }
}

export interface AttachAddresses {
  /** Docker bridge address with prefix (172.17.x.y/16), when the container has one. */
  dockerIp: string | null
  dockerGateway: string
}

/** The rendered `rancher-bridge` config among the host's CNI files (the lowest-named, like libcni). */
export function primaryCniConfig(files: CniFile[]): Record<string, unknown> | null {
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    try {
      const conf = JSON.parse(f.content) as Record<string, unknown>
      if (conf && typeof conf === 'object') return conf
    } catch {
      // a file that is not JSON is skipped, as libcni skips it
    }
  }
  return null
}

export function referenceBridgeConfig(rendered: Record<string, unknown> | null, c: DesiredContainer, a: AttachAddresses): ReferenceBridgeConfig {
  const ipam = (rendered?.ipam ?? {}) as { routes?: Array<{ dst?: unknown; gw?: unknown }> }
  const addresses: ReferenceBridgeConfig['ipam']['addresses'] = []
  const routes: ReferenceBridgeConfig['ipam']['routes'] = []
  if (a.dockerIp) addresses.push(c.managedIp ? { address: a.dockerIp } : { address: a.dockerIp, gateway: a.dockerGateway })
  if (c.managedIp) {
    addresses.push(c.gateway ? { address: c.managedIp, gateway: c.gateway } : { address: c.managedIp })
    // managed containers route everything through the managed gateway (docker0's 10.42.0.1);
    // remote managed addresses are answered by the bridge's proxy ARP and routed into the overlay
    if (c.gateway) routes.push({ dst: '0.0.0.0/0', gw: c.gateway })
    for (const r of ipam.routes ?? []) if (typeof r.dst === 'string') routes.push(typeof r.gw === 'string' ? { dst: r.dst, gw: r.gw } : { dst: r.dst })
  } else if (a.dockerIp) {
    routes.push({ dst: '0.0.0.0/0', gw: a.dockerGateway })
  }
  const conf: ReferenceBridgeConfig = {
    cniVersion: '1.0.0',
    name: typeof rendered?.name === 'string' ? rendered.name : 'rancher-cni-network',
    type: 'bridge',
    bridge: typeof rendered?.bridge === 'string' && rendered.bridge ? rendered.bridge : 'docker0',
    isGateway: false,
    ipMasq: false,
    hairpinMode: rendered?.hairpinMode === true,
    promiscMode: rendered?.promiscMode === true,
    ipam: { type: 'static', addresses, routes },
  }
  if (c.mtu !== null) conf.mtu = c.mtu
  return conf
}
