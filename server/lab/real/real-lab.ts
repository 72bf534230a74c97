/**
 * The real lab (`npm run lab`, Linux and root only): environments whose hosts are network
 * namespaces running the real host agent (agent/), so every container is a real netns on a
 * real bridge, the overlay carries real packets, and the connectivity check measures them.
 *
 * Faults use the same API and panel as the simulated lab's, but each is done to the data
 * plane itself — an nftables drop inside a host namespace, the router stopped, the agent
 * restarted with a wrong CATTLE_AGENT_IP, the NIC's MTU changed, the LAN link unplugged —
 * and the diagnostics find them only from what the agents measured.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream, mkdirSync, rmSync } from 'node:fs'
import type net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import { REAL_LAB_LABEL, REAL_LAB_LABEL_VALUE, type LabFault, type LabFaultSpec } from '../../../core/api/lab.ts'
import { exec, must } from '../../../agent/exec.ts'
import type { AppContext, LabControl } from '../../context.ts'
import { inTransaction } from '../../db/tx.ts'
import { AppError, notFound, validationFailed } from '../../errors.ts'
import { newId, nowIso } from '../../ids.ts'
import { issueRegistrationToken } from '../../auth/registration-tokens.ts'
import { createContainerTx } from '../../modules/containers/containers.service.ts'
import { createEnvironment } from '../../modules/environments/environments.service.ts'
import { recordFault } from '../../modules/diagnostics/timeline-recorders.ts'
import { createHost, createLan, deleteNamespaces, hostNs, type LabHostNs } from './namespaces.ts'
import { startRelay } from './relay.ts'

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..')
const WRONG_IPS = { 'docker-bridge': '172.17.0.1', 'not-on-interfaces': '203.0.113.10' } as const

export interface RealLabSpec {
  driver: 'vxlan' | 'ipsec'
  hosts: number
  containersPerHost: number
  name?: string
}

interface RunningHost extends LabHostNs {
  hostId: string | null
  agent: ChildProcess | null
  /** The agent IP it runs with (differs from the LAN address under a wrong-agent-ip fault). */
  agentIpInUse: string
}

interface LabEnv {
  environmentId: string
  driver: RealLabSpec['driver']
  prefix: string
  dir: string
  token: string
  relay: net.Server
  hosts: RunningHost[]
  faults: Map<string, { fault: LabFault; undo: () => Promise<void> }>
}

export class RealLab implements LabControl {
  private envs = new Map<string, LabEnv>()
  private serial: Promise<unknown> = Promise.resolve()
  /** Set by close(): a bring-up in progress stops waiting and tears down what it made. */
  private closing = false

  constructor(
    private readonly ctx: AppContext,
    private readonly log: FastifyBaseLogger,
    private readonly target: { host: string; port: number },
  ) {}

  owns(environmentId: string): boolean {
    return this.envs.has(environmentId)
  }

  private one<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.serial.then(fn)
    this.serial = run.catch(() => {})
    return run
  }

  /** Creates (or reuses, by name) an environment and brings its hosts and containers up. */
  start(spec: RealLabSpec): Promise<string> {
    return this.one(() => this.startNow(spec))
  }

  private async startNow(spec: RealLabSpec): Promise<string> {
    const name = spec.name ?? `Real lab (${spec.driver.toUpperCase()})`
    const templateName = spec.driver === 'vxlan' ? 'Cattle VXLAN' : 'Cattle'
    let env = await this.ctx.db.selectFrom('environments').select('id').where('name', '=', name).executeTakeFirst()
    if (!env) {
      const template = await this.ctx.db.selectFrom('environment_templates').select('id').where('name', '=', templateName).executeTakeFirstOrThrow()
      env = { id: (await createEnvironment(this.ctx, { name, description: `Real data plane: ${spec.hosts} network-namespace hosts running the Paddock agent`, environmentTemplateId: template.id })).id }
    }
    // unique per run: other runs on the machine may have pdk- namespaces of their own
    const prefix = `${process.env.PADDOCK_REAL_LAB_PREFIX ?? 'pdk-'}${randomBytes(3).toString('hex')}-`
    const dir = path.join(os.tmpdir(), `paddock-lab-${prefix.slice(0, -1)}`)
    mkdirSync(dir, { recursive: true })
    const relay = await startRelay(path.join(dir, 'paddock.sock'), this.target)
    const token = (await issueRegistrationToken(this.ctx.db, env.id, null, 'lab')).token
    const lab: LabEnv = { environmentId: env.id, driver: spec.driver, prefix, dir, token, relay, hosts: [], faults: new Map() }
    this.envs.set(env.id, lab)
    try {
      await createLan(prefix)
      for (let i = 1; i <= spec.hosts; i++) await this.addHostNs(lab, i)
      await this.waitActive(lab)
      await this.ensureContainers(lab, spec.containersPerHost)
    } catch (err) {
      await this.stopEnv(lab)
      throw err
    }
    return env.id
  }

  private async addHostNs(lab: LabEnv, index: number): Promise<RunningHost> {
    const ns = hostNs(lab.prefix, index)
    await createHost(lab.prefix, ns)
    const host: RunningHost = { ...ns, hostId: null, agent: null, agentIpInUse: ns.agentIp }
    lab.hosts.push(host)
    this.spawnAgent(lab, host)
    return host
  }

  private spawnAgent(lab: LabEnv, h: RunningHost): void {
    const logFile = path.join(lab.dir, `${h.name}.log`)
    const child = spawn('nsenter', [`--net=/run/netns/${h.netns}`, process.execPath, '--import', 'tsx', path.join(REPO_ROOT, 'agent/main.ts')], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PADDOCK_URL: `unix:${path.join(lab.dir, 'paddock.sock')}`,
        PADDOCK_ENVIRONMENT: lab.environmentId,
        PADDOCK_REGISTRATION_TOKEN: lab.token,
        PADDOCK_HOST_NAME: h.name,
        CATTLE_AGENT_IP: h.agentIpInUse,
        PADDOCK_HOST_LABELS: JSON.stringify({ [REAL_LAB_LABEL]: REAL_LAB_LABEL_VALUE }),
        PADDOCK_NETNS: h.netns,
        PADDOCK_NETNS_PREFIX: `${h.netns}-`,
        PADDOCK_STATE_DIR: path.join(lab.dir, h.name),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const out = createWriteStream(logFile, { flags: 'a' })
    child.stdout?.pipe(out)
    child.stderr?.pipe(out)
    child.on('exit', (code, signal) => {
      if (h.agent === child) h.agent = null
      this.log.info({ host: h.name, code, signal }, 'real lab agent exited')
    })
    h.agent = child
  }

  private async stopAgent(h: RunningHost): Promise<void> {
    const child = h.agent
    if (!child || child.exitCode !== null) return
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
    await exited
    clearTimeout(timer)
  }

  private async waitActive(lab: LabEnv, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const rows = await this.ctx.db.selectFrom('hosts').select(['id', 'name', 'state']).where('environment_id', '=', lab.environmentId).execute()
      for (const h of lab.hosts) h.hostId = rows.find((r) => r.name === h.name)?.id ?? h.hostId
      const active = lab.hosts.filter((h) => rows.some((r) => r.name === h.name && r.state === 'active'))
      if (active.length === lab.hosts.length) return
      if (this.closing) throw new AppError('UNAVAILABLE', 'the server is stopping')
      if (Date.now() > deadline) throw new AppError('UNAVAILABLE', `real lab: only ${active.length} of ${lab.hosts.length} agents became active within ${timeoutMs / 1000} s; agent logs are in ${lab.dir}`)
      await new Promise((r) => setTimeout(r, 200))
    }
  }

  /** Each host gets `perHost` managed containers (kept when they exist from an earlier run). */
  private async ensureContainers(lab: LabEnv, perHost: number): Promise<void> {
    const existing = await this.ctx.db.selectFrom('containers').select(['name']).where('environment_id', '=', lab.environmentId).where('state', '!=', 'removed').execute()
    const names = new Set(existing.map((c) => c.name))
    await inTransaction(this.ctx.db, this.ctx.bus, async (tx) => {
      for (const h of lab.hosts) {
        for (let c = 1; c <= perHost; c++) {
          const name = `h${h.index}-c${c}`
          if (names.has(name)) continue
          await createContainerTx(tx, this.ctx, lab.environmentId, { name, image: 'netns', hostId: h.hostId, networkMode: 'managed' })
        }
      }
    })
  }

  addHost(environmentId: string, opts: { name?: string; agentIp?: string }): Promise<{ hostId: string }> {
    return this.one(async () => {
      const lab = this.require(environmentId)
      if (opts.name || opts.agentIp) {
        throw validationFailed([{ path: opts.name ? 'name' : 'agentIp', message: 'real lab hosts are named host-N and get the next LAN address; leave it empty' }])
      }
      const host = await this.addHostNs(lab, Math.max(0, ...lab.hosts.map((h) => h.index)) + 1)
      await this.waitActive(lab)
      return { hostId: host.hostId! }
    })
  }

  private require(environmentId: string): LabEnv {
    const lab = this.envs.get(environmentId)
    if (!lab) throw notFound('real lab environment', environmentId)
    return lab
  }

  private host(lab: LabEnv, hostId: string, field: string): RunningHost {
    const h = lab.hosts.find((x) => x.hostId === hostId)
    if (!h) throw validationFailed([{ path: field, message: `${JSON.stringify(hostId)} is not a host of this real lab` }])
    return h
  }

  listFaults(environmentId: string): LabFault[] {
    return [...(this.envs.get(environmentId)?.faults.values() ?? [])].map((f) => f.fault)
  }

  addFault(environmentId: string, spec: LabFaultSpec): Promise<LabFault> {
    return this.one(async () => {
      const lab = this.require(environmentId)
      const { description, undo } = await this.applyFault(lab, spec)
      const fault = { ...spec, id: newId('flt_'), environmentId, description, createdAt: nowIso() } as LabFault
      lab.faults.set(fault.id, { fault, undo })
      await recordFault(this.ctx, fault, 'injected').catch((err: unknown) => this.log.warn({ err }, 'timeline: fault not recorded'))
      return fault
    })
  }

  clearFault(environmentId: string, id: string): Promise<void> {
    return this.one(async () => {
      const lab = this.require(environmentId)
      const f = lab.faults.get(id)
      if (!f) throw notFound('fault', id)
      await f.undo()
      lab.faults.delete(id)
      await recordFault(this.ctx, f.fault, 'cleared').catch((err: unknown) => this.log.warn({ err }, 'timeline: fault not recorded'))
    })
  }

  /** Does the fault to the data plane; answers what undoes it. */
  private async applyFault(lab: LabEnv, spec: LabFaultSpec): Promise<{ description: string; undo: () => Promise<void> }> {
    switch (spec.type) {
      case 'udp-blocked': {
        const from = this.host(lab, spec.fromHostId, 'fromHostId')
        const to = this.host(lab, spec.toHostId, 'toHostId')
        if (from === to) throw validationFailed([{ path: 'toHostId', message: 'must be another host than fromHostId' }])
        // dropped on arrival at the receiver: exactly one direction of one port is cut
        const table = `pdk_block_${randomBytes(3).toString('hex')}`
        const rules = `table inet ${table} {\n  chain input {\n    type filter hook input priority 0; policy accept;\n    ip saddr ${from.agentIp} udp dport ${spec.port} counter drop\n  }\n}\n`
        await must(exec, 'ip', ['netns', 'exec', to.netns, 'nft', '-f', '-'], { input: rules })
        return {
          description: `UDP ${spec.port} dropped from ${from.name} to ${to.name} (nftables in ${to.name})`,
          undo: async () => void (await exec('ip', ['netns', 'exec', to.netns, 'nft', 'delete', 'table', 'inet', table])),
        }
      }
      case 'router-stopped': {
        const h = this.host(lab, spec.hostId, 'hostId')
        h.agent?.kill('SIGUSR2')
        const what = lab.driver === 'ipsec' ? `charon stopped on ${h.name}` : `VXLAN device removed on ${h.name}`
        return { description: `overlay router stopped: ${what}`, undo: async () => void h.agent?.kill('SIGUSR1') }
      }
      case 'wrong-agent-ip': {
        const h = this.host(lab, spec.hostId, 'hostId')
        const other = lab.hosts.find((x) => x !== h)
        const wrong = spec.kind === 'duplicate' ? other?.agentIp : WRONG_IPS[spec.kind]
        if (!wrong) throw validationFailed([{ path: 'kind', message: 'duplicate needs a second host' }])
        h.agentIpInUse = wrong
        await this.stopAgent(h)
        this.spawnAgent(lab, h)
        return {
          description: `${h.name} registered with agent IP ${wrong} (${spec.kind})`,
          undo: async () => {
            h.agentIpInUse = h.agentIp
            await this.stopAgent(h)
            this.spawnAgent(lab, h)
          },
        }
      }
      case 'mtu-mismatch': {
        const h = this.host(lab, spec.hostId, 'hostId')
        await must(exec, 'ip', ['-n', h.netns, 'link', 'set', 'eth0', 'mtu', String(spec.mtu)])
        return {
          description: `eth0 MTU of ${h.name} set to ${spec.mtu}`,
          undo: async () => void (await exec('ip', ['-n', h.netns, 'link', 'set', 'eth0', 'mtu', '1500'])),
        }
      }
      case 'disconnected': {
        const h = this.host(lab, spec.hostId, 'hostId')
        const lan = `${lab.prefix}lan`
        await must(exec, 'ip', ['-n', lan, 'link', 'set', h.lanPort, 'down'])
        return {
          description: `${h.name}'s LAN link unplugged (its agent still reaches Paddock through the lab socket)`,
          undo: async () => void (await exec('ip', ['-n', lan, 'link', 'set', h.lanPort, 'up'])),
        }
      }
      case 'slow-metadata':
      case 'lan-overlap':
        throw validationFailed([{ path: 'type', message: `${JSON.stringify(spec.type)} is a simulated-lab fault; real lab hosts do not run Rancher's metadata service or a second LAN` }])
    }
  }

  private async stopEnv(lab: LabEnv): Promise<void> {
    for (const f of lab.faults.values()) await f.undo().catch(() => {})
    await Promise.all(lab.hosts.map((h) => this.stopAgent(h)))
    await new Promise<void>((resolve) => lab.relay.close(() => resolve()))
    const errors = await deleteNamespaces(lab.prefix)
    if (errors.length > 0) this.log.warn({ errors }, 'real lab: namespaces left behind')
    rmSync(lab.dir, { recursive: true, force: true })
    this.envs.delete(lab.environmentId)
  }

  /** Stops every agent and deletes every namespace this process created. */
  async close(): Promise<void> {
    this.closing = true
    await this.serial.catch(() => {})
    for (const lab of [...this.envs.values()]) await this.stopEnv(lab)
  }
}
