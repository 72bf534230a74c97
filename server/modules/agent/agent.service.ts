import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import type { AgentRegister, AgentRegistered, AgentReport, DesiredContainer, DesiredPeer, DesiredState } from '../../../core/api/agent.ts'
import { METADATA_SLOW_MS } from '../../../core/diagnostics/findings.ts'
import { effectiveMtu, renderCniFiles } from '../../../core/network/cni.ts'
import { hashToken } from '../../auth/actor.ts'
import type { AppContext } from '../../context.ts'
import { bit, bool, fromJson, toJson } from '../../db/json.ts'
import { inTransaction } from '../../db/tx.ts'
import { referenceNotFound } from '../../errors.ts'
import { newId, nowIso } from '../../ids.ts'
import { applyContainerFacts } from '../containers/containers.service.ts'
import { placeInfrastructure } from '../../orchestration/placement.ts'
import { recordHostUp, recordRegistration } from '../diagnostics/timeline-recorders.ts'
import { recordReportTransitions } from '../diagnostics/timeline-report.ts'
import { closeProbes, pendingProbes } from '../probes/probes.service.ts'
import { ipsecPsk } from './ipsec-psk.ts'

/** Reports kept per host: the latest state plus a bounded history. */
export const REPORT_HISTORY = 20

/** The desired-state revision of an environment: the last change event that touched it. */
export async function desiredRevision(ctx: AppContext, environmentId: string): Promise<number> {
  const row = await ctx.db.selectFrom('events').select(sql<number>`max(seq)`.as('seq')).where('environment_id', '=', environmentId).executeTakeFirst()
  return Number(row?.seq ?? 0)
}

/**
 * Registers (or re-registers, by name within the environment) a host and answers its token.
 * An active host starts the environment's infrastructure on it.
 */
export async function registerHost(ctx: AppContext, input: AgentRegister): Promise<AgentRegistered> {
  const token = randomBytes(24).toString('base64url')
  const hostId = await inTransaction(ctx.db, ctx.bus, async (tx) => {
    // PostgreSQL: registrations of one environment run one at a time (re-registration by name, placement)
    let envQuery = tx.db.selectFrom('environments').select('id').where('id', '=', input.environmentId)
    if (ctx.dialect === 'postgres') envQuery = envQuery.forUpdate()
    const env = await envQuery.executeTakeFirst()
    if (!env) throw referenceNotFound('environmentId', 'environment', input.environmentId)
    const now = nowIso()
    const fields = {
      hostname: input.hostname ?? input.name,
      agent_ip: input.agentIp,
      state: 'active',
      simulated: bit(input.simulated),
      labels_json: toJson(input.labels),
      interfaces_json: toJson(input.interfaces),
      mtu: input.mtu ?? null,
      // IPAM allocates this host's addresses from a slice of the subnet (ipam/host-slices.ts)
      host_slice: bit(input.hostSlice),
      token_hash: hashToken(token),
      last_heartbeat_at: now,
      updated_at: now,
    }
    const existing = await tx.db.selectFrom('hosts').select(['id', 'revision', 'agent_ip', 'state']).where('environment_id', '=', input.environmentId).where('name', '=', input.name).executeTakeFirst()
    let id: string
    if (existing) {
      id = existing.id
      await tx.db.updateTable('hosts').set({ ...fields, revision: existing.revision + 1 }).where('id', '=', id).execute()
      tx.emit('host', 'updated', id, input.environmentId, existing.revision + 1)
    } else {
      id = newId('hst_')
      await tx.db.insertInto('hosts').values({ id, environment_id: input.environmentId, name: input.name, ...fields, revision: 1, created_at: now }).execute()
      tx.emit('host', 'created', id, input.environmentId, 1)
    }
    await recordRegistration(tx, input.environmentId, id, input.name, input.agentIp, existing ?? null)
    await placeInfrastructure(tx, ctx, input.environmentId, id)
    return id
  })
  return { hostId, environmentId: input.environmentId, token, heartbeatIntervalMs: ctx.config.labIntervalMs }
}

/** Records a heartbeat; a disconnected host becomes active again. */
export async function heartbeat(ctx: AppContext, hostId: string, environmentId: string): Promise<{ desiredRevision: number }> {
  await inTransaction(ctx.db, ctx.bus, async (tx) => {
    const host = await tx.db.selectFrom('hosts').select(['state', 'revision']).where('id', '=', hostId).executeTakeFirstOrThrow()
    if (host.state !== 'active') {
      await tx.db.updateTable('hosts').set({ state: 'active', last_heartbeat_at: nowIso(), revision: host.revision + 1, updated_at: nowIso() }).where('id', '=', hostId).execute()
      tx.emit('host', 'updated', hostId, environmentId, host.revision + 1)
      await recordHostUp(tx, environmentId, hostId, host.state)
    } else {
      await tx.db.updateTable('hosts').set({ last_heartbeat_at: nowIso() }).where('id', '=', hostId).execute()
    }
  })
  return { desiredRevision: await desiredRevision(ctx, environmentId) }
}

/** Stores a report (bounded history) and applies container facts for this host only. */
export async function acceptReport(ctx: AppContext, hostId: string, environmentId: string, report: AgentReport): Promise<{ accepted: number }> {
  return inTransaction(ctx.db, ctx.bus, async (tx) => {
    const accepted = await applyContainerFacts(tx, hostId, environmentId, report.containers)
    const probesClosed = await closeProbes(tx, hostId, environmentId, report.probeResults)
    if (report.peers.length > 0 || report.ports.length > 0 || report.metadataReloadMs !== null) {
      const previous = await tx.db.selectFrom('agent_reports').select('body_json').where('host_id', '=', hostId).orderBy('id', 'desc').limit(1).executeTakeFirst()
      const inserted = await tx.db
        .insertInto('agent_reports')
        .values({ host_id: hostId, environment_id: environmentId, received_at: nowIso(), body_json: toJson({ peers: report.peers, ports: report.ports, metadataReloadMs: report.metadataReloadMs }) })
        .returning('id')
        .executeTakeFirstOrThrow()
      // findings are computed on read; tell live clients when what they rest on changed
      if (problemsOf(report) !== problemsOf(fromJson<Partial<AgentReport>>(previous?.body_json, {}))) {
        tx.emit('finding', 'updated', hostId, environmentId, Number(inserted.id))
      }
      await recordReportTransitions(tx, ctx.dialect, hostId, environmentId, report, Number(inserted.id))
      const keep = await tx.db.selectFrom('agent_reports').select('id').where('host_id', '=', hostId).orderBy('id', 'desc').offset(REPORT_HISTORY).limit(1).executeTakeFirst()
      if (keep) await tx.db.deleteFrom('agent_reports').where('host_id', '=', hostId).where('id', '<=', keep.id).execute()
    }
    return { accepted: accepted + probesClosed + report.peers.length + report.ports.length }
  })
}

/**
 * What in a report can change the findings: failing peer directions, closed ports and slow
 * metadata. RTTs and timestamps move every round and would only cause needless refetches.
 */
function problemsOf(report: Partial<AgentReport>): string {
  const peers = (report.peers ?? []).filter((p) => !p.ok).map((p) => `${p.peerHostId}/${p.direction}`)
  const ports = (report.ports ?? []).filter((p) => !p.open).map((p) => `${p.peerHostId}/${p.protocol}/${p.port}`)
  const slow = (report.metadataReloadMs ?? 0) >= METADATA_SLOW_MS
  return JSON.stringify([peers.sort(), ports.sort(), slow])
}

/** UDP ports peers must reach per overlay (domain §3.12). */
export const OVERLAY_PORTS: Record<string, number[]> = { ipsec: [500, 4500], vxlan: [4789] }
const MTU_OVERHEAD_LABEL = 'io.rancher.cni.link_mtu_overhead'
/** Rancher's vxlan driver uses VNI 1042 on every host. */
export const VXLAN_VNI = 1042

/**
 * What the host should run: its containers with their managed IPs (with prefix and gateway),
 * peers and their agent IPs, the driver settings, the CNI files rendered with this host's
 * labels, and pending probes. `since` equal to the current revision answers `changed: false`.
 */
export async function desiredState(ctx: AppContext, hostId: string, environmentId: string, since: number | undefined): Promise<DesiredState> {
  const revision = await desiredRevision(ctx, environmentId)
  const routerRow = await ctx.db.selectFrom('ip_addresses').select('address').where('host_id', '=', hostId).where('role', '=', 'router').executeTakeFirst()
  const sliceRow = await ctx.db.selectFrom('hosts').select(['slice_cidr', 'host_slice']).where('id', '=', hostId).executeTakeFirst()
  // a host that registered again without hostSlice keeps the row's old slice but no longer uses it
  const slice = sliceRow && Number(sliceRow.host_slice) ? sliceRow.slice_cidr : null
  const empty = { hostId, routerIp: routerRow?.address ?? null, slice, containers: [], peers: [], driver: null, cniFiles: [], probes: [] }
  if (since !== undefined && since === revision) return { desiredRevision: revision, changed: false, ...empty }

  const host = await ctx.db.selectFrom('hosts').selectAll().where('id', '=', hostId).executeTakeFirstOrThrow()
  const env = await ctx.db.selectFrom('environments').select('default_network_id').where('id', '=', environmentId).executeTakeFirstOrThrow()
  const network = env.default_network_id
    ? await ctx.db.selectFrom('networks').selectAll().where('id', '=', env.default_network_id).executeTakeFirst()
    : undefined
  const driverStack = network?.network_driver_id
    ? await ctx.db
        .selectFrom('network_drivers as d')
        .innerJoin('stacks as s', 's.id', 'd.stack_id')
        .select(['d.name', 's.catalog_template_id', 's.answers_json'])
        .where('d.id', '=', network.network_driver_id)
        .executeTakeFirst()
    : undefined
  const subnets = network ? await ctx.db.selectFrom('subnets').selectAll().where('network_id', '=', network.id).orderBy('subnet_index').execute() : []

  const rows = await ctx.db
    .selectFrom('containers as c')
    .leftJoin('containers as nc', 'nc.id', 'c.network_container_id')
    .leftJoin('ip_addresses as ip', 'ip.container_id', 'c.id')
    .leftJoin('subnets as sn', 'sn.id', 'ip.subnet_id')
    .leftJoin('networks as n', 'n.id', 'c.network_id')
    .select([
      'c.id', 'c.name', 'c.image', 'c.desired_state', 'c.network_mode', 'c.native', 'c.system', 'c.labels_json', 'c.ports_json', 'c.dns_json',
      'c.dns_search_json', 'nc.name as nc_name', 'ip.address', 'sn.cidr_size', 'sn.gateway', 'n.mtu', 'n.link_mtu_overhead',
    ])
    .where('c.host_id', '=', hostId)
    // removed containers stay listed (desiredState 'removed') until the agent confirms the
    // removal: an agent that restarted, or missed the change, still learns to remove them
    .where((eb) => eb.or([eb('c.state', '!=', 'removed'), eb.and([eb('c.reported_state', 'is not', null), eb('c.reported_state', '!=', 'removed')])]))
    .orderBy('c.id')
    .execute()
  const containers: DesiredContainer[] = rows.map((r) => {
    const labels = fromJson<Record<string, string>>(r.labels_json, {})
    const overheadLabel = labels[MTU_OVERHEAD_LABEL]
    const overhead = overheadLabel !== undefined && /^\d+$/.test(overheadLabel) ? Number(overheadLabel) : (r.link_mtu_overhead ?? null)
    return {
      id: r.id,
      name: r.name,
      image: r.image,
      desiredState: r.desired_state as DesiredContainer['desiredState'],
      networkMode: r.network_mode,
      native: bool(r.native),
      system: bool(r.system),
      managedIp: r.address ? `${r.address}/${r.cidr_size}` : null,
      gateway: r.address ? (r.gateway ?? null) : null,
      networkFrom: r.nc_name ?? null,
      labels,
      ports: fromJson(r.ports_json, []),
      dns: fromJson(r.dns_json, []),
      dnsSearch: fromJson(r.dns_search_json, []),
      mtu: r.address ? effectiveMtu(r.mtu ?? null, overhead) : null,
    }
  })

  const peers = await ctx.db
    .selectFrom('hosts as h')
    .leftJoin('ip_addresses as ip', (j) => j.onRef('ip.host_id', '=', 'h.id').on('ip.role', '=', 'router'))
    .select(['h.id', 'h.name', 'h.agent_ip', 'h.slice_cidr', 'h.host_slice', 'ip.address'])
    .where('h.environment_id', '=', environmentId)
    .where('h.id', '!=', hostId)
    .where('h.state', '=', 'active')
    .orderBy('h.id')
    .execute()
  const probes = await pendingProbes(ctx, hostId)
  const overlay = driverStack?.catalog_template_id === 'ipsec' || driverStack?.catalog_template_id === 'vxlan' ? driverStack.catalog_template_id : 'none'
  const psk = overlay === 'ipsec' ? await ipsecPsk(ctx, environmentId, fromJson(driverStack?.answers_json, {})) : null
  const managedIps = await peerManagedIps(ctx, peers.map((p) => ({ hostId: p.id, routerIp: p.address ?? null })))

  return {
    desiredRevision: revision,
    changed: true,
    hostId,
    routerIp: routerRow?.address ?? null,
    slice,
    containers,
    peers: peers.map((p): DesiredPeer => ({ hostId: p.id, name: p.name, agentIp: p.agent_ip, routerIp: p.address ?? null, slice: Number(p.host_slice) ? p.slice_cidr : null, managedIps: managedIps.get(p.id) ?? [] })),
    driver: network
      ? {
          name: driverStack?.name ?? network.name,
          overlay,
          networkName: network.name,
          subnets: subnets.map((s) => `${s.network_address}/${s.cidr_size}`),
          mtu: network.mtu,
          linkMtuOverhead: network.link_mtu_overhead,
          tunnelPorts: OVERLAY_PORTS[overlay] ?? [],
          gateway: subnets[0]?.gateway ?? null,
          psk,
          vni: overlay === 'vxlan' ? VXLAN_VNI : null,
        }
      : null,
    cniFiles: network ? renderCniFiles(fromJson(network.cni_config_json, {}), fromJson(host.labels_json, {})) : [],
    probes,
  }
}

/**
 * Per peer host: the managed addresses of its containers that are not removed (the router's
 * excluded: it is the peer's `routerIp`), sorted numerically. IPsec builds one traffic selector
 * per address (/32), as Rancher did.
 */
async function peerManagedIps(ctx: AppContext, peers: { hostId: string; routerIp: string | null }[]): Promise<Map<string, string[]>> {
  const byHost = new Map<string, string[]>(peers.map((p) => [p.hostId, []]))
  if (peers.length === 0) return byHost
  const routers = new Set(peers.map((p) => p.routerIp).filter((ip) => ip !== null))
  const rows = await ctx.db
    .selectFrom('ip_addresses as ip')
    .innerJoin('containers as c', 'c.id', 'ip.container_id')
    .select(['c.host_id', 'ip.address'])
    .where('c.host_id', 'in', [...byHost.keys()])
    .where('c.state', '!=', 'removed')
    .where('ip.role', '=', 'primary')
    .orderBy('ip.address_num')
    .execute()
  for (const r of rows) if (r.host_id && !routers.has(r.address)) byHost.get(r.host_id)?.push(r.address)
  return byHost
}
