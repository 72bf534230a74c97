/**
 * The host agent's loop: register, heartbeat, fetch the desired state when its revision
 * moved, realise it (bridge, overlay, containers, connectivity check, probes) and report
 * what is really there. It talks only to the agent API with this host's token.
 *
 * Reports carry facts, never intentions: a container is `running` with the addresses read
 * back from its eth0, a peer direction is ok only when heartbeats really crossed the overlay.
 */
import path from 'node:path'
import type { AgentRegistered, ContainerFacts, DesiredContainer, DesiredState, PeerResult, PortCheck, ProbeResult } from '../core/api/index.ts'
import { apiPaths } from '../core/api/paths.ts'
import type { ApiClient } from './api-client.ts'
import { HeartbeatCheck, type PeerView } from './connectivity/heartbeat.ts'
import type { Exec } from './exec.ts'
import { ensureBridge } from './host/bridge.ts'
import { interfaceWith, readInterfaces } from './host/interfaces.ts'
import type { Overlay } from './overlay/overlay.ts'
import { IpsecOverlay } from './overlay/ipsec.ts'
import { VxlanOverlay } from './overlay/vxlan.ts'
import { runProbe } from './probe/active-probe.ts'
import { primaryCniConfig } from './runtime/cni-config.ts'
import type { ContainerRuntime } from './runtime/runtime.ts'

export interface AgentConfig {
  environmentId: string
  registrationToken: string
  name: string
  /** CATTLE_AGENT_IP: the tunnel endpoint peers use. */
  agentIp: string
  labels: Record<string, string>
  /** Bridge the managed network lives on. */
  bridge: string
  /** How often the connectivity view is compared with the last report (a change reports at once). */
  watchMs: number
  /** Where charon's configuration, socket and log live. */
  stateDir: string
}

export interface AgentDeps {
  api: ApiClient
  exec: Exec
  runtime: ContainerRuntime
  log: (msg: string, extra?: Record<string, unknown>) => void
}

/** An outbound view that cannot be known (no heartbeat comes back from the peer). */
function outboundUnknown(x: PeerView['outbound']): boolean {
  return !x.ok && (x.error ?? '').startsWith('unknown')
}

/** Peer views are reported when a direction flips, and at least this often otherwise. */
const PEER_REPORT_EVERY_MS = 5_000

export class Agent {
  hostId: string | null = null
  private heartbeatMs = 1000
  private knownRevision = -1
  private desired: DesiredState | null = null
  private overlay: Overlay | null = null
  private heartbeat: HeartbeatCheck | null = null
  private reported = new Map<string, string>()
  private interfacesKey = ''
  private lastPeerKey = ''
  private lastPeerReportAt = 0
  private probeResults: ProbeResult[] = []
  private probesStarted = new Set<string>()
  private routerHeld = false
  private timers: NodeJS.Timeout[] = []
  private busy = false
  private closed = false
  private reconcileErrors: string[] = []

  constructor(
    private readonly cfg: AgentConfig,
    private readonly deps: AgentDeps,
  ) {}

  async start(): Promise<void> {
    await this.register('start')
    this.timers.push(setInterval(() => void this.tick(), this.heartbeatMs))
    this.timers.push(setInterval(() => void this.watchPeers(), this.cfg.watchMs))
    void this.tick()
  }

  private async register(reason: string): Promise<void> {
    const interfaces = await readInterfaces(this.deps.exec)
    this.interfacesKey = JSON.stringify(interfaces)
    const nic = interfaceWith(interfaces, this.cfg.agentIp)
    for (;;) {
      const body = {
        environmentId: this.cfg.environmentId,
        name: this.cfg.name,
        hostname: this.cfg.name,
        agentIp: this.cfg.agentIp,
        interfaces,
        mtu: nic?.mtu ?? 1500,
        labels: this.cfg.labels,
        simulated: false,
        // this agent's IPsec is userspace ESP, which routes per policy: its containers need
        // addresses from a slice of the subnet that also holds its router address
        hostSlice: true,
      }
      try {
        const r = await this.deps.api.request<AgentRegistered & { message?: string }>('POST', apiPaths.agentRegister(), body, this.cfg.registrationToken)
        if (r.status === 201 || r.status === 200) {
          this.hostId = r.body.hostId
          this.deps.api.token = r.body.token
          this.heartbeatMs = r.body.heartbeatIntervalMs
          this.knownRevision = -1
          this.reported.clear()
          this.deps.log('registered', { hostId: this.hostId, agentIp: this.cfg.agentIp, reason })
          return
        }
        if (r.status >= 400 && r.status < 500) throw new Error(`registration refused (${r.status}): ${JSON.stringify(r.body)}`)
      } catch (err) {
        if (err instanceof Error && err.message.startsWith('registration refused')) throw err
        this.deps.log('register failed, retrying', { error: String(err) })
      }
      await new Promise((r) => setTimeout(r, 1000))
    }
  }

  /** One round: heartbeat; desired state when it moved; reconcile; report. */
  async tick(): Promise<void> {
    if (this.busy || this.closed) return
    this.busy = true
    try {
      const interfaces = await readInterfaces(this.deps.exec)
      // an interface changed (MTU, addresses): register again so the control plane sees it
      if (JSON.stringify(interfaces) !== this.interfacesKey) await this.register(`interfaces changed: ${JSON.stringify(interfaces)}`)
      const hb = await this.deps.api.request<{ desiredRevision: number }>('POST', apiPaths.agentHeartbeat(), {})
      if (hb.status === 401) {
        await this.register('the host token was refused (401)')
        return
      }
      if (hb.status !== 200) return
      if (hb.body.desiredRevision !== this.knownRevision) {
        const since = this.knownRevision < 0 ? undefined : this.knownRevision
        const ds = await this.deps.api.request<DesiredState>('GET', apiPaths.agentDesiredState(since))
        if (ds.status !== 200) return
        if (ds.body.changed) this.desired = ds.body
        this.knownRevision = ds.body.desiredRevision
      }
      await this.reconcile()
      await this.report(false)
    } catch (err) {
      this.deps.log('round failed', { error: String(err) })
    } finally {
      this.busy = false
    }
  }

  /** Makes the host match the desired state; failures become the router's or a container's error. */
  private async reconcile(): Promise<void> {
    const d = this.desired
    if (!d) return
    const errors: string[] = []
    const driver = d.driver
    if (driver && d.routerIp && driver.gateway && driver.subnets[0]) {
      const prefix = driver.subnets[0].split('/')[1]
      errors.push(...(await ensureBridge(this.deps.exec, { name: this.cfg.bridge, gatewayCidr: `${driver.gateway}/${prefix}`, routerIp: d.routerIp, mtu: driver.mtu ?? 1500 })))
      const kind = driver.overlay === 'vxlan' || driver.overlay === 'ipsec' ? driver.overlay : null
      if (kind !== (this.overlay?.kind ?? null)) {
        await this.overlay?.close()
        this.overlay = kind === 'vxlan' ? new VxlanOverlay(this.deps.exec) : kind === 'ipsec' ? new IpsecOverlay(this.deps.exec, path.join(this.cfg.stateDir, 'ipsec')) : null
        if (this.routerHeld) await this.overlay?.stop()
      }
      if (this.overlay) {
        const interfaces = await readInterfaces(this.deps.exec)
        const local = {
          hostId: d.hostId,
          agentIp: this.cfg.agentIp,
          routerIp: d.routerIp,
          managedIps: d.containers.filter((c) => c.managedIp && c.desiredState !== 'removed').map((c) => c.managedIp!.split('/')[0]!),
          slice: d.slice,
          underlayDevice: interfaceWith(interfaces, this.cfg.agentIp)?.name ?? null,
          bridge: this.cfg.bridge,
        }
        errors.push(...(await this.overlay.apply(local, d.peers, driver)))
      }
      if (!this.heartbeat) {
        // 1.5 s without a heartbeat (7 missed at 200 ms) before a direction is down: a busy
        // machine pausing the event loop for a second must not paint a working tunnel red
        this.heartbeat = new HeartbeatCheck({ hostId: d.hostId, bindAddress: d.routerIp, windowMs: 1_500 })
        await this.heartbeat.start()
      }
      this.heartbeat.setPeers(d.peers.filter((p) => p.routerIp).map((p) => ({ hostId: p.hostId, address: p.routerIp! })))
    }
    // logged when they change, not every round
    if (JSON.stringify(errors) !== JSON.stringify(this.reconcileErrors) && errors.length > 0) this.deps.log('reconcile errors', { errors })
    this.reconcileErrors = errors
    this.startProbes(d)
  }

  /** The overlay holder (it holds the router IP) and the system containers sharing its netns. */
  private routerContainers(d: DesiredState): Set<string> {
    const holder = d.routerIp ? d.containers.find((c) => c.system && c.managedIp?.split('/')[0] === d.routerIp) : undefined
    if (!holder) return new Set()
    return new Set([holder.id, ...d.containers.filter((c) => c.system && c.networkFrom === holder.name).map((c) => c.id)])
  }

  private async containerFacts(d: DesiredState): Promise<ContainerFacts[]> {
    const out: ContainerFacts[] = []
    const router = this.routerContainers(d)
    const byName = new Map<string, DesiredContainer>(d.containers.map((c) => [c.name, c]))
    const ctx = { cniConfig: primaryCniConfig(d.cniFiles), byName }
    const routerStatus = this.overlay ? await this.overlay.status() : null
    const wanted = new Set(d.containers.map((c) => c.id))
    for (const id of this.deps.runtime.known()) if (!wanted.has(id)) await this.deps.runtime.remove(id)
    // namespaces first, then the containers that share one (container:X)
    const ordered = [...d.containers].sort((a, b) => Number(!!a.networkFrom) - Number(!!b.networkFrom))
    for (const c of ordered) {
      if (router.has(c.id) && c.desiredState !== 'removed') {
        // the router lives in this host's own namespace: its address is the bridge's router
        // address, and it runs when the overlay does
        const running = c.desiredState === 'running' && !!routerStatus?.running
        out.push({
          containerId: c.id,
          state: c.desiredState === 'stopped' ? 'stopped' : running ? 'running' : 'stopped',
          dockerIp: null,
          eth0Addresses: running && c.managedIp ? [c.managedIp] : [],
          mtu: running ? (d.driver?.mtu ?? null) : null,
          error: running || c.desiredState === 'stopped' ? null : (routerStatus?.error ?? 'the overlay is not set up'),
        })
        continue
      }
      out.push(await this.deps.runtime.ensure(c, ctx))
    }
    return out
  }

  private peerResults(views: PeerView[], tunnels: Map<string, { up: boolean; detail: string }>): PeerResult[] {
    const out: PeerResult[] = []
    for (const v of views) {
      for (const direction of ['outbound', 'inbound'] as const) {
        const x = v[direction]
        // nothing comes back from the peer, so whether it hears this host cannot be told here;
        // the peer's own inbound view says it, and a guess would paint a working direction red
        if (direction === 'outbound' && outboundUnknown(x)) continue
        // IPsec: the tunnel's own state says what the heartbeats cannot (after dead-peer
        // detection both directions are down, and "IKE CONNECTING" says this side keeps trying)
        const tunnel = tunnels.get(v.peerHostId)
        const error = x.ok || !x.error ? x.error : tunnel ? `${x.error}; ${tunnel.detail}` : x.error
        out.push({ peerHostId: v.peerHostId, direction, ok: x.ok, rttMs: x.rttMs, lastSuccessAt: x.lastSuccessAt, error })
      }
    }
    return out
  }

  /**
   * Tunnel ports, judged by the overlay's own traffic: VXLAN's UDP 4789 and IPsec's UDP 4500
   * towards a peer are open when this host's heartbeats, which travel inside them, reach that
   * peer; IPsec's UDP 500 (IKE_SA_INIT) when the IKE SA with the peer is established, or
   * heartbeats get through.
   */
  private portChecks(views: PeerView[], tunnels: Map<string, { up: boolean }>): PortCheck[] {
    const ports = this.desired?.driver?.tunnelPorts ?? []
    return views
      .filter((v) => !outboundUnknown(v.outbound))
      .flatMap((v) =>
        ports.map((port) => ({
          peerHostId: v.peerHostId,
          port,
          protocol: 'udp' as const,
          open: port === 500 ? v.outbound.ok || !!tunnels.get(v.peerHostId)?.up : v.outbound.ok,
        })),
      )
  }

  private async watchPeers(): Promise<void> {
    if (!this.heartbeat || this.closed) return
    const key = JSON.stringify(this.heartbeat.results().map((v) => [v.peerHostId, v.outbound.ok, v.inbound.ok]))
    if (key !== this.lastPeerKey && !this.busy) {
      this.busy = true
      try {
        await this.report(true)
      } catch (err) {
        this.deps.log('report failed', { error: String(err) })
      } finally {
        this.busy = false
      }
    }
  }

  private async report(peersOnly: boolean): Promise<void> {
    const d = this.desired
    if (!d) return
    const containers: ContainerFacts[] = []
    if (!peersOnly) {
      for (const f of await this.containerFacts(d)) {
        const k = JSON.stringify(f)
        if (this.reported.get(f.containerId) !== k) containers.push(f)
      }
    }
    const views = this.heartbeat?.results() ?? []
    const peerKey = JSON.stringify(views.map((v) => [v.peerHostId, v.outbound.ok, v.inbound.ok]))
    const peersDue = peerKey !== this.lastPeerKey || Date.now() - this.lastPeerReportAt >= PEER_REPORT_EVERY_MS
    const probeResults = this.probeResults.splice(0)
    if (containers.length === 0 && !peersDue && probeResults.length === 0) return
    const tunnels = peersDue ? ((await this.overlay?.status())?.tunnels ?? new Map()) : new Map()
    const body = {
      containers,
      probeResults,
      peers: peersDue ? this.peerResults(views, tunnels) : [],
      ports: peersDue ? this.portChecks(views, tunnels) : [],
    }
    const r = await this.deps.api.request('POST', apiPaths.agentReport(), body)
    if (r.status === 200) {
      for (const f of containers) this.reported.set(f.containerId, JSON.stringify(f))
      if (peersDue) {
        this.lastPeerKey = peerKey
        this.lastPeerReportAt = Date.now()
      }
    } else {
      this.probeResults.unshift(...probeResults)
      this.deps.log('report refused', { status: r.status, body: r.body })
    }
  }

  private startProbes(d: DesiredState): void {
    for (const p of d.probes) {
      if (this.probesStarted.has(p.id)) continue
      this.probesStarted.add(p.id)
      const netns = p.fromContainerId ? this.deps.runtime.netnsOf(p.fromContainerId) : null
      if (p.fromContainerId && !netns) {
        this.probeResults.push({ probeId: p.id, ok: false, rttMs: null, detail: `container ${p.fromContainerId} has no network namespace on this host (not running)` })
        continue
      }
      const protocol = p.protocol === 'tcp' ? 'tcp' : 'icmp'
      void runProbe({ id: p.id, netns, target: p.target, protocol, port: p.port }).then((o) => {
        this.probeResults.push({ probeId: o.probeId, ok: o.ok, rttMs: o.rttMs, detail: o.detail })
        void this.report(true).catch(() => {})
      })
    }
  }

  /** Stops the overlay router and keeps it stopped (like `docker stop` of the router container). */
  async stopRouter(): Promise<void> {
    this.routerHeld = true
    await this.overlay?.stop()
    this.knownRevision = -1
  }

  async startRouter(): Promise<void> {
    this.routerHeld = false
    await this.overlay?.restart()
    this.knownRevision = -1
  }

  /** Stops the loop; `teardown` also removes what it built (the lab), a real host keeps it. */
  async close(teardown: boolean): Promise<void> {
    this.closed = true
    for (const t of this.timers) clearInterval(t)
    await this.heartbeat?.close()
    // charon is this agent's child and goes with it (a restarted agent starts its own); the
    // containers and the VXLAN device are host state a restarted agent takes over
    if (this.overlay?.kind === 'ipsec' || teardown) await this.overlay?.close()
    if (teardown) await this.deps.runtime.removeAll()
  }

  get errors(): string[] {
    return this.reconcileErrors
  }
}

