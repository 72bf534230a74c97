import type { FastifyBaseLogger } from 'fastify'
import { formatIpv4, parseIpv4 } from '../../core/net/ipv4.ts'
import type { AppContext, LabControl } from '../context.ts'
import { fromJson } from '../db/json.ts'
import { AppError } from '../errors.ts'
import { LabAgent, type LabHostSpec } from './lab-agent.ts'
import type { AgentTransport } from './transport.ts'

/** The lab's host LAN: agent IPs are records only, no traffic leaves the process. */
export const LAB_LAN = { network: '192.168.50.0', prefix: 24, firstHost: 11 }

/** Starts and stops the built-in lab agents; knows nothing the agent API does not tell it. */
export class LabManager implements LabControl {
  private agents = new Map<string, LabAgent>()
  /** addHost calls run one at a time: each picks its name and LAN address from what the previous one registered. */
  private adding: Promise<unknown> = Promise.resolve()

  constructor(
    private readonly ctx: AppContext,
    private readonly transport: AgentTransport,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Adds a lab host: picks a free name and LAN address, registers it through the agent API. */
  addHost(environmentId: string, opts: { name?: string; agentIp?: string }): Promise<{ hostId: string }> {
    const run = this.adding.then(() => this.addHostNow(environmentId, opts))
    this.adding = run.catch(() => {})
    return run
  }

  private async addHostNow(environmentId: string, opts: { name?: string; agentIp?: string }): Promise<{ hostId: string }> {
    const hosts = await this.ctx.db.selectFrom('hosts').select(['name', 'agent_ip']).where('environment_id', '=', environmentId).execute()
    if (opts.name && hosts.some((h) => h.name === opts.name)) {
      throw new AppError('NAME_TAKEN', `a host named ${JSON.stringify(opts.name)} already exists in this environment`, [{ path: 'name', message: 'is taken' }])
    }
    let name = opts.name
    for (let n = hosts.length + 1; !name; n++) if (!hosts.some((h) => h.name === `host-${n}`)) name = `host-${n}`
    let agentIp = opts.agentIp
    const lanBase = parseIpv4(LAB_LAN.network)!
    for (let n = LAB_LAN.firstHost; !agentIp && n < 255; n++) {
      const candidate = formatIpv4(lanBase + n)
      if (!hosts.some((h) => h.agent_ip === candidate)) agentIp = candidate
    }
    if (!agentIp) throw new AppError('SUBNET_EXHAUSTED', `the lab LAN ${LAB_LAN.network}/${LAB_LAN.prefix} has no free address`)
    const spec: LabHostSpec = {
      environmentId,
      name,
      agentIp,
      mtu: 1500,
      labels: {},
      interfaces: [
        { name: 'eth0', cidrs: [`${agentIp}/${LAB_LAN.prefix}`], mtu: 1500 },
        { name: 'docker0', cidrs: ['172.17.0.1/16'], mtu: 1500 },
      ],
    }
    const agent = await this.startAgent(spec)
    return { hostId: agent.hostId! }
  }

  private async startAgent(spec: LabHostSpec): Promise<LabAgent> {
    const agent = new LabAgent(this.transport, spec, this.ctx.config.labIntervalMs, (err) => this.log.warn({ err, host: spec.name }, 'lab agent round failed'))
    await agent.start()
    this.agents.set(agent.hostId!, agent)
    return agent
  }

  /** Restarts the agents of every simulated host in the database (after a server restart). */
  async resume(): Promise<number> {
    const rows = await this.ctx.db.selectFrom('hosts').selectAll().where('simulated', '=', 1).where('state', '!=', 'removed').orderBy('id').execute()
    for (const h of rows) {
      if (this.agents.has(h.id)) continue
      await this.startAgent({
        environmentId: h.environment_id,
        name: h.name,
        agentIp: h.agent_ip,
        mtu: h.mtu ?? 1500,
        labels: fromJson(h.labels_json, {}),
        interfaces: fromJson(h.interfaces_json, []),
      })
    }
    return rows.length
  }

  /** Runs one round of every agent now (tests use it instead of waiting for the interval). */
  async tickAll(): Promise<void> {
    await Promise.all([...this.agents.values()].map((a) => a.tick()))
  }

  stopAll(): void {
    for (const a of this.agents.values()) a.stop()
    this.agents.clear()
  }
}
