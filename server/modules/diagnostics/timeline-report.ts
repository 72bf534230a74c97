/**
 * Peer and tunnel-port changes on the timeline, from an agent report compared with the same
 * host's previous one (agent API, `POST /agent/report`).
 *
 * Ports are checked by the source only, so each change of a (source, target, port) is an event.
 * A direction A → B is reported twice — by A (outbound) and by B (inbound) — so the timeline
 * keeps one state per direction: it goes down when either side reports it failing and comes up
 * when neither does, and an event is written only when that state moves. Writers of one
 * environment's direction states run one at a time (a transaction-scoped lock on PostgreSQL;
 * SQLite runs one transaction at a time anyway), so two hosts reporting the same break at once
 * record it once.
 */
import { sql } from 'kysely'
import type { AgentReport, PeerResult, PortCheck } from '../../../core/api/agent.ts'
import type { Dialect } from '../../db/database.ts'
import { fromJson } from '../../db/json.ts'
import type { Tx } from '../../db/tx.ts'
import { recordTimeline, type NewTimelineEvent } from './timeline.service.ts'

/** How far back to look for the last report that carried peers (or ports) at all. */
const LOOKBACK = 20

type Body = Partial<Pick<AgentReport, 'peers' | 'ports'>>

const peerKey = (p: Pick<PeerResult, 'peerHostId' | 'direction'>) => `${p.peerHostId}/${p.direction}`
const portKey = (p: Pick<PortCheck, 'peerHostId' | 'protocol' | 'port'>) => `${p.peerHostId}/${p.protocol}/${p.port}`

/** The previous reports of this host, newest first, read only as far as needed. */
async function previousState(tx: Tx, hostId: string, reportId: number, report: AgentReport) {
  const peers = new Map<string, boolean>()
  const ports = new Map<string, boolean>()
  let needPeers = report.peers.length > 0
  let needPorts = report.ports.length > 0
  let offset = 0
  while ((needPeers || needPorts) && offset < LOOKBACK) {
    // the latest one usually carries both; older ones only when it did not
    const limit = offset === 0 ? 1 : LOOKBACK
    const rows = await tx.db.selectFrom('agent_reports').select('body_json').where('host_id', '=', hostId).where('id', '<', reportId).orderBy('id', 'desc').offset(offset).limit(limit).execute()
    for (const r of rows) {
      const body = fromJson<Body>(r.body_json, {})
      if (needPeers && (body.peers?.length ?? 0) > 0) {
        for (const p of body.peers!) peers.set(peerKey(p), p.ok)
        needPeers = false
      }
      if (needPorts && (body.ports?.length ?? 0) > 0) {
        for (const p of body.ports!) ports.set(portKey(p), p.open)
        needPorts = false
      }
      if (!needPeers && !needPorts) break
    }
    if (rows.length < limit) break
    offset += limit
  }
  return { peers, ports }
}

/** The other side's latest word on a direction: does it report it failing? */
async function otherSideFailing(tx: Tx, otherHostId: string, reporterId: string, direction: PeerResult['direction']): Promise<boolean> {
  const row = await tx.db.selectFrom('agent_reports').select('body_json').where('host_id', '=', otherHostId).orderBy('id', 'desc').limit(1).executeTakeFirst()
  const body = fromJson<Body>(row?.body_json, {})
  return (body.peers ?? []).some((p) => p.peerHostId === reporterId && p.direction === direction && !p.ok)
}

/** The direction's state as the timeline last recorded it (null: never recorded). */
async function recordedDirection(tx: Tx, environmentId: string, fromId: string, toId: string): Promise<'peer-down' | 'peer-up' | null> {
  const row = await tx.db
    .selectFrom('timeline_events')
    .select('kind')
    .where('environment_id', '=', environmentId)
    .where('subject_kind', '=', 'host-pair')
    .where('subject_id', '=', fromId)
    .where('peer_id', '=', toId)
    .where('kind', 'in', ['peer-down', 'peer-up'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return (row?.kind as 'peer-down' | 'peer-up' | undefined) ?? null
}

/**
 * Records port-blocked / port-open and peer-down / peer-up for what changed between this
 * report (already stored as `reportId`) and the host's previous one.
 */
export async function recordReportTransitions(tx: Tx, dialect: Dialect, hostId: string, environmentId: string, report: AgentReport, reportId: number): Promise<void> {
  if (report.peers.length === 0 && report.ports.length === 0) return
  const before = await previousState(tx, hostId, reportId, report)

  // a port: closed now and not before (or never reported), or open again after closed
  const portChanges = report.ports.filter((p) => (p.open ? before.ports.get(portKey(p)) === false : before.ports.get(portKey(p)) !== false))
  // a peer direction: failing now and not before, or passing again after failing
  const peerChanges = report.peers.filter((p) => (p.ok ? before.peers.get(peerKey(p)) === false : before.peers.get(peerKey(p)) !== false))
  if (portChanges.length === 0 && peerChanges.length === 0) return

  const ids = new Set([hostId, ...portChanges.map((p) => p.peerHostId), ...peerChanges.map((p) => p.peerHostId)])
  const hosts = await tx.db.selectFrom('hosts').select(['id', 'name']).where('id', 'in', [...ids]).where('environment_id', '=', environmentId).execute()
  const nameOf = new Map(hosts.map((h) => [h.id, h.name]))
  const me = nameOf.get(hostId) ?? hostId
  const events: NewTimelineEvent[] = []

  for (const p of portChanges) {
    const peer = nameOf.get(p.peerHostId)
    if (peer === undefined) continue // not a host of this environment: nothing to name
    const port = `${p.protocol.toUpperCase()} ${p.port}`
    events.push({
      kind: p.open ? 'port-open' : 'port-blocked',
      severity: p.open ? 'info' : 'error',
      subject: { kind: 'host-pair', id: hostId, name: me, peerId: p.peerHostId, peerName: peer },
      message: p.open ? `${port} open again ${me} → ${peer} (${me} reports the port open)` : `${port} blocked ${me} → ${peer} (${me} reports the port closed)`,
    })
  }

  if (peerChanges.length > 0 && dialect === 'postgres') {
    await sql`select pg_advisory_xact_lock(hashtext(${`paddock-timeline:${environmentId}`}))`.execute(tx.db)
  }
  for (const p of peerChanges) {
    const peer = nameOf.get(p.peerHostId)
    if (peer === undefined) continue
    // outbound: this host → the peer; inbound: the peer → this host
    const [fromId, from, toId, to] = p.direction === 'outbound' ? [hostId, me, p.peerHostId, peer] : [p.peerHostId, peer, hostId, me]
    const recorded = await recordedDirection(tx, environmentId, fromId, toId)
    const subject = { kind: 'host-pair' as const, id: fromId, name: from, peerId: toId, peerName: to }
    if (!p.ok) {
      if (recorded === 'peer-down') continue
      events.push({ kind: 'peer-down', severity: 'error', subject, message: `${from} → ${to}: peer check failing (${me} reports ${p.error ?? 'no answer'})` })
      continue
    }
    // passing again: only once the other side no longer reports this direction failing
    if (recorded !== 'peer-down') continue
    if (await otherSideFailing(tx, p.peerHostId, hostId, p.direction === 'outbound' ? 'inbound' : 'outbound')) continue
    events.push({ kind: 'peer-up', severity: 'info', subject, message: `${from} → ${to}: peer check passing again${p.rttMs !== null ? ` (RTT ${p.rttMs} ms)` : ''}` })
  }
  await recordTimeline(tx, environmentId, events)
}
