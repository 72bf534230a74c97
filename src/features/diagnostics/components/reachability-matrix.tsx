import { useRef, type KeyboardEvent } from 'react'
import { MATRIX_LEGEND, MATRIX_STATUS, type Matrix, type MatrixStatus } from '../../../../core/api/index.ts'
import { cellLabel, cellStatus, STATUS_GLYPH, STATUS_TONE } from '../utils/matrix-format.ts'

export type Pair = { from: string; to: string }

/**
 * Hosts × hosts, one cell per direction (row = from, column = to). Each cell is a button named
 * "host-1 → host-2: ok"; one cell is in the tab order and the arrow keys (Home/End too) move
 * between cells, as in a grid.
 */
export function ReachabilityMatrix({ matrix, selected, onSelect }: { matrix: Matrix; selected: Pair | null; onSelect: (pair: Pair) => void }) {
  const n = matrix.hosts.length
  const tableRef = useRef<HTMLTableElement>(null)
  const sel = selected ? { i: matrix.hosts.findIndex((h) => h.id === selected.from), j: matrix.hosts.findIndex((h) => h.id === selected.to) } : null
  const active = sel && sel.i >= 0 && sel.j >= 0 ? sel : { i: 0, j: n > 1 ? 1 : 0 }

  const focusCell = (i: number, j: number) => {
    const cell = tableRef.current?.querySelector<HTMLButtonElement>(`button[data-cell="${i}-${j}"]`)
    if (!cell) return
    for (const b of tableRef.current!.querySelectorAll<HTMLButtonElement>('button[data-cell]')) b.tabIndex = -1
    cell.tabIndex = 0
    cell.focus()
  }
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, i: number, j: number) => {
    const moves: Record<string, [number, number]> = {
      ArrowUp: [Math.max(0, i - 1), j],
      ArrowDown: [Math.min(n - 1, i + 1), j],
      ArrowLeft: [i, Math.max(0, j - 1)],
      ArrowRight: [i, Math.min(n - 1, j + 1)],
      Home: [i, 0],
      End: [i, n - 1],
    }
    const to = moves[e.key]
    if (!to) return
    e.preventDefault()
    focusCell(to[0], to[1])
  }

  return (
    <div className="matrix-scroll">
      <table className="matrix" ref={tableRef}>
        <caption className="visually-hidden">Reachability between hosts: rows are the source host, columns the destination host</caption>
        <thead>
          <tr>
            <td className="matrix-corner">
              <span className="small muted">from ↓ / to →</span>
            </td>
            {matrix.hosts.map((h) => (
              <th key={h.id} scope="col" className="matrix-col">
                <span>{h.name}</span>
                <span className="small muted">{h.agentIp}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.hosts.map((from, i) => (
            <tr key={from.id}>
              <th scope="row" className="matrix-row">
                {from.name} <span className="small muted">{from.agentIp}</span>
              </th>
              {matrix.hosts.map((to, j) => {
                const status = cellStatus(matrix, i, j)
                if (i === j) {
                  return (
                    <td key={to.id} className="matrix-cell matrix-diagonal">
                      <span className="visually-hidden">same host</span>
                    </td>
                  )
                }
                const isSelected = sel?.i === i && sel.j === j
                return (
                  <td key={to.id} className="matrix-cell">
                    <button
                      type="button"
                      data-cell={`${i}-${j}`}
                      tabIndex={active.i === i && active.j === j ? 0 : -1}
                      className={`matrix-square badge-${STATUS_TONE[status]}${isSelected ? ' matrix-selected' : ''}`}
                      aria-label={cellLabel(matrix, i, j)}
                      aria-pressed={isSelected}
                      title={cellLabel(matrix, i, j)}
                      data-status={status}
                      onClick={() => onSelect({ from: from.id, to: to.id })}
                      onKeyDown={(e) => onKeyDown(e, i, j)}
                    >
                      <span aria-hidden="true">{STATUS_GLYPH[status]}</span>
                    </button>
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function MatrixLegend() {
  const statuses = (Object.keys(MATRIX_STATUS) as MatrixStatus[]).filter((s) => s !== '-')
  return (
    <dl className="matrix-legend">
      {statuses.map((s) => (
        <div key={s}>
          <dt>
            <span className={`matrix-square matrix-square-static badge-${STATUS_TONE[s]}`} aria-hidden="true">
              {STATUS_GLYPH[s]}
            </span>{' '}
            {MATRIX_STATUS[s]}
          </dt>
          <dd className="small muted">{MATRIX_LEGEND[s]}</dd>
        </div>
      ))}
    </dl>
  )
}
