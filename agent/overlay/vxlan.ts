/**
 * The VXLAN overlay, Rancher style (domain §3.12, dataplane-lab.md §3): one vxlan device per
 * host (VNI from the driver, UDP 4789, no learning), and static entries per peer — the FDB
 * says which agent IP a peer's VTEP MAC lives behind, a permanent neighbour entry maps the
 * peer's router address to that MAC, and routes send each of the peer's container
 * addresses (/32, so the whole 10.42.0.0/16 can stay shared by every host) via the peer's
 * router address, from this host's router address.
 *
 * A VTEP's MAC is derived from its router address (02:42 + the four bytes), so peers can
 * compute each other's without asking. Every apply reconciles: entries for peers or
 * containers that are gone are deleted, so a removed container stops being routed at once.
 */
import type { DesiredDriver, DesiredPeer } from '../../core/api/index.ts'
import { describeFailure, type Exec } from '../exec.ts'
import type { Overlay, OverlayLocal, OverlayStatus } from './overlay.ts'

export const VXLAN_PORT = 4789

export function vtepMac(routerIp: string): string {
  return ['02', '42', ...routerIp.split('.').map((b) => Number(b).toString(16).padStart(2, '0'))].join(':')
}

export function vtepName(vni: number): string {
  // interface names are at most 15 characters
  return `vtep${vni}`.slice(0, 15)
}

export interface VxlanPlan {
  fdb: Map<string, string>
  neigh: Map<string, string>
  /** destination (/32) → gateway (null: on-link, the peer router itself). */
  routes: Map<string, string | null>
}

/** What the device should hold for these peers (pure: the unit tests read it). */
export function planVxlan(peers: DesiredPeer[]): VxlanPlan {
  const plan: VxlanPlan = { fdb: new Map(), neigh: new Map(), routes: new Map() }
  for (const p of peers) {
    if (!p.routerIp) continue
    const mac = vtepMac(p.routerIp)
    plan.fdb.set(mac, p.agentIp)
    plan.neigh.set(p.routerIp, mac)
    plan.routes.set(`${p.routerIp}/32`, null)
    for (const ip of p.managedIps) plan.routes.set(`${ip}/32`, p.routerIp)
  }
  return plan
}

export class VxlanOverlay implements Overlay {
  readonly kind = 'vxlan' as const
  private device: string | null = null
  private stopped = false
  private lastErrors: string[] = []

  constructor(private readonly exec: Exec) {}

  private async ip(args: string[], errors: string[], tolerate?: RegExp): Promise<string> {
    const r = await this.exec('ip', args)
    if (r.code !== 0 && !(tolerate && tolerate.test(r.stderr))) errors.push(describeFailure('ip', args, r))
    return r.stdout
  }

  async apply(local: OverlayLocal, peers: DesiredPeer[], driver: DesiredDriver): Promise<string[]> {
    const errors: string[] = []
    if (this.stopped) return errors
    const vni = driver.vni ?? 1042
    const dev = vtepName(vni)
    this.device = dev
    const mtu = (driver.mtu ?? 1500) - (driver.linkMtuOverhead ?? 50)
    const shown = await this.exec('ip', ['-d', '-j', 'link', 'show', dev])
    let exists = shown.code === 0
    if (exists && !shown.stdout.includes(`"local":"${local.agentIp}"`)) {
      // made by an earlier run with another agent IP (CATTLE_AGENT_IP changed): the tunnel's
      // source address is fixed at creation, so build it again
      await this.ip(['link', 'del', dev], errors)
      exists = false
    }
    if (!exists) {
      const args = ['link', 'add', dev, 'type', 'vxlan', 'id', String(vni), 'dstport', String(VXLAN_PORT), 'local', local.agentIp, 'nolearning']
      if (local.underlayDevice) args.push('dev', local.underlayDevice)
      await this.ip(args, errors)
    }
    await this.ip(['link', 'set', dev, 'address', vtepMac(local.routerIp), 'mtu', String(mtu), 'up'], errors)

    const plan = planVxlan(peers)
    // FDB: which agent IP each peer VTEP MAC is behind ("replace" also moves a changed agent IP)
    const fdbNow = await this.jsonList<{ mac: string; dst?: string }>('bridge', ['-j', 'fdb', 'show', 'dev', dev])
    for (const e of fdbNow) {
      if (!e.dst || e.mac === '00:00:00:00:00:00') continue
      if (plan.fdb.get(e.mac) !== e.dst) await this.run('bridge', ['fdb', 'del', e.mac, 'dev', dev, 'dst', e.dst, 'self'], errors)
    }
    for (const [mac, dst] of plan.fdb) {
      if (!fdbNow.some((e) => e.mac === mac && e.dst === dst)) await this.run('bridge', ['fdb', 'append', mac, 'dev', dev, 'dst', dst, 'self', 'permanent'], errors)
    }
    for (const [ip, mac] of plan.neigh) await this.ip(['neigh', 'replace', ip, 'lladdr', mac, 'dev', dev, 'nud', 'permanent'], errors)
    const neighNow = await this.jsonList<{ dst: string }>('ip', ['-j', 'neigh', 'show', 'dev', dev])
    for (const n of neighNow) if (!plan.neigh.has(n.dst)) await this.ip(['neigh', 'del', n.dst, 'dev', dev], errors, /No such|Cannot/i)

    const routesNow = await this.jsonList<{ dst: string }>('ip', ['-j', 'route', 'show', 'dev', dev])
    for (const r of routesNow) {
      const dst = r.dst.includes('/') ? r.dst : `${r.dst}/32`
      if (!plan.routes.has(dst)) await this.ip(['route', 'del', dst, 'dev', dev], errors, /No such/i)
    }
    // the peer router first: the container routes go via it (onlink)
    for (const [dst, via] of plan.routes) {
      if (via === null) await this.ip(['route', 'replace', dst, 'dev', dev, 'src', local.routerIp], errors)
    }
    for (const [dst, via] of plan.routes) {
      if (via !== null) await this.ip(['route', 'replace', dst, 'via', via, 'dev', dev, 'onlink', 'src', local.routerIp], errors)
    }
    this.lastErrors = errors
    return errors
  }

  private async run(file: string, args: string[], errors: string[]): Promise<void> {
    const r = await this.exec(file, args)
    if (r.code !== 0) errors.push(describeFailure(file, args, r))
  }

  private async jsonList<T>(file: string, args: string[]): Promise<T[]> {
    const r = await this.exec(file, args)
    if (r.code !== 0 || !r.stdout.trim()) return []
    try {
      return JSON.parse(r.stdout) as T[]
    } catch {
      return []
    }
  }

  async status(): Promise<OverlayStatus> {
    if (this.stopped || !this.device) return { running: false, error: this.stopped ? 'the VXLAN router was stopped' : 'not set up yet', tunnels: new Map() }
    const r = await this.exec('ip', ['-j', 'link', 'show', this.device])
    const up = r.code === 0 && /"operstate":"(UNKNOWN|UP)"/.test(r.stdout)
    return { running: up, error: up ? (this.lastErrors[0] ?? null) : `${this.device} is missing or down`, tunnels: new Map() }
  }

  /** Stops the router: the device goes away with all its entries (like `docker stop` of the router). */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.device) await this.exec('ip', ['link', 'del', this.device])
  }

  async restart(): Promise<void> {
    this.stopped = false
  }

  async close(): Promise<void> {
    if (this.device) await this.exec('ip', ['link', 'del', this.device])
    this.device = null
  }
}
