/**
 * The host × host reachability matrix (issue 6, item 4), computed from reported facts only:
 * host state and heartbeats, the overlay containers the agents reported, and the latest
 * report of each host (peer results per direction, tunnel port checks).
 *
 * Encoding (core/api/diagnostics.ts): `hosts` ordered by name, `cells` one character per
 * ordered pair, row-major. 1,000 hosts are 999,000 directed pairs: the work is done in typed
 * arrays indexed by host position and the string is decoded once at the end.
 */
import type { MatrixStatus } from '../api/diagnostics.ts'
import { HostPositions } from './host-positions.ts'
import type { DiagnosticsSnapshot, SnapshotContainer, SnapshotHost } from './snapshot.ts'

export interface MatrixResult {
  /** The contract's MatrixHost: the registered IP beside the interfaces' addresses. */
  hosts: Array<{ id: string; name: string; agentIp: string; interfaceIps: string[] }>
  cells: string
}

/** The addresses a host's interfaces carry, prefix dropped, in reported order, each once. */
export function interfaceIps(host: SnapshotHost): string[] {
  const out = new Set<string>()
  for (const i of host.interfaces) for (const c of i.cidrs) {
    const ip = c.split('/')[0].trim()
    if (ip !== '') out.add(ip)
  }
  return [...out]
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Hosts in matrix order: by name, then id. */
export function matrixHosts(snapshot: DiagnosticsSnapshot): SnapshotHost[] {
  return snapshot.hosts.filter((h) => h.state !== 'removed').sort((a, b) => compare(a.name, b.name) || compare(a.id, b.id))
}

/** A host counts as connected while it is active and its heartbeats are not older than the limit. */
export function hostLive(snapshot: DiagnosticsSnapshot, host: SnapshotHost, now: number): boolean {
  if (host.state !== 'active') return false
  if (snapshot.hostDisconnectMs === null || host.lastHeartbeatAt === null) return true
  const at = Date.parse(host.lastHeartbeatAt)
  return !Number.isFinite(at) || now - at <= snapshot.hostDisconnectMs
}

export function groupByHost(containers: SnapshotContainer[]): Map<string, SnapshotContainer[]> {
  const out = new Map<string, SnapshotContainer[]>()
  for (const c of containers) {
    if (c.hostId === null || c.state === 'removed') continue
    const on = out.get(c.hostId)
    if (on) on.push(c)
    else out.set(c.hostId, [c])
  }
  return out
}

export interface RouterState {
  ok: boolean
  /** Readable facts: the holder and router containers and their states. */
  evidence: string[]
  fix?: string
}

/**
 * §3.12: the overlay holder (the container with the host's router IP) and its router sidekick
 * must run on a host for its tunnels to work. Null when the environment has no overlay driver.
 */
export function routerState(snapshot: DiagnosticsSnapshot, host: SnapshotHost, on: SnapshotContainer[]): RouterState | null {
  const network = snapshot.defaultNetwork
  if (!network || network.state === 'removed' || network.overlay === 'none') return null
  const driver = snapshot.networkDrivers.find((d) => d.id === network.networkDriverId) ?? (snapshot.networkDrivers.length === 1 ? snapshot.networkDrivers[0] : undefined)
  const stackId = driver?.stackId ?? null
  const holder =
    (host.routerIp !== null ? on.find((c) => c.managedIp === host.routerIp && c.networkContainerId === null) : undefined) ??
    on.find((c) => c.stackId === stackId && c.networkMode === network.name)
  if (!holder) {
    return {
      ok: false,
      evidence: [`no overlay holder reported on ${host.name}${host.routerIp ? ` (router IP ${host.routerIp})` : ''}`],
      fix: `# Re-create the overlay containers on ${host.name} by upgrading the ${driver?.stackName ?? 'network driver'} stack.`,
    }
  }
  const router = on.find((c) => c.networkContainerId === holder.id && c.serviceName === 'router')
  const evidence = [`holder ${holder.name}: ${holder.state}${host.routerIp ? `, router IP ${host.routerIp}` : ''}`]
  if (router) evidence.push(`router ${router.name}: ${router.state}`)
  const stopped = [holder, router].filter((c): c is SnapshotContainer => c !== undefined && c.state !== 'running')
  if (stopped.length === 0) return { ok: true, evidence }
  const last = router ?? holder
  return {
    ok: false,
    evidence,
    fix: [`# On ${host.name}: start the overlay containers and read the router's log`, `docker start ${stopped.map((c) => c.name).join(' ')}`, `docker logs --tail 50 ${last.name}`].join('\n'),
  }
}

// per-direction observation codes in the typed arrays
const OK = 1
const FAIL = 2

const CODE = { o: 111, x: 120, p: 112, d: 100, r: 114, u: 117, '-': 45 } as const satisfies Record<MatrixStatus, number>

export function buildMatrix(snapshot: DiagnosticsSnapshot, now: Date = new Date()): MatrixResult {
  const hosts = matrixHosts(snapshot)
  const n = hosts.length
  const index = new Map<string, number>()
  hosts.forEach((h, i) => index.set(h.id, i))
  const positions = new HostPositions(hosts.map((h) => h.id), index)
  const nowMs = now.getTime()
  const byHost = groupByHost(snapshot.containers)

  const live = new Uint8Array(n)
  const routerDown = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    const h = hosts[i]
    live[i] = hostLive(snapshot, h, nowMs) ? 1 : 0
    const router = routerState(snapshot, h, byHost.get(h.id) ?? [])
    routerDown[i] = router !== null && !router.ok ? 1 : 0
  }

  // what the source said (outbound) and what the target said (inbound), last result wins
  const out = new Uint8Array(n * n)
  const inb = new Uint8Array(n * n)
  const blocked = new Uint8Array(n * n)
  const wanted = new Set(snapshot.defaultNetwork?.tunnelPorts ?? [])
  for (let i = 0; i < n; i++) {
    const report = hosts[i].report
    if (!report) continue
    const row = i * n
    positions.restart()
    for (const p of report.peers) {
      const j = positions.of(p.peerHostId)
      if (j < 0 || j === i) continue
      if (p.direction === 'outbound') out[row + j] = p.ok ? OK : FAIL
      else inb[j * n + i] = p.ok ? OK : FAIL
    }
    positions.restart()
    for (const p of report.ports) {
      if (wanted.size > 0 && !wanted.has(p.port)) continue
      const j = positions.of(p.peerHostId)
      if (j < 0 || j === i) continue
      // any blocked tunnel port from i to j blocks the direction
      if (!p.open) blocked[row + j] = 1
    }
  }

  const chars = new Uint8Array(n * n)
  for (let i = 0; i < n; i++) {
    const row = i * n
    for (let j = 0; j < n; j++) {
      const k = row + j
      let c: number
      if (i === j) c = CODE['-']
      else if (!live[i] || !live[j]) c = CODE.d
      else if (out[k] === FAIL || inb[k] === FAIL) c = CODE.x
      else if (blocked[k]) c = CODE.p
      else if (routerDown[i] || routerDown[j]) c = CODE.r
      else if (out[k] === OK || inb[k] === OK) c = CODE.o
      else c = CODE.u
      chars[k] = c
    }
  }
  return { hosts: hosts.map((h) => ({ id: h.id, name: h.name, agentIp: h.agentIp, interfaceIps: interfaceIps(h) })), cells: new TextDecoder().decode(chars) }
}

/** The status of `from → to` in a matrix (`u` when either host is not in it). */
export function matrixCell(matrix: MatrixResult, fromId: string, toId: string): MatrixStatus {
  const n = matrix.hosts.length
  const i = matrix.hosts.findIndex((h) => h.id === fromId)
  const j = matrix.hosts.findIndex((h) => h.id === toId)
  if (i < 0 || j < 0) return 'u'
  return matrix.cells[i * n + j] as MatrixStatus
}
