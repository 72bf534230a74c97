/**
 * Which of a container's ports occupy a port on its host, and whether two of them collide.
 * Pure; the launch reads the host's containers once and asks here.
 *
 * - host mode: the process binds on the host itself, so every port counts (its public port,
 *   or the private one when none is given);
 * - bridge mode: Docker publishes the ports that name a public port;
 * - a managed network publishes them through network-manager's iptables rules only when the
 *   network has `host_ports: true`, or for a system container labelled
 *   `io.rancher.network.host_ports=true` (domain §3.9: the IPsec holder's 500/4500);
 * - none and `container:X`: nothing of their own reaches the host.
 */
import type { PortSpec } from '../../../core/api/containers.ts'

export const HOST_PORTS_LABEL = 'io.rancher.network.host_ports'

export interface PublishedPort {
  bindIp: string | null
  port: number
  protocol: 'tcp' | 'udp'
  /** Index in the container's `ports`. */
  index: number
}

export interface PortOwner {
  networkKind: string | null
  hostPorts: boolean
  system: boolean
  labels: Record<string, string>
}

export function publishedPorts(ports: PortSpec[], owner: PortOwner): PublishedPort[] {
  const kind = owner.networkKind
  if (kind === null || kind === 'dockerNone' || kind === 'dockerContainer') return []
  if (kind === 'dockerHost') return ports.map((p, index) => ({ bindIp: p.bindIp, port: p.publicPort ?? p.privatePort, protocol: p.protocol, index }))
  const onHost = kind === 'dockerBridge' || owner.hostPorts || (owner.system && owner.labels[HOST_PORTS_LABEL] === 'true')
  if (!onHost) return []
  return ports.flatMap((p, index) => (p.publicPort === null ? [] : [{ bindIp: p.bindIp, port: p.publicPort, protocol: p.protocol, index }]))
}

const anyAddress = (ip: string | null) => ip === null || ip === '' || ip === '0.0.0.0'

/** Same port and protocol, and bind addresses that meet (equal, or either one binds every address). */
export function collide(a: PublishedPort, b: PublishedPort): boolean {
  return a.port === b.port && a.protocol === b.protocol && (anyAddress(a.bindIp) || anyAddress(b.bindIp) || a.bindIp === b.bindIp)
}

/** Pairs within one container's own ports that collide: `[later index, earlier index]`. */
export function selfCollisions(ports: PublishedPort[]): [PublishedPort, PublishedPort][] {
  const out: [PublishedPort, PublishedPort][] = []
  for (let i = 0; i < ports.length; i++) {
    const earlier = ports.slice(0, i).find((p) => collide(p, ports[i]))
    if (earlier) out.push([ports[i], earlier])
  }
  return out
}

/** The first wanted port another container on the host already holds, with that container's name. */
export function firstConflict(wanted: PublishedPort[], holders: { name: string; ports: PublishedPort[] }[]): { wanted: PublishedPort; holder: string; held: PublishedPort } | null {
  for (const w of wanted) {
    for (const h of holders) {
      const held = h.ports.find((p) => collide(p, w))
      if (held) return { wanted: w, holder: h.name, held }
    }
  }
  return null
}

export const describePort = (p: PublishedPort) => `${anyAddress(p.bindIp) ? '' : `${p.bindIp}:`}${p.port}/${p.protocol}`
