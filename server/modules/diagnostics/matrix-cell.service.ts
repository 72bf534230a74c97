/**
 * `GET …/diagnostics/matrix/:from/:to`: what one matrix cell stands on. The status comes from
 * core/diagnostics/matrix.ts on the same snapshot, so the details never disagree with the cell;
 * the rest is what the two agents reported about that direction.
 */
import type { DirectionReport, MatrixCell, MatrixStatus } from '../../../core/api/diagnostics.ts'
import { buildMatrix, matrixCell } from '../../../core/diagnostics/matrix.ts'
import type { DiagnosticsSnapshot, SnapshotContainer, SnapshotHost } from '../../../core/diagnostics/snapshot.ts'
import type { AppContext } from '../../context.ts'
import { notFound } from '../../errors.ts'
import { buildSnapshot, interfaceIps } from './diagnostics.service.ts'

/** One direction as `reporter` reported it about `peer` (all null when it did not). */
function directionReport(reporter: SnapshotHost, peerId: string, direction: 'outbound' | 'inbound'): DirectionReport {
  const report = reporter.report
  const p = report?.peers.find((x) => x.peerHostId === peerId && x.direction === direction)
  if (!report || !p) return { reportedBy: reporter.name, ok: null, rttMs: null, lastSuccessAt: null, error: null, receivedAt: null }
  return { reportedBy: reporter.name, ok: p.ok, rttMs: p.rttMs, lastSuccessAt: p.lastSuccessAt, error: p.error, receivedAt: report.receivedAt }
}

const byName = (a: SnapshotContainer, b: SnapshotContainer) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * A running container with a managed IP in its own netns on the host, a user one when there
 * is one (the overlay's system containers otherwise); `except` keeps a same-host pair distinct.
 */
function representative(snapshot: DiagnosticsSnapshot, hostId: string, except: string | null = null): SnapshotContainer | null {
  const managed = snapshot.containers
    .filter((c) => c.hostId === hostId && c.id !== except && c.state === 'running' && c.networkContainerId === null && c.managedIp !== null)
    .sort(byName)
  return managed.find((c) => !c.system) ?? managed[0] ?? null
}

export async function matrixCellDetails(ctx: AppContext, environmentId: string, fromId: string, toId: string): Promise<MatrixCell> {
  const now = new Date()
  const snapshot = await buildSnapshot(ctx, environmentId)
  const from = snapshot.hosts.find((h) => h.id === fromId)
  if (!from) throw notFound('host', fromId)
  const to = snapshot.hosts.find((h) => h.id === toId)
  if (!to) throw notFound('host', toId)

  const status: MatrixStatus = matrixCell(buildMatrix(snapshot, now), fromId, toId)
  const network = snapshot.defaultNetwork
  const overlay = network && network.state !== 'removed' ? network.overlay : 'none'
  const tunnelPorts = overlay === 'none' ? [] : (network?.tunnelPorts ?? [])
  const ports = tunnelPorts.map((port) => {
    const check = from.report?.ports.find((p) => p.peerHostId === toId && p.port === port && p.protocol === 'udp')
    return { port, protocol: 'udp' as const, open: check ? check.open : null }
  })
  const a = representative(snapshot, fromId)
  const b = representative(snapshot, toId, fromId === toId ? (a?.id ?? null) : null)

  return {
    from: { id: from.id, name: from.name, agentIp: from.agentIp, interfaceIps: interfaceIps(from) },
    to: { id: to.id, name: to.name, agentIp: to.agentIp, interfaceIps: interfaceIps(to) },
    status,
    overlay,
    outbound: directionReport(from, toId, 'outbound'),
    inbound: directionReport(to, fromId, 'inbound'),
    ports,
    representative: a && b ? { fromContainerId: a.id, fromContainerName: a.name, toContainerId: b.id, toContainerName: b.name } : null,
  }
}
