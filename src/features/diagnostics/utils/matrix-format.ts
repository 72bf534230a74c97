import { MATRIX_STATUS, type Finding, type Matrix, type MatrixCell, type MatrixStatus } from '../../../../core/api/index.ts'

/** Badge tone per matrix status; the cell's text label carries the meaning too. */
export const STATUS_TONE: Record<MatrixStatus, 'ok' | 'bad' | 'pending' | 'neutral'> = {
  o: 'ok',
  x: 'bad',
  p: 'bad',
  r: 'bad',
  d: 'pending',
  u: 'neutral',
  '-': 'neutral',
}

/** A glyph shown inside the square, so the status does not rest on colour alone. */
export const STATUS_GLYPH: Record<MatrixStatus, string> = { o: '✓', x: '✗', p: 'P', r: 'R', d: 'D', u: '?', '-': '' }

export function cellStatus(matrix: Matrix, i: number, j: number): MatrixStatus {
  const c = matrix.cells[i * matrix.hosts.length + j]
  return (c in MATRIX_STATUS ? c : 'u') as MatrixStatus
}

/** "host-1 → host-2: ok". */
export function cellLabel(matrix: Matrix, i: number, j: number): string {
  return `${matrix.hosts[i].name} → ${matrix.hosts[j].name}: ${MATRIX_STATUS[cellStatus(matrix, i, j)]}`
}

/** Counts per status, off the diagonal: "6 ok, 1 failing". */
export function matrixSummary(matrix: Matrix): string {
  const counts = new Map<MatrixStatus, number>()
  const n = matrix.hosts.length
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) if (i !== j) counts.set(cellStatus(matrix, i, j), (counts.get(cellStatus(matrix, i, j)) ?? 0) + 1)
  if (counts.size === 0) return 'no host pairs'
  return [...counts].map(([status, count]) => `${count} ${MATRIX_STATUS[status]}`).join(', ')
}

/** Findings about a directed host pair: both ends' pair findings and each host's own. */
export function pairFindings(findings: readonly Finding[], fromId: string, toId: string): Finding[] {
  return findings.filter((f) => {
    const s = f.subject
    if (s.kind === 'host') return s.id === fromId || s.id === toId
    if (s.kind !== 'hostPair') return false
    return (s.id === fromId && s.peerId === toId) || (s.id === toId && s.peerId === fromId)
  })
}

/** One host of the matrix index (the contract exports only its schema). */
export type MatrixHost = Matrix['hosts'][number]

/** A cell needs attention unless it is ok or the diagonal ("unknown" counts: nothing proves it works). */
export function isBroken(status: MatrixStatus): boolean {
  return status !== 'o' && status !== '-'
}

/**
 * The host indices shown as rows (sources) and columns (destinations). With `onlyBroken`, a row
 * whose cells are all ok or the diagonal is hidden, and so is such a column, independently: a
 * one-way failure from host 2 to host 3 leaves a single row (host 2) and a single column (host 3).
 */
export function visibleAxes(matrix: Matrix, onlyBroken: boolean): { rows: number[]; cols: number[] } {
  const n = matrix.hosts.length
  const all = Array.from({ length: n }, (_, i) => i)
  if (!onlyBroken) return { rows: all, cols: all }
  const rowBroken = new Array<boolean>(n).fill(false)
  const colBroken = new Array<boolean>(n).fill(false)
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (isBroken(cellStatus(matrix, i, j))) {
        rowBroken[i] = true
        colBroken[j] = true
      }
    }
  }
  return { rows: all.filter((i) => rowBroken[i]), cols: all.filter((j) => colBroken[j]) }
}

/**
 * Whether the registered agent IP is one of the host's interface addresses: `null` when the host
 * reported no interfaces (nothing to compare), `false` for a wrong registration such as docker0's
 * 172.17.0.1 or an address from before a reboot — tunnels aim at the registered IP.
 */
export function agentIpOnInterfaces(host: MatrixHost): boolean | null {
  if (host.interfaceIps.length === 0) return null
  return host.interfaceIps.includes(host.agentIp)
}

/** "UDP 4500". */
export function portName(port: MatrixCell['ports'][number]): string {
  return `${port.protocol.toUpperCase()} ${port.port}`
}

/** A port check as the source host reported it. */
export function portState(open: boolean | null): 'open' | 'blocked' | 'not reported' {
  return open === null ? 'not reported' : open ? 'open' : 'blocked'
}

export const OVERLAY_NAME: Record<MatrixCell['overlay'], string> = { ipsec: 'IPsec', vxlan: 'VXLAN', none: 'no overlay' }
