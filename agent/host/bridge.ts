/**
 * The host side of the managed network (domain §3.12): docker0 carries the network's gateway
 * (10.42.0.1/16, the same on every host), this host's unique router address as a /32 (the
 * source of overlay traffic and of the connectivity check), and Docker's own 172.17.0.1/16.
 *
 * Containers see every 10.42.x address as on-link; docker0 answers ARP for remote ones
 * (proxy_arp) because the overlay holds a more specific route for them. proxy_delay must be 0:
 * the kernel default (80 = 0.8 s) delays every first packet to a remote container.
 */
import { describeFailure, type Exec } from '../exec.ts'
import { DOCKER_GATEWAY } from '../runtime/netns-runtime.ts'

export interface BridgeSpec {
  name: string
  /** `10.42.0.1/16`. */
  gatewayCidr: string
  routerIp: string
  mtu: number
}

export async function ensureBridge(exec: Exec, spec: BridgeSpec): Promise<string[]> {
  const errors: string[] = []
  const step = async (args: string[], tolerate?: RegExp) => {
    const r = await exec('ip', args)
    if (r.code !== 0 && !(tolerate && tolerate.test(r.stderr))) errors.push(describeFailure('ip', args, r))
  }
  const created = (await exec('ip', ['link', 'show', spec.name])).code !== 0
  if (created) {
    await step(['link', 'add', spec.name, 'type', 'bridge'])
    // set once: afterwards a bridge follows its ports (veths at mtu − overhead), and setting
    // it again every round would flap the interface list the agent registers with
    await step(['link', 'set', spec.name, 'mtu', String(spec.mtu)])
  }
  await step(['link', 'set', spec.name, 'up'])
  for (const cidr of [spec.gatewayCidr, `${spec.routerIp}/32`, `${DOCKER_GATEWAY}/16`]) await step(['addr', 'replace', cidr, 'dev', spec.name])
  const sysctls = [
    'net.ipv4.ip_forward=1',
    `net.ipv4.conf.${spec.name}.proxy_arp=1`,
    `net.ipv4.neigh.${spec.name}.proxy_delay=0`,
    // replies come back through the overlay device, not the one the request left by
    'net.ipv4.conf.all.rp_filter=0',
    'net.ipv4.conf.default.rp_filter=0',
    `net.ipv4.conf.${spec.name}.rp_filter=0`,
    // a redirect to the remote container's "next hop" would only confuse containers
    `net.ipv4.conf.${spec.name}.send_redirects=0`,
    'net.ipv4.conf.all.send_redirects=0',
  ]
  const r = await exec('sysctl', ['-qw', ...sysctls])
  if (r.code !== 0) errors.push(describeFailure('sysctl', ['-qw', ...sysctls], r))
  return errors
}
