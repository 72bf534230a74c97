import { describe, expect, it } from 'vitest'
import type { Finding, Matrix } from '../../../../core/api/index.ts'
import { cellLabel, cellStatus, matrixSummary, pairFindings } from './matrix-format.ts'

const matrix: Matrix = {
  hosts: [
    { id: 'h1', name: 'host-1', agentIp: '192.168.50.11' },
    { id: 'h2', name: 'host-2', agentIp: '192.168.50.12' },
  ],
  cells: '-xo-',
  checkedAt: '2026-01-15T10:00:00.000Z',
}

describe('matrix-format', () => {
  it('reads cells row-major (row = from)', () => {
    expect(cellStatus(matrix, 0, 1)).toBe('x')
    expect(cellStatus(matrix, 1, 0)).toBe('o')
    expect(cellLabel(matrix, 0, 1)).toBe('host-1 → host-2: failing')
    expect(matrixSummary(matrix)).toBe('1 failing, 1 ok')
  })

  it('picks the findings of a pair and of its hosts', () => {
    const f = (subject: Finding['subject']): Finding => ({ checkId: 'c', severity: 'error', subject, message: '', evidence: {}, fix: '' })
    const list = [
      f({ kind: 'hostPair', id: 'h1', peerId: 'h2', direction: 'outbound' }),
      f({ kind: 'host', id: 'h2' }),
      f({ kind: 'host', id: 'h3' }),
      f({ kind: 'container', id: 'c1' }),
    ]
    expect(pairFindings(list, 'h1', 'h2')).toEqual([list[0], list[1]])
  })
})
