/**
 * What each part of the control plane writes to the network timeline: one function per kind
 * of change, called by the module that makes the change, inside its transaction (a lab fault
 * has no row of its own, so it gets a transaction of its own). Messages are plain sentences
 * with names, so the timeline and the export read without lookups.
 */
import type { ContainerFacts } from '../../../core/api/agent.ts'
import type { LabFault } from '../../../core/api/lab.ts'
import type { AppContext } from '../../context.ts'
import { inTransaction, type Tx } from '../../db/tx.ts'
import { recordTimeline, type TimelineSubject } from './timeline.service.ts'

const hostSubject = (id: string, name: string): TimelineSubject => ({ kind: 'host', id, name, peerId: null, peerName: null })

async function hostName(tx: Tx, hostId: string): Promise<string> {
  const row = await tx.db.selectFrom('hosts').select('name').where('id', '=', hostId).executeTakeFirst()
  return row?.name ?? hostId
}

/** Seconds as an operator reads them: `31 s`, `0.4 s`. */
export function seconds(ms: number): string {
  const s = Math.max(0, ms) / 1000
  return `${s >= 10 ? Math.round(s) : Math.round(s * 10) / 10} s`
}

/**
 * A registration (agent API): a new host, a host that came back with another agent IP (its
 * tunnels follow the new address), or a host that was disconnected registering again. A
 * re-registration with the same facts (a restarted agent) is not news.
 */
export async function recordRegistration(
  tx: Tx,
  environmentId: string,
  hostId: string,
  name: string,
  agentIp: string,
  before: { agent_ip: string; state: string } | null,
): Promise<void> {
  const subject = hostSubject(hostId, name)
  if (!before) {
    await recordTimeline(tx, environmentId, [{ kind: 'host-registered', severity: 'info', subject, message: `${name} registered with agent IP ${agentIp}` }])
  } else if (before.agent_ip !== agentIp) {
    await recordTimeline(tx, environmentId, [
      { kind: 'host-registered', severity: 'warning', subject, message: `${name} re-registered with agent IP ${agentIp} (was ${before.agent_ip}); peers build their tunnels to the new address` },
    ])
  } else if (before.state !== 'active') {
    await recordTimeline(tx, environmentId, [{ kind: 'host-up', severity: 'info', subject, message: `${name} is back: registered again (was ${before.state})` }])
  }
}

/** A heartbeat from a host that was not active (the sweep had marked it disconnected). */
export async function recordHostUp(tx: Tx, environmentId: string, hostId: string, previousState: string): Promise<void> {
  const name = await hostName(tx, hostId)
  await recordTimeline(tx, environmentId, [{ kind: 'host-up', severity: 'info', subject: hostSubject(hostId, name), message: `${name} is back: heartbeats resumed (was ${previousState})` }])
}

/** The disconnected-host sweep marked a host disconnected. */
export async function recordHostDown(tx: Tx, environmentId: string, hostId: string): Promise<void> {
  const row = await tx.db.selectFrom('hosts').select(['name', 'last_heartbeat_at']).where('id', '=', hostId).executeTakeFirst()
  const name = row?.name ?? hostId
  const last = row?.last_heartbeat_at ? Date.parse(row.last_heartbeat_at) : NaN
  const silence = Number.isFinite(last) ? `no heartbeat for ${seconds(Date.now() - last)}` : 'no heartbeat yet'
  await recordTimeline(tx, environmentId, [{ kind: 'host-down', severity: 'error', subject: hostSubject(hostId, name), message: `${name} disconnected: ${silence}` }])
}

/**
 * Router stopped / started on a host: called with an agent's container facts before they are
 * applied. The router is the overlay holder (the container holding the host's router address,
 * as core/diagnostics decides 'host.router-missing') together with its `router` sidekick; it
 * runs when all of them run. Only running ↔ stopped/failed counts: a first start is no news.
 */
export async function recordRouterTransitions(tx: Tx, hostId: string, environmentId: string, facts: ContainerFacts[]): Promise<void> {
  if (facts.length === 0) return
  const holder = await tx.db
    .selectFrom('ip_addresses as ip')
    .innerJoin('containers as c', 'c.id', 'ip.container_id')
    .select(['c.id', 'c.name', 'c.state'])
    .where('ip.host_id', '=', hostId)
    .where('ip.role', '=', 'router')
    .where('c.host_id', '=', hostId)
    .where('c.state', '!=', 'removed')
    .executeTakeFirst()
  if (!holder) return
  const sidekicks = await tx.db
    .selectFrom('containers as c')
    .innerJoin('services as sv', 'sv.id', 'c.service_id')
    .select(['c.id', 'c.name', 'c.state'])
    .where('c.host_id', '=', hostId)
    .where('c.network_container_id', '=', holder.id)
    .where('sv.name', '=', 'router')
    .where('c.state', '!=', 'removed')
    .execute()
  const parts = [holder, ...sidekicks]
  if (!facts.some((f) => parts.some((p) => p.id === f.containerId))) return
  // the state applyContainerFacts will write: a live container the host reports removed turns error
  const next = (p: { id: string; state: string }) => {
    const f = facts.find((x) => x.containerId === p.id)
    return f ? (f.state === 'removed' ? 'error' : f.state) : p.state
  }
  const wasRunning = parts.every((p) => p.state === 'running')
  const wasDown = parts.some((p) => p.state === 'stopped' || p.state === 'error')
  const isRunning = parts.every((p) => next(p) === 'running')
  if (wasRunning === isRunning || (!wasRunning && !wasDown)) return
  const name = await hostName(tx, hostId)
  const subject = hostSubject(hostId, name)
  if (isRunning) {
    await recordTimeline(tx, environmentId, [{ kind: 'router-started', severity: 'info', subject, message: `Router running again on ${name} (${parts.map((p) => p.name).join(', ')})` }])
  } else {
    const down = parts.filter((p) => next(p) !== 'running').map((p) => `${p.name} ${next(p)}`)
    await recordTimeline(tx, environmentId, [{ kind: 'router-stopped', severity: 'error', subject, message: `Router stopped on ${name}: ${down.join(', ')}` }])
  }
}

export type StackChange = { action: 'added' } | { action: 'removed' } | { action: 'upgraded'; fromVersion: string | null }

/** A stack was added, upgraded or removed; called after the stack row was written. */
export async function recordStackChanged(tx: Tx, environmentId: string, stackId: string, change: StackChange): Promise<void> {
  const stack = await tx.db.selectFrom('stacks').select(['name', 'version', 'catalog_template_id', 'state_reason']).where('id', '=', stackId).executeTakeFirst()
  if (!stack) return
  const subject: TimelineSubject = { kind: 'stack', id: stackId, name: stack.name, peerId: null, peerName: null }
  const from = stack.catalog_template_id ? ` (${stack.catalog_template_id}${stack.version ? ` ${stack.version}` : ''})` : ''
  let message: string
  switch (change.action) {
    case 'added':
      message = `Stack ${stack.name} added${from}`
      break
    case 'removed':
      message = `Stack ${stack.name} removed${stack.state_reason ? `: ${stack.state_reason}` : ''}`
      break
    case 'upgraded':
      message =
        change.fromVersion && stack.version && change.fromVersion !== stack.version
          ? `Stack ${stack.name} upgraded from ${change.fromVersion} to ${stack.version}`
          : `Stack ${stack.name} upgraded: new compose or answers${stack.version ? ` (version ${stack.version})` : ''}`
      break
  }
  // removing an infrastructure stack takes networking with it (domain §3.14)
  await recordTimeline(tx, environmentId, [{ kind: 'stack-changed', severity: change.action === 'removed' ? 'warning' : 'info', subject, message }])
}

/** A lab fault injected or cleared, in a transaction of its own (faults live in memory only). */
export async function recordFault(ctx: AppContext, fault: LabFault, change: 'injected' | 'cleared'): Promise<void> {
  await inTransaction(ctx.db, ctx.bus, async (tx) => {
    let subject: TimelineSubject
    if (fault.type === 'udp-blocked') {
      subject = { kind: 'host-pair', id: fault.fromHostId, name: await hostName(tx, fault.fromHostId), peerId: fault.toHostId, peerName: await hostName(tx, fault.toHostId) }
    } else {
      subject = hostSubject(fault.hostId, await hostName(tx, fault.hostId))
    }
    await recordTimeline(tx, fault.environmentId, [
      change === 'injected'
        ? { kind: 'fault-injected', severity: 'warning', subject, message: `Fault injected: ${fault.description}` }
        : { kind: 'fault-cleared', severity: 'info', subject, message: `Fault cleared: ${fault.description}` },
    ])
  })
}
