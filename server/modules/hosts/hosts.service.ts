import { sql } from 'kysely'
import type { Host } from '../../../core/api/hosts.ts'
import type { AppContext } from '../../context.ts'
import { bool, fromJson } from '../../db/json.ts'
import type { HostTable } from '../../db/schema.ts'
import { inTransaction } from '../../db/tx.ts'
import { notFound } from '../../errors.ts'
import { nowIso } from '../../ids.ts'
import { recordHostDown } from '../diagnostics/timeline-recorders.ts'

async function decorate(ctx: AppContext, rows: HostTable[]): Promise<Host[]> {
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const infra = await ctx.db
    .selectFrom('containers as c')
    .leftJoin('stacks as s', 's.id', 'c.stack_id')
    .leftJoin('services as sv', 'sv.id', 'c.service_id')
    .select(['c.id', 'c.name', 'c.state', 'c.host_id', 's.name as stack_name', 'sv.name as service_name'])
    .where('c.host_id', 'in', ids)
    .where('c.system', '=', 1)
    .where('c.state', '!=', 'removed')
    .orderBy('c.id')
    .execute()
  const routers = await ctx.db.selectFrom('ip_addresses').select(['host_id', 'address']).where('host_id', 'in', ids).where('role', '=', 'router').execute()
  const counts = await ctx.db
    .selectFrom('containers')
    .select(['host_id', sql<number>`count(*)`.as('n')])
    .where('host_id', 'in', ids)
    .where('state', '!=', 'removed')
    .groupBy('host_id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    environmentId: r.environment_id,
    name: r.name,
    hostname: r.hostname,
    agentIp: r.agent_ip,
    state: r.state as Host['state'],
    simulated: bool(r.simulated),
    labels: fromJson(r.labels_json, {}),
    interfaces: fromJson(r.interfaces_json, []),
    mtu: r.mtu,
    routerIp: routers.find((x) => x.host_id === r.id)?.address ?? null,
    // a host that re-registered without hostSlice keeps its old slice_cidr, but IPAM no longer
    // allocates from it (ipam/host-slices.ts): only a slice in use is the host's slice
    slice: bool(r.host_slice) ? (r.slice_cidr ?? null) : null,
    lastHeartbeatAt: r.last_heartbeat_at,
    infrastructure: infra
      .filter((c) => c.host_id === r.id)
      .map((c) => ({ id: c.id, name: c.name, stackName: c.stack_name ?? '', serviceName: c.service_name ?? '', state: c.state })),
    containerCount: Number(counts.find((x) => x.host_id === r.id)?.n ?? 0),
    revision: r.revision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }))
}

export async function listHosts(ctx: AppContext, environmentId: string): Promise<Host[]> {
  const rows = await ctx.db.selectFrom('hosts').selectAll().where('environment_id', '=', environmentId).where('state', '!=', 'removed').orderBy('id').execute()
  return decorate(ctx, rows)
}

export async function getHost(ctx: AppContext, environmentId: string, id: string): Promise<Host> {
  const row = await ctx.db.selectFrom('hosts').selectAll().where('environment_id', '=', environmentId).where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('host', id)
  return (await decorate(ctx, [row]))[0]
}

/**
 * Marks hosts whose heartbeats stopped more than `hostDisconnectMs` ago as disconnected.
 * Returns how many changed.
 */
export async function sweepDisconnectedHosts(ctx: AppContext): Promise<number> {
  const cutoff = new Date(Date.now() - ctx.config.hostDisconnectMs).toISOString()
  return inTransaction(ctx.db, ctx.bus, async (tx) => {
    const stale = await tx.db
      .selectFrom('hosts')
      .select(['id', 'environment_id', 'revision'])
      .where('state', '=', 'active')
      .where('last_heartbeat_at', '<', cutoff)
      .execute()
    for (const h of stale) {
      await tx.db.updateTable('hosts').set({ state: 'disconnected', revision: h.revision + 1, updated_at: nowIso() }).where('id', '=', h.id).execute()
      tx.emit('host', 'updated', h.id, h.environment_id, h.revision + 1)
      await recordHostDown(tx, h.environment_id, h.id)
    }
    return stale.length
  })
}
