/**
 * The IPsec overlay: one strongSwan charon per host, IKEv2 with the environment's pre-shared
 * key, ESP in UDP 4500 through userspace ESP (kernel-libipsec, a TUN device `ipsec0`), one
 * tunnel per peer between host slices (ipsec-config.ts says why slices).
 *
 * charon runs as this agent's child in this host's network namespace, with a private /run
 * (its pid file path is compiled in, so two charons on one machine would refuse to start).
 * The agent loads the configuration through swanctl and, every round, initiates the tunnels
 * it should start that are missing: libipsec cannot trap packets, and a NO_PROPOSAL_CHOSEN
 * answer (the peer had not loaded its configuration yet) is never retried by charon itself.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { DesiredDriver, DesiredPeer } from '../../core/api/index.ts'
import { describeFailure, type Exec } from '../exec.ts'
import { connectionName, initiates, strongswanConf, swanctlConf, type IpsecEnd } from './ipsec-config.ts'
import type { Overlay, OverlayLocal, OverlayStatus } from './overlay.ts'
import { describeIke, parseCounters, type IkeCounters } from './ike-counters.ts'
import { ikeSas, type IkeSaState } from './vici-text.ts'

const CHARON = '/usr/lib/ipsec/charon'
/** A missing tunnel is initiated again at most this often (charon retries on its own after that). */
const INITIATE_EVERY_MS = 3_000
/** A charon that died by itself is started again after this long (a restart policy). */
const RESTART_AFTER_MS = 5_000

export class IpsecOverlay implements Overlay {
  readonly kind = 'ipsec' as const
  private charon: ChildProcess | null = null
  private held = false
  private diedAt = 0
  private loadedConf = ''
  private lastInitiate = new Map<string, number>()
  /** Connection name → the peer it reaches. */
  private peerNames = new Map<string, { hostId: string; name: string; initiator: boolean }>()
  private counters = new Map<string, IkeCounters>()
  /** Counters when each tunnel was last up (or when first seen). */
  private baseline = new Map<string, IkeCounters>()
  private lastErrors: string[] = []
  private sas: IkeSaState[] = []

  constructor(
    private readonly exec: Exec,
    private readonly dir: string,
  ) {}

  private get vici(): string {
    return `unix://${path.join(this.dir, 'charon.vici')}`
  }

  private swanctl(args: string[], timeoutMs = 5_000) {
    return this.exec('swanctl', [...args, '--uri', this.vici], { env: { STRONGSWAN_CONF: path.join(this.dir, 'strongswan.conf') }, timeoutMs })
  }

  private alive(): boolean {
    return !!this.charon && this.charon.exitCode === null && this.charon.signalCode === null
  }

  /** A charon an earlier agent process left running (it was killed) holds the pid file and socket: stop it. */
  private async stopLeftover(): Promise<void> {
    const pidFile = path.join(this.dir, 'run', 'charon.pid')
    if (!existsSync(pidFile)) return
    const pid = Number(readFileSync(pidFile, 'utf8').trim())
    if (Number.isInteger(pid) && pid > 1) {
      try {
        process.kill(pid, 'SIGTERM')
        for (let i = 0; i < 60; i++) {
          process.kill(pid, 0)
          await new Promise((r) => setTimeout(r, 50))
        }
        process.kill(pid, 'SIGKILL')
      } catch {
        // gone
      }
    }
    rmSync(pidFile, { force: true })
    rmSync(path.join(this.dir, 'charon.vici'), { force: true })
  }

  private async startCharon(mtu: number): Promise<string | null> {
    mkdirSync(path.join(this.dir, 'run'), { recursive: true })
    await this.stopLeftover()
    writeFileSync(path.join(this.dir, 'strongswan.conf'), strongswanConf(this.dir, mtu))
    const sock = path.join(this.dir, 'charon.vici')
    const script = `mount --bind "$1/run" /run && exec env STRONGSWAN_CONF="$1/strongswan.conf" ${CHARON}`
    const child = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script, 'charon', this.dir], { stdio: 'ignore' })
    child.on('exit', () => {
      if (this.charon === child) {
        this.charon = null
        this.diedAt = Date.now()
        this.loadedConf = ''
      }
    })
    this.charon = child
    // the vici socket appears once charon is ready for swanctl
    for (let i = 0; i < 100; i++) {
      if (!this.alive()) return 'charon exited at start (see charon.log in the agent state directory)'
      if (existsSync(sock) && (await this.swanctl(['--stats'], 2_000)).code === 0) return null
      await new Promise((r) => setTimeout(r, 50))
    }
    return 'charon did not open its vici socket within 5 s'
  }

  async apply(local: OverlayLocal, peers: DesiredPeer[], driver: DesiredDriver): Promise<string[]> {
    const errors: string[] = []
    if (this.held) return errors
    if (!driver.psk) return ['the desired state carries no IPsec pre-shared key']
    if (!this.alive()) {
      if (this.diedAt && Date.now() - this.diedAt < RESTART_AFTER_MS) return ['charon is not running (restarting shortly)']
      const err = await this.startCharon(Math.min(1400, driver.mtu ?? 1500))
      if (err) return [err]
    }
    const me: IpsecEnd = { hostId: local.hostId, agentIp: local.agentIp, selectors: local.slice ? [local.slice] : [local.routerIp, ...local.managedIps] }
    const ends: IpsecEnd[] = peers.map((p) => ({ hostId: p.hostId, agentIp: p.agentIp, selectors: p.slice ? [p.slice] : [...(p.routerIp ? [p.routerIp] : []), ...p.managedIps] }))
    this.peerNames = new Map(peers.map((p) => [connectionName(p.hostId), { hostId: p.hostId, name: p.name, initiator: initiates(local.agentIp, p.agentIp) }]))
    const conf = swanctlConf(me, ends, driver.psk)
    if (conf !== this.loadedConf) {
      const file = path.join(this.dir, 'swanctl.conf')
      writeFileSync(file, conf, { mode: 0o600 })
      const r = await this.swanctl(['--load-all', '--file', file])
      if (r.code !== 0) errors.push(describeFailure('swanctl', ['--load-all'], r))
      else this.loadedConf = conf
    }
    const listed = await this.swanctl(['--list-sas', '--raw'])
    this.sas = listed.code === 0 ? ikeSas(listed.stdout) : []
    const counted = await this.swanctl(['--counters', '--all', '--raw'])
    this.counters = counted.code === 0 ? parseCounters(counted.stdout) : new Map()
    for (const [name, now] of this.counters) {
      // the baseline moves while the tunnel is up: what follows a failure is counted from there
      const up = this.sas.some((sa) => sa.name === name && sa.state === 'ESTABLISHED' && sa.children.some((c) => c.state === 'INSTALLED'))
      if (up || !this.baseline.has(name)) this.baseline.set(name, now)
    }
    const now = Date.now()
    for (const peer of ends) {
      if (!initiates(local.agentIp, peer.agentIp)) continue
      const name = connectionName(peer.hostId)
      const sa = this.sas.filter((s) => s.name === name)
      const installed = sa.some((s) => s.children.some((c) => c.state === 'INSTALLED'))
      const connecting = sa.some((s) => s.state === 'CONNECTING')
      if (installed || connecting || now - (this.lastInitiate.get(name) ?? 0) < INITIATE_EVERY_MS) continue
      this.lastInitiate.set(name, now)
      // not awaited: an initiation towards a dead peer takes seconds and must not hold the round
      void this.swanctl(['--initiate', '--child', name, '--timeout', '4'], 6_000)
    }
    this.lastErrors = errors
    return errors
  }

  async status(): Promise<OverlayStatus> {
    const tunnels = new Map<string, { up: boolean; detail: string }>()
    for (const [name, peer] of this.peerNames) {
      const sas = this.sas.filter((sa) => sa.name === name)
      const up = sas.some((sa) => sa.state === 'ESTABLISHED' && sa.children.some((c) => c.state === 'INSTALLED'))
      const state = sas.length === 0 ? 'IKE SA none' : sas.map((sa) => `IKE ${sa.state}; CHILD_SA ${sa.children.map((c) => c.state).join(', ') || 'none'}`).join('; ')
      const ike = up ? null : describeIke(this.counters.get(name) ?? {}, this.baseline.get(name), peer.initiator, peer.name)
      tunnels.set(peer.hostId, { up, detail: ike ? `${state}; since it was last up: ${ike}` : state })
    }
    if (this.held) return { running: false, error: 'charon was stopped', tunnels }
    return { running: this.alive(), error: this.alive() ? (this.lastErrors[0] ?? null) : 'charon is not running', tunnels }
  }

  private async killCharon(): Promise<void> {
    const child = this.charon
    if (!child || !this.alive()) return
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 3_000)
    await exited
    clearTimeout(timer)
  }

  async stop(): Promise<void> {
    this.held = true
    await this.killCharon()
  }

  async restart(): Promise<void> {
    this.held = false
    this.diedAt = 0
  }

  async close(): Promise<void> {
    await this.killCharon()
  }
}
