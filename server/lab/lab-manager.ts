import type { FastifyBaseLogger } from 'fastify'
import { sql } from 'kysely'
import pg from 'pg'
import type { LabFault, LabFaultSpec } from '../../core/api/lab.ts'
import { prefixMask } from '../../core/net/cidr.ts'
import { formatIpv4, parseIpv4 } from '../../core/net/ipv4.ts'
import type { AppContext, LabControl } from '../context.ts'
import { fromJson } from '../db/json.ts'
import { AppError, notFound, referenceNotFound, validationFailed } from '../errors.ts'
import { newId, nowIso } from '../ids.ts'
import { healthyFaults, LabAgent, type AgentFaultState, type LabHostSpec } from './lab-agent.ts'
import type { AgentTransport } from './transport.ts'
import { labSessionName, ReplicaDirectory, useLabOwners, type LabOwners } from './owner-forward.ts'
import { recordFault } from '../modules/diagnostics/timeline-recorders.ts'
import { issueRegistrationToken } from '../auth/registration-tokens.ts'
import { inTransaction } from '../db/tx.ts'

/** The lab's host LAN: agent IPs are records only, no traffic leaves the process. */
export const LAB_LAN = { network: '192.168.50.0', prefix: 24, firstHost: 11 }
/** An agent IP no lab host carries on any interface (TEST-NET-3). */
const NOT_ON_INTERFACES_IP = '203.0.113.10'
const DOCKER0_IP = '172.17.0.1'
/** First key of the per-environment lab ownership advisory locks (the second: hashtext(environment id)). */
export const LAB_LOCK_CLASS = 20_548

/**
 * PostgreSQL replicas: each environment's lab agents run on exactly one replica, the one whose
 * dedicated session holds the environment's advisory lock. A replica takes the locks of lab
 * environments on start and every `retryMs` (a dead owner's session ends and frees its locks).
 * Lab requests for an environment another replica owns are forwarded to the URL that replica
 * advertises (owner-forward.ts); the lab itself answers UNAVAILABLE (503) naming the owner.
 */
export interface LabOwnership {
  databaseUrl: string
  replicaId: string
  retryMs: number
}

/** Starts and stops the built-in lab agents; knows nothing the agent API does not tell it. */
export class LabManager implements LabControl, LabOwners {
  private agents = new Map<string, LabAgent>()
  /**
   * Injected faults by id. Kept in memory only: they clear when the server restarts (a host
   * re-registered by a fault then resumes with the facts it last registered with).
   */
  private faults = new Map<string, LabFault>()
  /** Fault changes run one at a time: each recomputes what every agent reports. */
  private applying: Promise<unknown> = Promise.resolve()
  /** addHost calls run one at a time: each picks its name and LAN address from what the previous one registered. */
  private adding: Promise<unknown> = Promise.resolve()
  /** Environment id → the lab's registration token (see registrationToken). */
  private labTokens = new Map<string, string>()
  private issuing: Promise<unknown> = Promise.resolve()

  /** PostgreSQL: the session holding this replica's ownership locks (null: not connected, or SQLite). */
  private lockClient: pg.Client | null = null
  /** Environments whose lab agents this replica runs (PostgreSQL). */
  private owned = new Set<string>()
  /** Ownership changes run one at a time. */
  private acquiring: Promise<unknown> = Promise.resolve()
  private retry: NodeJS.Timeout | null = null
  private closed = false
  /** PostgreSQL: this replica's row in `replicas` (the URL other replicas forward lab requests to). */
  private directory: ReplicaDirectory | null = null

  constructor(
    private readonly ctx: AppContext,
    private readonly transport: AgentTransport,
    private readonly log: FastifyBaseLogger,
    /** null (SQLite, one process): this process runs every lab environment. */
    private readonly ownership: LabOwnership | null = null,
  ) {
    // replicas: lab requests of environments another replica runs are forwarded there
    if (ownership) useLabOwners(ctx, this)
  }

  get replicaId(): string {
    return this.ownership?.replicaId ?? ''
  }

  /**
   * PostgreSQL: advertises the URL this replica is reached on (once it listens), refreshed
   * every few seconds, so other replicas can forward lab requests of environments it runs.
   */
  async advertise(url: string): Promise<void> {
    if (!this.ownership || this.closed || this.directory) return
    this.directory = new ReplicaDirectory(this.ctx.db, this.ownership.replicaId, url, this.log)
    await this.directory.start()
  }

  /** Running lab agents in this process. */
  get agentCount(): number {
    return [...this.agents.values()].filter((a) => !a.stopped).length
  }

  /** Adds a lab host: picks a free name and LAN address, registers it through the agent API. */
  addHost(environmentId: string, opts: { name?: string; agentIp?: string }): Promise<{ hostId: string }> {
    const run = this.adding.then(async () => {
      await this.requireOwner(environmentId)
      return this.addHostNow(environmentId, opts)
    })
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

  /**
   * The lab's registration token of an environment: a `lab` token made on first use and kept in
   * memory only (the database has its hash). Lab agents present it on the agent API's register
   * route like any agent; owners' rotations do not touch it. A `refused` token that is still
   * the current one is replaced; calls run one at a time so agents share one token.
   */
  private registrationToken(environmentId: string, refused: string | null): Promise<string> {
    const run = this.issuing.then(async () => {
      const known = this.labTokens.get(environmentId)
      if (known && known !== refused) return known
      const made = await inTransaction(this.ctx.db, this.ctx.bus, async (tx) => {
        const env = await tx.db.selectFrom('environments').select('id').where('id', '=', environmentId).executeTakeFirst()
        if (!env) throw notFound('environment', environmentId)
        return issueRegistrationToken(tx.db, environmentId, null, 'lab')
      })
      this.labTokens.set(environmentId, made.token)
      return made.token
    })
    this.issuing = run.catch(() => {})
    return run
  }

  private async startAgent(spec: LabHostSpec): Promise<LabAgent> {
    const agent = new LabAgent(
      this.transport,
      spec,
      this.ctx.config.labIntervalMs,
      (err) => this.log.warn({ err, host: spec.name }, 'lab agent round failed'),
      (environmentId, refused) => this.registrationToken(environmentId, refused),
    )
    await agent.start()
    this.agents.set(agent.hostId!, agent)
    return agent
  }

  /**
   * Restarts the agents of every simulated host in the database (after a server restart). On
   * PostgreSQL only those of environments this replica owns or can take, and it keeps trying to
   * take the others every `retryMs`.
   */
  async resume(): Promise<number> {
    if (!this.ownership) return this.startHosts(null)
    if (!this.retry) {
      this.retry = setInterval(() => void this.takeOver().catch((err) => this.log.warn({ err }, 'lab ownership retry failed')), this.ownership.retryMs)
      this.retry.unref()
    }
    await this.takeOver()
    return this.agentCount
  }

  /** Connects the lock session if needed, then takes every lab environment no replica owns. */
  private async takeOver(): Promise<void> {
    if (this.closed) return
    if (!this.lockClient) await this.connectLock()
    if (!this.lockClient) return
    const envs = await this.ctx.db.selectFrom('hosts').select('environment_id').distinct().where('simulated', '=', 1).where('state', '!=', 'removed').execute()
    for (const { environment_id } of envs) if (!this.owned.has(environment_id)) await this.acquire(environment_id)
  }

  private async connectLock(): Promise<void> {
    const o = this.ownership!
    const client = new pg.Client({ connectionString: o.databaseUrl, connectionTimeoutMillis: 5_000, application_name: labSessionName(o.replicaId) })
    let lost = false
    const onLost = (err?: Error) => {
      if (lost) return
      lost = true
      void client.end().catch(() => {})
      if (this.lockClient !== client) return
      this.lockClient = null
      // the locks went with the session: another replica may run these environments now
      for (const [id, a] of this.agents) {
        if (this.owned.has(a.spec.environmentId)) {
          a.stop()
          this.agents.delete(id)
        }
      }
      this.owned.clear()
      if (!this.closed) this.log.warn({ err: err?.message }, 'lab ownership session lost; lab agents stopped until it is back')
    }
    client.on('error', onLost)
    client.on('end', () => onLost())
    try {
      await client.connect()
    } catch (err) {
      onLost(err as Error)
      return
    }
    if (this.closed) return void client.end().catch(() => {})
    this.lockClient = client
  }

  /** True when this replica runs the environment's lab (SQLite: always), taking it if nobody does. */
  claim(environmentId: string): Promise<boolean> {
    return this.acquire(environmentId)
  }

  /** True when this replica runs the environment's lab now (SQLite: always). */
  owns(environmentId: string): boolean {
    return !this.ownership || this.owned.has(environmentId)
  }

  /** Takes an environment's lab when no replica holds it, and starts its agents. */
  private acquire(environmentId: string): Promise<boolean> {
    const run = this.acquiring.then(async () => {
      if (!this.ownership || this.owned.has(environmentId)) return true
      const client = this.lockClient
      if (!client || this.closed) return false
      const res = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as ok', [LAB_LOCK_CLASS, environmentId])
      if (!res.rows[0]?.ok || this.lockClient !== client) return false
      this.owned.add(environmentId)
      const started = await this.startHosts(environmentId)
      if (started) this.log.info({ environmentId, agents: started, replica: this.ownership.replicaId }, 'lab environment taken over')
      return true
    })
    this.acquiring = run.catch(() => {})
    return run
  }

  /** The replica whose session holds an environment's lab lock (its application_name, so a long id comes back cut), if any. */
  async ownerOf(environmentId: string): Promise<string | null> {
    const row = await sql<{ name: string }>`
      select a.application_name as name from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.objsubid = 2
        and l.database = (select oid from pg_database where datname = current_database())
        and l.classid = ${LAB_LOCK_CLASS}::bigint::oid and l.objid = (hashtext(${environmentId})::bigint & 4294967295)::oid
      limit 1`.execute(this.ctx.db)
    const name = row.rows[0]?.name
    return name ? name.replace(/^paddock-lab /, '') : null
  }

  /** Lab requests of an environment another replica runs (when not forwarded to it): 503 naming that replica. */
  private async requireOwner(environmentId: string): Promise<void> {
    if (!this.ownership || (await this.acquire(environmentId))) return
    const owner = await this.ownerOf(environmentId).catch(() => null)
    throw new AppError(
      'UNAVAILABLE',
      owner
        ? `lab agents of environment ${environmentId} run on replica ${owner}; send lab requests to that replica`
        : `lab agents of environment ${environmentId} run on another replica (or this replica lost its database session); retry shortly`,
    )
  }

  /** Starts the agents of the simulated hosts in the database (of one environment, or all). */
  private async startHosts(environmentId: string | null): Promise<number> {
    let q = this.ctx.db.selectFrom('hosts').selectAll().where('simulated', '=', 1).where('state', '!=', 'removed').orderBy('id')
    if (environmentId) q = q.where('environment_id', '=', environmentId)
    const rows = await q.execute()
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

  /** The running lab agent of a simulated host of this environment, if any. */
  private agentOf(environmentId: string, hostId: string): LabAgent | null {
    const a = this.agents.get(hostId)
    return a && !a.stopped && a.spec.environmentId === environmentId ? a : null
  }

  /** Active faults of an environment (faults of removed hosts are gone), oldest first. */
  listFaults(environmentId: string): LabFault[] {
    return [...this.faults.values()].filter((f) => f.environmentId === environmentId && hostsOf(f).every((h) => this.agentOf(environmentId, h)))
  }

  /** Injects a fault into the lab agents it names; 422 for a host that is not a running lab host of the environment. */
  addFault(environmentId: string, spec: LabFaultSpec): Promise<LabFault> {
    const run = this.applying.then(async () => {
      await this.requireOwner(environmentId)
      const hostFields: [string, string][] = spec.type === 'udp-blocked' ? [['fromHostId', spec.fromHostId], ['toHostId', spec.toHostId]] : [['hostId', spec.hostId]]
      const names: string[] = []
      for (const [path, id] of hostFields) {
        const agent = this.agentOf(environmentId, id)
        if (!agent) throw referenceNotFound(path, 'simulated host', id)
        names.push(agent.spec.name)
      }
      if (spec.type === 'udp-blocked' && spec.fromHostId === spec.toHostId) throw validationFailed([{ path: 'toHostId', message: 'must differ from fromHostId' }])
      if (spec.type === 'lan-overlap' && !interfaceAddressIn(spec.cidr)) throw validationFailed([{ path: 'cidr', message: 'is not an IPv4 CIDR block' }])
      if (spec.type === 'wrong-agent-ip' && spec.kind === 'duplicate' && !(await this.otherAgentIp(environmentId, spec.hostId))) {
        throw validationFailed([{ path: 'kind', message: 'a duplicate agent IP needs another host in the environment' }])
      }
      const fault = { ...spec, id: newId('flt_'), environmentId, description: describe(spec, names), createdAt: nowIso() } as LabFault
      this.faults.set(fault.id, fault)
      // on the timeline before what it causes (the agents' reports in apply)
      await recordFault(this.ctx, fault, 'injected')
      await this.apply(environmentId)
      return fault
    })
    this.applying = run.catch(() => {})
    return run
  }

  /** Clears a fault: the agents report (and register with) their own facts again. */
  clearFault(environmentId: string, id: string): Promise<void> {
    const run = this.applying.then(async () => {
      await this.requireOwner(environmentId)
      const fault = this.faults.get(id)
      if (!fault || fault.environmentId !== environmentId) throw notFound('lab fault', id)
      this.faults.delete(id)
      await recordFault(this.ctx, fault, 'cleared')
      await this.apply(environmentId)
    })
    this.applying = run.catch(() => {})
    return run
  }

  private async otherAgentIp(environmentId: string, hostId: string): Promise<string | null> {
    const row = await this.ctx.db
      .selectFrom('hosts')
      .select('agent_ip')
      .where('environment_id', '=', environmentId)
      .where('id', '!=', hostId)
      .where('state', '!=', 'removed')
      .orderBy('name')
      .executeTakeFirst()
    return row?.agent_ip ?? null
  }

  /**
   * Recomputes what each agent of the environment reports from its faults (both ends of a
   * blocked path see it), re-registers agents whose registration facts changed, and runs a
   * round of every agent so the effect shows at once.
   */
  private async apply(environmentId: string): Promise<void> {
    const agents = [...this.agents.entries()].filter(([, a]) => !a.stopped && a.spec.environmentId === environmentId)
    const states = new Map<string, AgentFaultState>(agents.map(([id]) => [id, healthyFaults()]))
    const specs = new Map<string, LabHostSpec>(agents.map(([id, a]) => [id, a.spec]))
    const faults = this.listFaults(environmentId)
    for (const f of faults) {
      if (f.type === 'udp-blocked') {
        const from = states.get(f.fromHostId)!
        const blocked = from.outboundBlocked.get(f.toHostId) ?? new Set<number>()
        blocked.add(f.port)
        from.outboundBlocked.set(f.toHostId, blocked)
        states.get(f.toHostId)!.inboundBlocked.add(f.fromHostId)
        continue
      }
      const state = states.get(f.hostId)!
      const spec = specs.get(f.hostId)!
      switch (f.type) {
        case 'router-stopped':
          state.routerStopped = true
          for (const [id, other] of states) if (id !== f.hostId) other.peerDown.add(f.hostId)
          break
        case 'disconnected':
          state.silent = true
          // off the LAN: the other hosts' active probes towards it go unanswered
          for (const [id, other] of states) if (id !== f.hostId) other.peerSilent.add(f.hostId)
          break
        case 'slow-metadata':
          state.metadataReloadMs = f.reloadMs
          break
        case 'mtu-mismatch':
          state.mtu = f.mtu
          specs.set(f.hostId, { ...spec, mtu: f.mtu, interfaces: spec.interfaces.map((i) => ({ ...i, mtu: f.mtu })) })
          break
        case 'wrong-agent-ip': {
          const ip = f.kind === 'docker-bridge' ? DOCKER0_IP : f.kind === 'duplicate' ? await this.otherAgentIp(environmentId, f.hostId) : NOT_ON_INTERFACES_IP
          if (ip) specs.set(f.hostId, { ...spec, agentIp: ip })
          break
        }
        case 'lan-overlap': {
          const address = interfaceAddressIn(f.cidr)
          if (address) specs.set(f.hostId, { ...spec, interfaces: [...spec.interfaces, { name: `eth${spec.interfaces.length}`, cidrs: [address], mtu: spec.mtu }] })
          break
        }
      }
    }
    for (const [id, agent] of agents) {
      const spec = specs.get(id)!
      if (JSON.stringify(spec) !== JSON.stringify(agent.registeredSpec)) {
        try {
          await agent.reregister(spec)
        } catch (err) {
          this.log.warn({ err, host: agent.spec.name }, 'lab agent re-registration failed')
        }
      }
      agent.setFaults(states.get(id)!)
    }
    await Promise.all(agents.map(([, a]) => a.tick()))
  }

  /** Runs one round of every agent now (tests use it instead of waiting for the interval). */
  async tickAll(): Promise<void> {
    await Promise.all([...this.agents.values()].map((a) => a.tick()))
  }

  stopAll(): void {
    for (const a of this.agents.values()) a.stop()
    this.agents.clear()
  }

  /** Stops the agents and the ownership retries; ending the lock session frees the environments. */
  async close(): Promise<void> {
    this.closed = true
    if (this.retry) clearInterval(this.retry)
    await this.directory?.stop()
    this.stopAll()
    const c = this.lockClient
    this.lockClient = null
    this.owned.clear()
    if (c) await c.end().catch(() => {})
  }
}

function hostsOf(f: LabFaultSpec): string[] {
  return f.type === 'udp-blocked' ? [f.fromHostId, f.toHostId] : [f.hostId]
}

/** An address inside the block with its prefix, as an interface carries it: the block's last usable address. */
function interfaceAddressIn(cidr: string): string | null {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(cidr)
  const ip = m ? parseIpv4(m[1]) : null
  const prefix = m ? Number(m[2]) : NaN
  if (ip === null || !(prefix >= 1 && prefix <= 32)) return null
  const network = (ip & prefixMask(prefix)) >>> 0
  const size = 2 ** (32 - prefix)
  const address = size >= 4 ? network + size - 2 : network
  return `${formatIpv4(address)}/${prefix}`
}

function describe(f: LabFaultSpec, names: string[]): string {
  const [a, b] = names
  switch (f.type) {
    case 'router-stopped':
      return `Router stopped on ${a}`
    case 'udp-blocked':
      return `UDP ${f.port} blocked ${a} → ${b}`
    case 'wrong-agent-ip':
      return `${a} registered with a wrong agent IP (${f.kind === 'docker-bridge' ? `docker0 ${DOCKER0_IP}` : f.kind === 'duplicate' ? 'another host’s IP' : 'an IP not on its interfaces'})`
    case 'mtu-mismatch':
      return `MTU ${f.mtu} on ${a}`
    case 'slow-metadata':
      return `Metadata on ${a} reloads in ${f.reloadMs} ms`
    case 'lan-overlap':
      return `${a} has a LAN ${f.cidr} overlapping the managed subnet`
    case 'disconnected':
      return `${a} disconnected (heartbeats stopped)`
  }
}
