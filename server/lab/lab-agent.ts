/**
 * A simulated host agent. It speaks only the agent API (register, heartbeat, desired state,
 * report) through a transport, exactly as a real agent would, and simulates what Docker and
 * the network would report: a Docker bridge IP per container that has Docker networking, the
 * managed IP on eth0, the MTU the CNI plugin sets, and healthy peers; a container that leaves
 * the desired state is removed and reported `removed` once. Lab faults (set by the
 * LabManager) change only what this agent reports, or what it registers with.
 */
import type { AgentRegistered, ContainerFacts, DesiredContainer, DesiredState, PeerResult, PortCheck, ProbeResult } from '../../core/api/agent.ts'
import type { HostInterface } from '../../core/api/hosts.ts'
import { apiPaths } from '../../core/api/paths.ts'
import { formatIpv4, parseIpv4 } from '../../core/net/ipv4.ts'
import { simulateProbe } from './lab-probe.ts'
import type { AgentTransport } from './transport.ts'

/** What the injected faults make this agent report; the empty state is a healthy host. */
export interface AgentFaultState {
  /** Heartbeats and reports stop (the host looks disconnected). */
  silent: boolean
  /** The overlay holder and its router sidekick report stopped. */
  routerStopped: boolean
  /** Containers report this eth0 MTU instead of the one the CNI plugin sets. */
  mtu: number | null
  metadataReloadMs: number | null
  /** Peers failing both ways (this router or theirs is down). */
  peerDown: Set<string>
  /** Per peer: outbound UDP ports that are blocked (outbound check fails, those ports closed). */
  outboundBlocked: Map<string, Set<number>>
  /** Peers whose traffic towards this host is blocked (inbound check fails). */
  inboundBlocked: Set<string>
  /** Peers that dropped off the LAN (disconnected): active probes towards them get no answer. */
  peerSilent: Set<string>
}

export const healthyFaults = (): AgentFaultState => ({
  silent: false,
  routerStopped: false,
  mtu: null,
  metadataReloadMs: null,
  peerDown: new Set(),
  outboundBlocked: new Map(),
  inboundBlocked: new Set(),
  peerSilent: new Set(),
})

export interface LabHostSpec {
  environmentId: string
  name: string
  agentIp: string
  interfaces: HostInterface[]
  mtu: number
  labels: Record<string, string>
}

/** Docker's default bridge: docker0 172.17.0.1/16; containers from .2 upwards. */
const DOCKER_GATEWAY = parseIpv4('172.17.0.1')!
const DOCKER_PREFIX = 16

/** Docker networking a container gets from its mode: bridge-attached ones get a bridge IP. */
function hasDockerBridgeIp(c: DesiredContainer): boolean {
  if (c.networkFrom) return false
  const mode = c.networkMode
  if (mode === 'host' || mode === 'none' || mode.startsWith('container:')) return false
  // managed containers (managed, the driver network's name, labelled Docker-CLI ones) keep a
  // Docker bridge IP next to the managed one (seed text); bridge/default have only that one
  return true
}

export class LabAgent {
  hostId: string | null = null
  private token: string | null = null
  private timer: NodeJS.Timeout | null = null
  private knownRevision = -1
  private desired: DesiredState | null = null
  private dockerIps = new Map<string, string>()
  private nextDocker = DOCKER_GATEWAY + 1
  private reported = new Map<string, string>()
  /** Containers the last desired state asked this host to run. */
  private present = new Set<string>()
  /** Containers that left the desired state and whose removal the control plane has not acknowledged yet. */
  private gone = new Set<string>()
  private ticks = 0
  private busy = false
  /** Report connectivity (and all container facts) on the next round, e.g. after a fault changed. */
  private forceReport = false
  /** Probes answered in an accepted report: the desired state may list them until it is fetched again. */
  private answeredProbes = new Set<string>()
  private faults: AgentFaultState = healthyFaults()
  /** What the agent registered with last (the original spec, or one changed by a fault). */
  registeredSpec: LabHostSpec
  stopped = false

  constructor(
    private readonly transport: AgentTransport,
    readonly spec: LabHostSpec,
    private readonly intervalMs: number,
    private readonly onError: (err: unknown) => void = () => {},
    /**
     * The environment's registration token, as a real agent is given one (`refused`: the token
     * the API just refused, to be replaced). Registration goes through the agent API with it.
     */
    private readonly registrationToken: (environmentId: string, refused: string | null) => Promise<string> = async () => '',
  ) {
    this.registeredSpec = spec
  }

  /** Registers and starts the heartbeat/reconcile loop. */
  async start(): Promise<AgentRegistered> {
    const reg = await this.register(this.spec)
    await this.tick()
    this.timer = setInterval(() => void this.tick(), this.intervalMs)
    this.timer.unref()
    return reg
  }

  private async register(spec: LabHostSpec): Promise<AgentRegistered> {
    const send = (token: string) => this.transport('POST', apiPaths.agentRegister(), { token, body: { ...spec, hostname: spec.name, simulated: true } })
    const token = await this.registrationToken(spec.environmentId, null)
    let res = await send(token)
    // the token was revoked: ask for a new one once
    if (res.status === 401) res = await send(await this.registrationToken(spec.environmentId, token))
    if (res.status !== 201) throw new Error(`lab agent ${spec.name}: register answered ${res.status} ${JSON.stringify(res.body)}`)
    const reg = res.body as AgentRegistered
    this.hostId = reg.hostId
    this.token = reg.token
    this.registeredSpec = spec
    return reg
  }

  /** Registers again (same name, so the same host) with other facts: how registration faults apply and clear. */
  async reregister(spec: LabHostSpec): Promise<void> {
    if (this.stopped) return
    await this.register(spec)
    this.knownRevision = -1
    this.forceReport = true
  }

  /** Sets what the faults make this agent report; the next round reports it in full. */
  setFaults(faults: AgentFaultState): void {
    this.faults = faults
    this.forceReport = true
    this.reported.clear()
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  /** One round: heartbeat, fetch desired state when it moved, report what changed. */
  async tick(): Promise<void> {
    if (this.busy || this.stopped || !this.token) return
    // a disconnected host neither heartbeats nor reports
    if (this.faults.silent) return
    this.busy = true
    try {
      const token = this.token
      const hb = await this.transport('POST', apiPaths.agentHeartbeat(), { token, body: {} })
      // host or environment deleted: this agent is gone (unless it re-registered meanwhile)
      if (hb.status === 401) return token === this.token ? this.stop() : undefined
      if (hb.status !== 200) return
      const revision = (hb.body as { desiredRevision: number }).desiredRevision
      if (revision !== this.knownRevision) {
        const ds = await this.transport('GET', apiPaths.agentDesiredState(this.knownRevision < 0 ? undefined : this.knownRevision), { token: this.token })
        if (ds.status !== 200) return
        const state = ds.body as DesiredState
        if (state.changed) this.desired = state
        this.knownRevision = state.desiredRevision
      }
      await this.report()
      this.ticks++
    } catch (err) {
      this.onError(err)
    } finally {
      this.busy = false
    }
  }

  private dockerIpFor(id: string): string {
    let ip = this.dockerIps.get(id)
    if (!ip) {
      ip = formatIpv4(this.nextDocker++)
      this.dockerIps.set(id, ip)
    }
    return ip
  }

  /** The overlay holder (it holds the router IP) and the system containers sharing its netns. */
  private routerContainers(desired: DesiredState): Set<string> {
    const routerIp = desired.routerIp
    const holder = routerIp ? desired.containers.find((c) => c.system && c.managedIp?.split('/')[0] === routerIp) : undefined
    if (!holder) return new Set()
    return new Set([holder.id, ...desired.containers.filter((c) => c.system && c.networkFrom === holder.name).map((c) => c.id)])
  }

  private async report(): Promise<void> {
    const desired = this.desired
    if (!desired || !this.token) return
    const faults = this.faults
    const stoppedByFault = faults.routerStopped ? this.routerContainers(desired) : new Set<string>()
    const containers: ContainerFacts[] = []
    // a container that left the desired state was removed: "docker rm" it and confirm once
    const wanted = new Set(desired.containers.filter((c) => c.desiredState !== 'removed').map((c) => c.id))
    for (const id of this.present) {
      if (wanted.has(id)) continue
      this.gone.add(id)
      this.dockerIps.delete(id)
      this.reported.delete(id)
    }
    this.present = wanted
    // removals the server still waits for (e.g. this agent restarted and forgot them): confirm
    for (const c of desired.containers) if (c.desiredState === 'removed') this.gone.add(c.id)
    const confirming = [...this.gone]
    for (const id of confirming) containers.push({ containerId: id, state: 'removed', dockerIp: null, eth0Addresses: [], mtu: null, error: null })
    for (const c of desired.containers) {
      if (c.desiredState === 'removed') continue
      const dockerIp = hasDockerBridgeIp(c) ? this.dockerIpFor(c.id) : null
      const eth0 = [dockerIp ? `${dockerIp}/${DOCKER_PREFIX}` : null, c.managedIp].filter((x): x is string => !!x)
      const mtu = c.mtu ?? (eth0.length > 0 ? 1500 : null)
      const facts: ContainerFacts = {
        containerId: c.id,
        state: c.desiredState === 'stopped' || stoppedByFault.has(c.id) ? 'stopped' : 'running',
        dockerIp,
        eth0Addresses: eth0,
        mtu: faults.mtu !== null && mtu !== null ? faults.mtu : mtu,
        error: null,
      }
      const key = JSON.stringify(facts)
      if (this.reported.get(c.id) !== key) {
        containers.push(facts)
        this.reported.set(c.id, key)
      }
    }
    // the connectivity check and port probes: every peer answers in the healthy lab; faults
    // make the paths they cut fail, as both ends of such a path would see it
    const connectivityDue = this.ticks % 10 === 0 || this.forceReport
    this.forceReport = false
    const peers: PeerResult[] = []
    const ports: PortCheck[] = []
    if (connectivityDue) {
      const now = new Date().toISOString()
      for (const p of desired.peers) {
        const down = faults.routerStopped || faults.peerDown.has(p.hostId)
        const blockedOut = faults.outboundBlocked.get(p.hostId)
        const failing = { outbound: down || (blockedOut?.size ?? 0) > 0, inbound: down || faults.inboundBlocked.has(p.hostId) }
        for (const direction of ['outbound', 'inbound'] as const) {
          const ok = !failing[direction]
          const error = ok ? null : down ? 'no answer through the tunnel: overlay router not running' : `no answer through the tunnel (${direction}): timeout`
          peers.push({ peerHostId: p.hostId, direction, ok, rttMs: ok ? 0.4 : null, lastSuccessAt: ok ? now : null, error })
        }
        for (const port of desired.driver?.tunnelPorts ?? []) ports.push({ peerHostId: p.hostId, port, protocol: 'udp', open: !blockedOut?.has(port) })
      }
    }
    // active probes: answered once each, from the simulated world and its faults
    const pendingProbes = desired.probes.filter((p) => !this.answeredProbes.has(p.id))
    const probeResults: ProbeResult[] = pendingProbes.map((p) => simulateProbe(p, desired, faults))
    if (containers.length === 0 && peers.length === 0 && ports.length === 0 && probeResults.length === 0) return
    const res = await this.transport('POST', apiPaths.agentReport(), {
      token: this.token,
      body: { containers, probeResults, peers, ports, metadataReloadMs: connectivityDue ? (faults.metadataReloadMs ?? 1100) : null },
    })
    if (res.status === 200) {
      for (const id of confirming) this.gone.delete(id)
      // remember only what the desired state still lists, so the set stays small
      this.answeredProbes = new Set([...desired.probes.map((p) => p.id).filter((id) => this.answeredProbes.has(id)), ...pendingProbes.map((p) => p.id)])
    }
  }
}
