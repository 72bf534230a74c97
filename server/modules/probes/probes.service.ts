/**
 * Active probes: an operator asks the agent of container A's host to send real packets from
 * A's netns to a managed IP (or any IPv4). The request waits in `probe_requests` until that
 * agent answers in a report; the desired state lists it while it is pending and not expired.
 */
import type { DesiredState, ProbeResult } from '../../../core/api/agent.ts'
import { PROBE_TIMEOUT_MS, type CreateProbe, type Probe } from '../../../core/api/probes.ts'
import { isIpv4 } from '../../../core/net/ipv4.ts'
import type { AppContext } from '../../context.ts'
import { fromJson, toJson } from '../../db/json.ts'
import type { ProbeRequestTable } from '../../db/schema.ts'
import { inTransaction, type Tx } from '../../db/tx.ts'
import { AppError, notFound, referenceNotFound, validationFailed } from '../../errors.ts'
import { newId, nowIso } from '../../ids.ts'

/** Probes kept per environment: the newest ones; older ones are deleted so the table stays bounded. */
export const PROBE_HISTORY = 100

type Stored = Pick<ProbeRequestTable, 'id' | 'environment_id' | 'host_id' | 'from_container_id' | 'to_container_id' | 'target' | 'port' | 'protocol' | 'state' | 'result_json' | 'created_at'>

type ProbeRequest = DesiredState['probes'][number]

/** The time before which a pending probe counts as expired. */
const expiryCutoff = (now = Date.now()) => new Date(now - PROBE_TIMEOUT_MS).toISOString()

function toProbe(r: Stored): Probe {
  // no answer in time: the agent is not running probes (down, silent, or too old to know them)
  const state = r.state === 'pending' && r.created_at < expiryCutoff() ? 'expired' : (r.state as Probe['state'])
  return {
    id: r.id,
    environmentId: r.environment_id,
    hostId: r.host_id,
    fromContainerId: r.from_container_id ?? '',
    target: r.target,
    toContainerId: r.to_container_id,
    protocol: r.protocol as Probe['protocol'],
    port: r.port,
    state,
    result: fromJson<Probe['result']>(r.result_json, null),
    createdAt: r.created_at,
  }
}

/** The container's managed IP (a `container:X` container has X's), or null. */
async function managedIpOf(tx: Tx, container: { id: string; network_container_id: string | null }): Promise<string | null> {
  const holder = container.network_container_id ?? container.id
  const row = await tx.db
    .selectFrom('ip_addresses as ip')
    .innerJoin('containers as c', 'c.id', 'ip.container_id')
    .select('ip.address')
    .where('ip.container_id', '=', holder)
    .where('c.state', '!=', 'removed')
    .executeTakeFirst()
  return row?.address ?? null
}

/** `to`: an IPv4 address as given, or a container of the environment resolved to its managed IP. */
async function resolveTarget(tx: Tx, environmentId: string, to: string): Promise<{ target: string; toContainerId: string | null }> {
  if (isIpv4(to)) return { target: to, toContainerId: null }
  // dotted digits that are not an address: a typo, not a container id
  if (/^[\d.]+$/.test(to)) throw validationFailed([{ path: 'to', message: `${JSON.stringify(to)} is not a valid IPv4 address` }])
  const c = await tx.db
    .selectFrom('containers')
    .select(['id', 'name', 'state', 'network_mode', 'network_container_id'])
    .where('environment_id', '=', environmentId)
    .where('id', '=', to)
    .executeTakeFirst()
  if (!c || c.state === 'removed') throw referenceNotFound('to', 'container', to)
  const ip = await managedIpOf(tx, c)
  if (!ip) {
    const message = `container ${JSON.stringify(c.name)} has no managed IP (network mode ${c.network_mode}): probes go to a managed IP; give an IPv4 address instead`
    throw new AppError('REFERENCE_NOT_FOUND', `to: ${message}`, [{ path: 'to', message }])
  }
  return { target: ip, toContainerId: c.id }
}

/**
 * Queues a probe on the from-container's host. The host must be active (its agent polls the
 * desired state); the change event moves the environment's desired revision so it does.
 */
export async function createProbe(ctx: AppContext, environmentId: string, input: CreateProbe): Promise<Probe> {
  return inTransaction(ctx.db, ctx.bus, async (tx) => {
    const from = await tx.db
      .selectFrom('containers as c')
      .leftJoin('hosts as h', 'h.id', 'c.host_id')
      .select(['c.id', 'c.name', 'c.state', 'c.host_id', 'h.name as host_name', 'h.state as host_state', 'h.revision as host_revision'])
      .where('c.environment_id', '=', environmentId)
      .where('c.id', '=', input.fromContainerId)
      .executeTakeFirst()
    if (!from || from.state === 'removed') throw referenceNotFound('fromContainerId', 'container', input.fromContainerId)
    const { target, toContainerId } = await resolveTarget(tx, environmentId, input.to)
    if (!from.host_id || from.host_state !== 'active') {
      const where = from.host_id ? `its host ${from.host_name} is ${from.host_state}` : 'it is not placed on a host'
      throw new AppError('NO_ACTIVE_HOST', `container ${from.name} cannot send probes: ${where}; a probe needs that host's agent`, {
        hostId: from.host_id,
        hostState: from.host_state ?? null,
      })
    }
    const row: Stored = {
      id: newId('prb_'),
      environment_id: environmentId,
      host_id: from.host_id,
      from_container_id: from.id,
      to_container_id: toContainerId,
      target,
      // a port means nothing to ICMP: agents get none
      port: input.protocol === 'tcp' ? input.port : null,
      protocol: input.protocol,
      state: 'pending',
      result_json: null,
      created_at: nowIso(),
    }
    await tx.db.insertInto('probe_requests').values(row).execute()
    // the probe is new work for that host: its event moves the desired revision its agent polls
    tx.emit('host', 'updated', from.host_id, environmentId, from.host_revision ?? 0)
    const keep = await tx.db
      .selectFrom('probe_requests')
      .select('id')
      .where('environment_id', '=', environmentId)
      .orderBy('id', 'desc')
      .offset(PROBE_HISTORY)
      .limit(1)
      .executeTakeFirst()
    if (keep) await tx.db.deleteFrom('probe_requests').where('environment_id', '=', environmentId).where('id', '<=', keep.id).execute()
    return toProbe(row)
  })
}

export async function getProbe(ctx: AppContext, environmentId: string, id: string): Promise<Probe> {
  const row = await ctx.db.selectFrom('probe_requests').selectAll().where('environment_id', '=', environmentId).where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('probe', id)
  return toProbe(row)
}

/** What a host's agent should run now: its pending probes that have not expired. */
export async function pendingProbes(ctx: AppContext, hostId: string): Promise<ProbeRequest[]> {
  const rows = await ctx.db
    .selectFrom('probe_requests')
    .select(['id', 'from_container_id', 'target', 'port', 'protocol'])
    .where('host_id', '=', hostId)
    .where('state', '=', 'pending')
    .where('created_at', '>=', expiryCutoff())
    .orderBy('id')
    .execute()
  return rows.map((p) => ({ id: p.id, fromContainerId: p.from_container_id, target: p.target, port: p.port, protocol: p.protocol as ProbeRequest['protocol'] }))
}

/**
 * Closes the pending probes a host answered: only that host's own (another host's probe id, or
 * an unknown one, is ignored). A late answer still closes its probe: real packets beat "expired".
 * Returns how many were closed.
 */
export async function closeProbes(tx: Tx, hostId: string, environmentId: string, results: ProbeResult[]): Promise<number> {
  if (results.length === 0) return 0
  const answeredAt = nowIso()
  let closed = 0
  for (const r of results) {
    const res = await tx.db
      .updateTable('probe_requests')
      .set({ state: 'done', result_json: toJson({ ok: r.ok, rttMs: r.rttMs, detail: r.detail, answeredAt }) })
      .where('id', '=', r.probeId)
      .where('host_id', '=', hostId)
      .where('state', '=', 'pending')
      .executeTakeFirst()
    closed += Number(res.numUpdatedRows)
  }
  if (closed > 0) {
    const host = await tx.db.selectFrom('hosts').select('revision').where('id', '=', hostId).executeTakeFirst()
    // live clients refresh; the answered probes leave the desired state
    tx.emit('host', 'updated', hostId, environmentId, host?.revision ?? 0)
  }
  return closed
}
