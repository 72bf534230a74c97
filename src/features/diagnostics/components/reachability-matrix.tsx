import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { MATRIX_LEGEND, MATRIX_STATUS, type Matrix, type MatrixStatus } from '../../../../core/api/index.ts'
import {
  agentIpOnInterfaces,
  cellLabel,
  cellStatus,
  STATUS_GLYPH,
  STATUS_TONE,
  visibleAxes,
  type MatrixHost,
} from '../utils/matrix-format.ts'

export type Pair = { from: string; to: string }

/** How long the pointer rests on a cell before its details are fetched: a sweep across the grid asks for nothing. */
const HOVER_DELAY_MS = 150
/** The popover's width (24rem); it is kept inside the matrix's box where the box is wide enough. */
const POPOVER_WIDTH_PX = 384

type Position = { r: number; c: number }
/** A previewed cell and where its popover goes, relative to the matrix's box. */
type Preview = Position & { top: number; left: number }

type Props = {
  matrix: Matrix
  selected: Pair | null
  onSelect: (pair: Pair) => void
  /** Hide the rows and columns whose cells are all ok (or the diagonal). */
  onlyBroken?: boolean
  /** The details of a hovered or focused cell, shown in a popover beside it. */
  renderPreview?: (pair: Pair) => ReactNode
}

/** The registered agent IP beside the interface addresses; a registration that is on no interface is marked. */
function HostAddresses({ host }: { host: MatrixHost }) {
  const onInterfaces = agentIpOnInterfaces(host)
  return (
    <>
      <span className="small">
        registered {host.agentIp}
        {onInterfaces === false && (
          <>
            {' '}
            <span className="badge badge-bad" title="Tunnels aim at the registered IP; this host does not carry it">
              not on its interfaces
            </span>
          </>
        )}
      </span>
      <span className="small muted">
        {onInterfaces === null ? 'interfaces not reported' : `interfaces ${host.interfaceIps.join(', ')}`}
      </span>
    </>
  )
}

/**
 * Hosts × hosts, one cell per direction (row = from, column = to). Each cell is a button named
 * "host-1 → host-2: ok"; one cell is in the tab order and the arrow keys (Home/End too) move
 * between cells, as in a grid, stepping over the diagonal. Hovering or focusing a cell shows its
 * details; Escape hides them.
 */
export function ReachabilityMatrix({ matrix, selected, onSelect, onlyBroken = false, renderPreview }: Props) {
  const { rows, cols } = visibleAxes(matrix, onlyBroken)
  const tableRef = useRef<HTMLTableElement>(null)
  const boxRef = useRef<HTMLDivElement>(null)
  const previewId = useId()
  const [preview, setPreview] = useState<Preview | null>(null)
  const hoverTimer = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEffect(() => () => clearHoverTimer(), [])

  function clearHoverTimer() {
    if (hoverTimer.current !== null) clearTimeout(hoverTimer.current)
    hoverTimer.current = null
  }

  // The popover sits outside the scrolling table (which would clip it), placed under its cell.
  const showPreview = (p: Position, cell: HTMLElement) => {
    const box = boxRef.current
    if (!box) return
    const b = box.getBoundingClientRect()
    const c = cell.getBoundingClientRect()
    setPreview({ ...p, top: c.bottom - b.top + 4, left: Math.max(0, Math.min(c.left - b.left, b.width - POPOVER_WIDTH_PX)) })
  }

  const isDiagonal = (p: Position) => rows[p.r] === cols[p.c]
  const selectedAt = (): Position | null => {
    if (!selected) return null
    const r = rows.findIndex((i) => matrix.hosts[i].id === selected.from)
    const c = cols.findIndex((j) => matrix.hosts[j].id === selected.to)
    return r >= 0 && c >= 0 ? { r, c } : null
  }
  const sel = selectedAt()
  const firstCell = (): Position => {
    for (let r = 0; r < rows.length; r++) for (let c = 0; c < cols.length; c++) if (!isDiagonal({ r, c })) return { r, c }
    return { r: 0, c: 0 }
  }
  const active = sel ?? firstCell()

  const focusCell = (p: Position) => {
    const cell = tableRef.current?.querySelector<HTMLButtonElement>(`button[data-cell="${p.r}-${p.c}"]`)
    if (!cell) return
    for (const b of tableRef.current!.querySelectorAll<HTMLButtonElement>('button[data-cell]')) b.tabIndex = -1
    cell.tabIndex = 0
    cell.focus()
  }
  /** Steps from `p` by (dr, dc), over the diagonal, until a cell or the edge. */
  const step = (p: Position, dr: number, dc: number): Position | null => {
    let next = { r: p.r + dr, c: p.c + dc }
    while (next.r >= 0 && next.r < rows.length && next.c >= 0 && next.c < cols.length) {
      if (!isDiagonal(next)) return next
      next = { r: next.r + dr, c: next.c + dc }
    }
    return null
  }
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, p: Position) => {
    if (e.key === 'Escape') {
      setPreview(null)
      return
    }
    const moves: Record<string, () => Position | null> = {
      ArrowUp: () => step(p, -1, 0),
      ArrowDown: () => step(p, 1, 0),
      ArrowLeft: () => step(p, 0, -1),
      ArrowRight: () => step(p, 0, 1),
      Home: () => step({ r: p.r, c: -1 }, 0, 1),
      End: () => step({ r: p.r, c: cols.length }, 0, -1),
    }
    const move = moves[e.key]
    if (!move) return
    e.preventDefault()
    const to = move()
    if (to) focusCell(to)
  }

  if (rows.length === 0) {
    return <p className="muted">No broken cells: every direction between the {matrix.hosts.length} hosts is ok.</p>
  }

  const hidden = matrix.hosts.length * 2 - rows.length - cols.length
  const previewPair = preview && renderPreview ? { from: matrix.hosts[rows[preview.r]]?.id, to: matrix.hosts[cols[preview.c]]?.id } : null
  return (
    <div ref={boxRef} style={{ position: 'relative', maxWidth: '100%', minWidth: 0 }}>
      <div className="matrix-scroll" onScroll={() => setPreview(null)}>
        <table className="matrix" ref={tableRef}>
          <caption className="visually-hidden">
            Reachability between hosts: rows are the source host, columns the destination host
            {hidden > 0 && ` (only broken: ${rows.length} of ${matrix.hosts.length} sources, ${cols.length} destinations)`}
          </caption>
          <thead>
            <tr>
              <td className="matrix-corner">
                <span className="small muted">from ↓ / to →</span>
              </td>
              {cols.map((j) => (
                <th key={matrix.hosts[j].id} scope="col" className="matrix-col">
                  <span>{matrix.hosts[j].name}</span>
                  <HostAddresses host={matrix.hosts[j]} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((i, r) => {
              const from = matrix.hosts[i]
              return (
                <tr key={from.id}>
                  <th scope="row" className="matrix-row">
                    <span>{from.name}</span>
                    <HostAddresses host={from} />
                  </th>
                  {cols.map((j, c) => {
                    const to = matrix.hosts[j]
                    if (i === j) {
                      return (
                        <td key={to.id} className="matrix-cell matrix-diagonal">
                          <span className="visually-hidden">same host</span>
                        </td>
                      )
                    }
                    const status: MatrixStatus = cellStatus(matrix, i, j)
                    const isSelected = sel?.r === r && sel.c === c
                    const previewing = previewPair !== null && preview?.r === r && preview.c === c
                    return (
                      <td key={to.id} className="matrix-cell">
                        <button
                          type="button"
                          data-cell={`${r}-${c}`}
                          tabIndex={active.r === r && active.c === c ? 0 : -1}
                          className={`matrix-square badge-${STATUS_TONE[status]}${isSelected ? ' matrix-selected' : ''}`}
                          aria-label={cellLabel(matrix, i, j)}
                          aria-pressed={isSelected}
                          aria-describedby={previewing ? previewId : undefined}
                          title={renderPreview ? undefined : cellLabel(matrix, i, j)}
                          data-status={status}
                          onClick={() => onSelect({ from: from.id, to: to.id })}
                          onKeyDown={(e) => onKeyDown(e, { r, c })}
                          onFocus={(e) => {
                            clearHoverTimer()
                            showPreview({ r, c }, e.currentTarget)
                          }}
                          onBlur={() => setPreview(null)}
                          onMouseEnter={(e) => {
                            clearHoverTimer()
                            const cell = e.currentTarget
                            hoverTimer.current = setTimeout(() => showPreview({ r, c }, cell), HOVER_DELAY_MS)
                          }}
                          onMouseLeave={() => {
                            clearHoverTimer()
                            setPreview(null)
                          }}
                        >
                          <span aria-hidden="true">{STATUS_GLYPH[status]}</span>
                        </button>
                      </td>
                    )
                  })}
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      {preview && previewPair?.from && previewPair.to && (
        <div
          id={previewId}
          role="tooltip"
          className="card small"
          // Out of the pointer's way, so moving on to the next cell is not blocked by it.
          style={{ position: 'absolute', top: preview.top, left: preview.left, zIndex: 20, width: POPOVER_WIDTH_PX, pointerEvents: 'none' }}
        >
          {renderPreview!({ from: previewPair.from, to: previewPair.to })}
        </div>
      )}
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
