import { MATRIX_STATUS, type DirectionReport, type MatrixCell } from '../../../../core/api/index.ts'
import { RelativeTime } from '../../../components/ui/relative-time.tsx'
import { useMatrixCell } from '../api/reachability-queries.ts'
import { OVERLAY_NAME, portName, portState, STATUS_TONE } from '../utils/matrix-format.ts'

const PORT_TONE = { open: 'ok', blocked: 'bad', 'not reported': 'neutral' } as const

/** One side's view of the direction: the connectivity check result, as that host's agent reported it. */
function DirectionFacts({ title, report }: { title: string; report: DirectionReport }) {
  const result = report.ok === null ? 'not reported' : report.ok ? 'ok' : 'failing'
  return (
    <div>
      <dt>{title}</dt>
      <dd>
        <span className={`badge badge-${report.ok === null ? 'neutral' : report.ok ? 'ok' : 'bad'}`}>{result}</span>
        {report.rttMs !== null && <> · RTT {report.rttMs} ms</>}
        <br />
        <span className="small">
          last success <RelativeTime iso={report.lastSuccessAt} />
          {report.receivedAt && (
            <>
              {' '}
              · reported <RelativeTime iso={report.receivedAt} />
            </>
          )}
        </span>
        {report.error && (
          <>
            <br />
            <span className="small">error: {report.error}</span>
          </>
        )}
      </dd>
    </div>
  )
}

/** Everything one cell stands on: status, overlay, both sides' checks, the tunnel ports and the pair a click traces. */
export function MatrixCellFacts({ cell, clickHint = true }: { cell: MatrixCell; clickHint?: boolean }) {
  return (
    <>
      <p className="strong">
        {cell.from.name} → {cell.to.name}: <span className={`badge badge-${STATUS_TONE[cell.status]}`}>{MATRIX_STATUS[cell.status]}</span>
      </p>
      <dl className="facts">
        <div>
          <dt>Tunnel</dt>
          <dd>{OVERLAY_NAME[cell.overlay]}</dd>
        </div>
        <DirectionFacts title={`Outbound, as ${cell.from.name} reports it`} report={cell.outbound} />
        <DirectionFacts title={`Inbound, as ${cell.to.name} reports it`} report={cell.inbound} />
        <div>
          <dt>Tunnel ports from {cell.from.name}</dt>
          <dd>
            {cell.ports.length === 0 ? (
              <span className="muted">none checked</span>
            ) : (
              <ul className="plain-list">
                {cell.ports.map((p) => {
                  const state = portState(p.open)
                  return (
                    <li key={`${p.protocol}/${p.port}`}>
                      {portName(p)}: <span className={`badge badge-${PORT_TONE[state]}`}>{state}</span>
                    </li>
                  )
                })}
              </ul>
            )}
          </dd>
        </div>
      </dl>
      {clickHint && (
        <p className="small muted">
          {cell.representative
            ? `Click to trace ${cell.representative.fromContainerName} → ${cell.representative.toContainerName}.`
            : 'No running container with a managed IP on one of the hosts: nothing to trace.'}
        </p>
      )}
    </>
  )
}

/** The cell's details, fetched lazily (on hover, focus or selection). */
export function MatrixCellDetails({ envId, pair }: { envId: string; pair: { from: string; to: string } }) {
  const cell = useMatrixCell(envId, pair)
  if (cell.isPending) return <p className="muted small">Loading the details…</p>
  if (cell.isError) return <p className="small">Could not load the details: {cell.error.message}</p>
  return <MatrixCellFacts cell={cell.data} />
}
