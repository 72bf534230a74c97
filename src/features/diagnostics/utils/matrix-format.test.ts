import { describe, expect, it } from 'vitest'
import type { Finding, Matrix } from '../../../../core/api/index.ts'
import { agentIpOnInterfaces, cellLabel, cellStatus, matrixSummary, pairFindings, visibleAxes } from './matrix-format.ts'

const matrix: Matrix = {
  hosts: [
    { id: 'h1', name: 'host-1', agentIp: '192.168.50.11', interfaceIps: ['192.168.50.11', '172.17.0.1'] },
    { id: 'h2', name: 'host-2', agentIp: '192.168.50.12', interfaceIps: ['192.168.50.12', '172.17.0.1'] },
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

  it('hides healthy rows and columns independently when only broken cells are asked for', () => {
    const hosts = ['a', 'b', 'c', 'd'].map((name) => ({ id: name, name, agentIp: '10.0.0.1', interfaceIps: [] }))
    // b → c blocked one way; d unknown towards a; everything else ok.
    const m: Matrix = { hosts, cells: '-ooo' + 'o-po' + 'oo-o' + 'uoo-', checkedAt: matrix.checkedAt }
    expect(visibleAxes(m, false)).toEqual({ rows: [0, 1, 2, 3], cols: [0, 1, 2, 3] })
    expect(visibleAxes(m, true)).toEqual({ rows: [1, 3], cols: [0, 2] })
    expect(visibleAxes({ ...m, cells: '-ooo' + 'o-oo' + 'oo-o' + 'ooo-' }, true)).toEqual({ rows: [], cols: [] })
  })

  it('tells a registered IP that is not on the host’s interfaces', () => {
    expect(agentIpOnInterfaces(matrix.hosts[0])).toBe(true)
    expect(agentIpOnInterfaces({ ...matrix.hosts[0], agentIp: '172.17.0.2' })).toBe(false)
    expect(agentIpOnInterfaces({ ...matrix.hosts[0], interfaceIps: [] })).toBeNull()
  })
})
