/**
 * Builds the diagnostics snapshot of one environment from the database and runs the checks.
 *
 * The snapshot holds only control-plane resources (stacks, driver, network, subnets,
 * allocations) and what agents reported through the agent API (registration, heartbeats,
 * container facts — also of containers Paddock removed but a host still reports — and the
 * latest report per host). Nothing here reads server/lab: a lab host is judged exactly like a
 * real one (DESIGN.md, "Diagnostics read only what agents reported").
 */
import type { Matrix, Trace, TraceRequest } from '../../../core/api/diagnostics.ts'
import type { Finding } from '../../../core/api/findings.ts'
import type { ServiceDef } from '../../../core/compose/services.ts'
import { runChecks } from '../../../core/diagnostics/findings.ts'
import { buildMatrix } from '../../../core/diagnostics/matrix.ts'
import { trace, TraceReferenceError } from '../../../core/diagnostics/trace.ts'
import { cidrContains, parseCidr } from '../../../core/net/cidr.ts'
import { isIpv4, parseIpv4 } from '../../../core/net/ipv4.ts'
import type { DiagnosticsSnapshot, SnapshotHost, SnapshotLingeringContainer, SnapshotReport, SnapshotStack } from '../../../core/diagnostics/snapshot.ts'
import type { AppContext } from '../../context.ts'
import { referenceNotFound, validationFailed } from '../../errors.ts'
import { bool, fromJson } from '../../db/json.ts'
import { OVERLAY_PORTS } from '../agent/agent.service.ts'
import { requireEnvironment } from '../environments/environments.service.ts'

const SIDEKICKS_LABEL = 'io.rancher.sidekicks'

/** The environment as the checks see it; 404 for an unknown environment. */
export async function buildSnapshot(ctx: AppContext, environmentId: string): Promise<DiagnosticsSnapshot> {
  const env = await requireEnvironment(ctx, environmentId)
  const db = ctx.db

  const network = env.default_network_id
    ? await db.selectFrom('networks').selectAll().where('id', '=', env.default_network_id).where('state', '!=', 'removed').executeTakeFirst()
    : undefined
  const subnets = network ? await db.selectFrom('subnets').selectAll().where('network_id', '=', network.id).orderBy('subnet_index').execute() : []
  const drivers = await db
    .selectFrom('network_drivers as d')
    .innerJoin('stacks as s', 's.id', 'd.stack_id')
    .select(['d.id', 'd.name', 'd.state', 'd.stack_id', 's.name as stack_name', 's.catalog_template_id'])
    .where('d.environment_id', '=', environmentId)
    .where('d.state', '!=', 'removed')
    .orderBy('d.id')
    .execute()
  // the overlay (and so the tunnel ports peers must reach) follows the catalog template of
  // the driver stack behind the default network, as the desired state agents receive does
  const backing = drivers.find((d) => d.id === network?.network_driver_id)
  const overlay = backing?.catalog_template_id === 'ipsec' || backing?.catalog_template_id === 'vxlan' ? backing.catalog_template_id : 'none'

  const stackRows = await db
    .selectFrom('stacks')
    .select(['id', 'name', 'catalog_template_id', 'state'])
    .where('environment_id', '=', environmentId)
    .where('system', '=', 1)
    .where('state', '!=', 'removed')
    .orderBy('id')
    .execute()
  const serviceRows = await db
    .selectFrom('services')
    .select(['stack_id', 'name', 'state', 'global', 'launch_config_json'])
    .where('environment_id', '=', environmentId)
    .orderBy('id')
    .execute()
  const stacks: SnapshotStack[] = stackRows.map((st) => {
    const own = serviceRows.filter((s) => s.stack_id === st.id)
    // a sidekick is scheduled wherever its (global) primary is: every host too
    const sidekicksOfGlobal = new Set<string>()
    for (const s of own) {
      if (!bool(s.global)) continue
      const labels = fromJson<Partial<ServiceDef>>(s.launch_config_json, {}).labels ?? {}
      for (const name of (labels[SIDEKICKS_LABEL] ?? '').split(',')) if (name.trim()) sidekicksOfGlobal.add(name.trim())
    }
    return {
      id: st.id,
      name: st.name,
      catalogTemplateId: st.catalog_template_id,
      state: st.state,
      services: own.map((s) => ({ name: s.name, state: s.state, perHost: bool(s.global) || sidekicksOfGlobal.has(s.name) })),
    }
  })

  const hostRows = await db.selectFrom('hosts').selectAll().where('environment_id', '=', environmentId).where('state', '!=', 'removed').orderBy('id').execute()
  // every allocation, whoever holds it: the IPAM check looks for the ones nobody holds any more
  const allocationRows = await db
    .selectFrom('ip_addresses as ip')
    .leftJoin('subnets as sn', 'sn.id', 'ip.subnet_id')
    .select(['ip.address', 'ip.role', 'ip.container_id', 'ip.host_id', 'sn.network_address', 'sn.cidr_size'])
    .where('ip.environment_id', '=', environmentId)
    .orderBy('ip.address_num')
    .orderBy('ip.id')
    .execute()
  const routerOf = new Map(allocationRows.filter((r) => r.role === 'router' && r.host_id !== null).map((r) => [r.host_id, r.address]))
  // the latest report per host (agent.service keeps a bounded history)
  const latest = await db
    .selectFrom('agent_reports as r')
    .select(['r.host_id', 'r.received_at', 'r.body_json'])
    .where('r.environment_id', '=', environmentId)
    .where((eb) =>
      eb(
        'r.id',
        'in',
        eb.selectFrom('agent_reports as r2').select((e2) => e2.fn.max('r2.id').as('id')).where('r2.environment_id', '=', environmentId).groupBy('r2.host_id'),
      ),
    )
    .execute()
  const reportOf = new Map<string, SnapshotReport>()
  for (const r of latest) {
    const body = fromJson<Partial<SnapshotReport>>(r.body_json, {})
    reportOf.set(r.host_id, { receivedAt: r.received_at, peers: body.peers ?? [], ports: body.ports ?? [], metadataReloadMs: body.metadataReloadMs ?? null })
  }

  // a container has at most one allocation (its managed IP, or the router address of the holder)
  const containerRows = await db
    .selectFrom('containers as c')
    .leftJoin('services as sv', 'sv.id', 'c.service_id')
    .select([
      'c.id', 'c.name', 'c.host_id', 'c.state', 'c.network_mode', 'c.network_id', 'c.network_container_id', 'c.system', 'c.stack_id',
      'c.labels_json', 'c.docker_ip', 'c.reported_addresses_json', 'c.mtu', 'sv.name as service_name',
      (eb) => eb.selectFrom('ip_addresses as ip').select('ip.address').whereRef('ip.container_id', '=', 'c.id').limit(1).as('managed_ip'),
    ])
    .where('c.environment_id', '=', environmentId)
    .where('c.state', '!=', 'removed')
    .orderBy('c.id')
    .execute()

  const lingering = await lingeringContainers(ctx, environmentId, subnets.map((s) => `${s.network_address}/${s.cidr_size}`))

  return {
    environment: { id: env.id, name: env.name, state: env.state },
    // the same limit the heartbeat sweep uses, so a host is judged silent before the sweep marks it
    hostDisconnectMs: ctx.config.hostDisconnectMs,
    defaultNetwork: network
      ? {
          id: network.id,
          name: network.name,
          state: network.state,
          networkDriverId: network.network_driver_id,
          overlay,
          tunnelPorts: OVERLAY_PORTS[overlay] ?? [],
          subnets: subnets.map((s) => ({ cidr: `${s.network_address}/${s.cidr_size}`, gateway: s.gateway, startAddress: s.start_address, endAddress: s.end_address })),
          mtu: network.mtu,
          linkMtuOverhead: network.link_mtu_overhead,
          dns: fromJson(network.dns_json, []),
          dnsSearch: fromJson(network.dns_search_json, []),
        }
      : null,
    networkDrivers: drivers.map((d) => ({ id: d.id, name: d.name, state: d.state, stackId: d.stack_id, stackName: d.stack_name })),
    stacks,
    hosts: hostRows.map((h) => ({
      id: h.id,
      name: h.name,
      agentIp: h.agent_ip,
      state: h.state,
      interfaces: fromJson(h.interfaces_json, []),
      labels: fromJson(h.labels_json, {}),
      mtu: h.mtu,
      lastHeartbeatAt: h.last_heartbeat_at,
      routerIp: routerOf.get(h.id) ?? null,
      report: reportOf.get(h.id) ?? null,
    })),
    containers: containerRows.map((c) => ({
      id: c.id,
      name: c.name,
      hostId: c.host_id,
      state: c.state,
      networkMode: c.network_mode,
      networkId: c.network_id,
      networkContainerId: c.network_container_id,
      system: bool(c.system),
      stackId: c.stack_id,
      serviceName: c.service_name ?? null,
      labels: fromJson(c.labels_json, {}),
      managedIp: c.managed_ip ?? null,
      dockerIp: c.docker_ip,
      reportedAddresses: fromJson(c.reported_addresses_json, []),
      mtu: c.mtu,
    })),
    allocations: allocationRows.map((a) => ({
      address: a.address,
      role: a.role === 'router' ? 'router' : 'primary',
      containerId: a.container_id,
      hostId: a.host_id,
      subnetCidr: a.network_address === null ? null : `${a.network_address}/${a.cidr_size}`,
    })),
    lingering,
  }
}

/**
 * Containers removed in Paddock that their host still reports with a managed address: the
 * agent has not confirmed the removal (fact state `removed`), so the host may still answer for
 * an address IPAM released. A `container:X` container is left out: its eth0 is X's.
 */
async function lingeringContainers(ctx: AppContext, environmentId: string, subnetCidrs: string[]): Promise<SnapshotLingeringContainer[]> {
  const blocks = subnetCidrs.flatMap((text) => {
    const parsed = parseCidr(text)
    return parsed.ok ? [parsed.cidr] : []
  })
  if (blocks.length === 0) return []
  const rows = await ctx.db
    .selectFrom('containers')
    .select(['id', 'name', 'host_id', 'reported_state', 'reported_addresses_json', 'docker_ip'])
    .where('environment_id', '=', environmentId)
    .where('state', '=', 'removed')
    .where('reported_state', 'is not', null)
    .where('reported_state', '!=', 'removed')
    .where('network_container_id', 'is', null)
    .where('reported_addresses_json', '!=', '[]')
    .orderBy('id')
    .execute()
  const managed = (address: string) => {
    const ip = parseIpv4(address.split('/')[0])
    return ip !== null && blocks.some((b) => cidrContains(b, ip))
  }
  return rows.flatMap((r) => {
    const reportedAddresses = fromJson<string[]>(r.reported_addresses_json, [])
    if (!reportedAddresses.some(managed)) return []
    return [{ id: r.id, name: r.name, hostId: r.host_id, reportedState: r.reported_state ?? '', reportedAddresses, dockerIp: r.docker_ip }]
  })
}

/** The checklist, run now over the environment's current snapshot. */
export async function findings(ctx: AppContext, environmentId: string): Promise<{ items: Finding[]; nextCursor: null; checkedAt: string }> {
  const now = new Date()
  const snapshot = await buildSnapshot(ctx, environmentId)
  return { items: runChecks(snapshot, now), nextCursor: null, checkedAt: now.toISOString() }
}

/** The addresses a host's interfaces carry, without prefix, in the order reported (no repeats). */
export function interfaceIps(host: SnapshotHost): string[] {
  const out: string[] = []
  for (const i of host.interfaces) for (const c of i.cidrs) {
    const ip = c.split('/')[0].trim()
    if (ip && !out.includes(ip)) out.push(ip)
  }
  return out
}

/** The matrix of a snapshot: each host beside its interface IPs, so a wrong registration shows in the header. */
export function matrixOf(snapshot: DiagnosticsSnapshot, now: Date): Matrix {
  const built = buildMatrix(snapshot, now)
  const byId = new Map(snapshot.hosts.map((h) => [h.id, h]))
  const hosts = built.hosts.map((h) => {
    const host = byId.get(h.id)
    return { ...h, interfaceIps: host ? interfaceIps(host) : [] }
  })
  return { hosts, cells: built.cells, checkedAt: now.toISOString() }
}

/** The reachability matrix, computed now over the environment's current snapshot. */
export async function matrix(ctx: AppContext, environmentId: string): Promise<Matrix> {
  const now = new Date()
  return matrixOf(await buildSnapshot(ctx, environmentId), now)
}

/** A `to` made of digits and dots is an address and must be a valid IPv4; anything else is a container id. */
const LOOKS_LIKE_ADDRESS = /^[0-9.]+$/

export async function traceRoute(ctx: AppContext, environmentId: string, body: TraceRequest): Promise<Trace> {
  const isAddress = LOOKS_LIKE_ADDRESS.test(body.to)
  if (isAddress && !isIpv4(body.to)) throw validationFailed([{ path: 'to', message: `${JSON.stringify(body.to)} is not an IPv4 address` }])
  const snapshot = await buildSnapshot(ctx, environmentId)
  try {
    return trace(snapshot, { from: body.from, to: isAddress ? { ip: body.to } : body.to, ...(body.port !== undefined ? { port: body.port } : {}) })
  } catch (err) {
    if (err instanceof TraceReferenceError) throw referenceNotFound(err.field, 'container', err.id)
    throw err
  }
}
