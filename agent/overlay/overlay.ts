/**
 * An overlay between hosts (IPsec or VXLAN): built from the desired state's peers, asked for
 * its health, torn down with the agent. Packets between containers on different hosts cross
 * it; so do the connectivity check's heartbeats between router addresses.
 */
import type { DesiredDriver, DesiredPeer } from '../../core/api/index.ts'

export interface OverlayLocal {
  hostId: string
  agentIp: string
  routerIp: string
  /** Managed addresses of this host's containers (router excluded). */
  managedIps: string[]
  /** This host's slice of the subnet (hostSlice hosts), e.g. `10.42.1.0/24`. */
  slice: string | null
  /** The NIC carrying the agent IP (VXLAN's underlay device). */
  underlayDevice: string | null
  bridge: string
}

export interface OverlayStatus {
  /** The overlay's process/device exists (the router container's state). */
  running: boolean
  error: string | null
  /** Per peer host id: whether the tunnel's control state with that peer is up (IKE SA established). */
  tunnels: Map<string, { up: boolean; detail: string }>
}

export interface Overlay {
  readonly kind: 'ipsec' | 'vxlan'
  apply(local: OverlayLocal, peers: DesiredPeer[], driver: DesiredDriver): Promise<string[]>
  status(): Promise<OverlayStatus>
  /** Stops the router (like `docker stop` of the router container); it stays down until restart. */
  stop(): Promise<void>
  /** Lets the next apply build the router again. */
  restart(): Promise<void>
  close(): Promise<void>
}

/** Numeric IPv4 order (the lower agent IP initiates IPsec, as Rancher's rekey rule). */
export function ipv4Number(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0)
}
