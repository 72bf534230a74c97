/**
 * A simulated host agent. It speaks only the agent API (register, heartbeat, desired state,
 * report) through a transport, exactly as a real agent would, and simulates what Docker and
 * the network would report: a Docker bridge IP per container that has Docker networking, the
 * managed IP on eth0, the MTU the CNI plugin sets, and healthy peers. Faults (a later issue)
 * change only what this agent reports.
 */
import type { AgentRegistered, ContainerFacts, DesiredContainer, DesiredState, PeerResult, PortCheck } from '../../core/api/agent.ts'
import type { HostInterface } from '../../core/api/hosts.ts'
import { apiPaths } from '../../core/api/paths.ts'
import { formatIpv4, parseIpv4 } from '../../core/net/ipv4.ts'
import type { AgentTransport } from './transport.ts'

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
  private ticks = 0
  private busy = false
  stopped = false

  constructor(
    private readonly transport: AgentTransport,
    readonly spec: LabHostSpec,
    private readonly intervalMs: number,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** Registers and starts the heartbeat/reconcile loop. */
  async start(): Promise<AgentRegistered> {
    const res = await this.transport('POST', apiPaths.agentRegister(), {
      body: { ...this.spec, hostname: this.spec.name, simulated: true },
    })
    if (res.status !== 201) throw new Error(`lab agent ${this.spec.name}: register answered ${res.status} ${JSON.stringify(res.body)}`)
    const reg = res.body as AgentRegistered
    this.hostId = reg.hostId
    this.token = reg.token
    await this.tick()
    this.timer = setInterval(() => void this.tick(), this.intervalMs)
    this.timer.unref()
    return reg
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  /** One round: heartbeat, fetch desired state when it moved, report what changed. */
  async tick(): Promise<void> {
    if (this.busy || this.stopped || !this.token) return
    this.busy = true
    try {
      const hb = await this.transport('POST', apiPaths.agentHeartbeat(), { token: this.token, body: {} })
      if (hb.status === 401) return this.stop() // host or environment deleted: this agent is gone
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

  private async report(): Promise<void> {
    const desired = this.desired
    if (!desired || !this.token) return
    const containers: ContainerFacts[] = []
    for (const c of desired.containers) {
      if (c.desiredState === 'removed') continue
      const dockerIp = hasDockerBridgeIp(c) ? this.dockerIpFor(c.id) : null
      const eth0 = [dockerIp ? `${dockerIp}/${DOCKER_PREFIX}` : null, c.managedIp].filter((x): x is string => !!x)
      const facts: ContainerFacts = {
        containerId: c.id,
        state: c.desiredState === 'stopped' ? 'stopped' : 'running',
        dockerIp,
        eth0Addresses: eth0,
        mtu: c.mtu ?? (eth0.length > 0 ? 1500 : null),
        error: null,
      }
      const key = JSON.stringify(facts)
      if (this.reported.get(c.id) !== key) {
        containers.push(facts)
        this.reported.set(c.id, key)
      }
    }
    // the connectivity check and port probes: every peer answers in the healthy lab
    const connectivityDue = this.ticks % 10 === 0
    const peers: PeerResult[] = []
    const ports: PortCheck[] = []
    if (connectivityDue) {
      const now = new Date().toISOString()
      for (const p of desired.peers) {
        for (const direction of ['outbound', 'inbound'] as const) {
          peers.push({ peerHostId: p.hostId, direction, ok: true, rttMs: 0.4, lastSuccessAt: now, error: null })
        }
        for (const port of desired.driver?.tunnelPorts ?? []) ports.push({ peerHostId: p.hostId, port, protocol: 'udp', open: true })
      }
    }
    if (containers.length === 0 && peers.length === 0 && ports.length === 0) return
    await this.transport('POST', apiPaths.agentReport(), {
      token: this.token,
      body: { containers, peers, ports, metadataReloadMs: connectivityDue ? 1100 : null },
    })
  }
}
