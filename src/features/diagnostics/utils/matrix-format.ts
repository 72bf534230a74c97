import { MATRIX_STATUS, type Finding, type Matrix, type MatrixStatus } from '../../../../core/api/index.ts'

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
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) counts.set(cellStatus(matrix, i, j), (counts.get(cellStatus(matrix, i, j)) ?? 0) + 1)
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
