import { useQueryClient } from '@tanstack/react-query'
import { useId, useRef } from 'react'
import { useSearchParams } from 'wouter'
import type { Environment, TraceRequest } from '../../../core/api/index.ts'
import { ErrorPanel } from '../../components/ui/error-panel.tsx'
import { Loading } from '../../components/ui/loading.tsx'
import { QueryView } from '../../components/ui/query-view.tsx'
import { RelativeTime } from '../../components/ui/relative-time.tsx'
import { useContainers } from '../../features/containers/api/containers-queries.ts'
import { useFindings } from '../../features/diagnostics/api/findings-queries.ts'
import { matrixCellQueryOptions, useMatrix, useMatrixCell, useTrace } from '../../features/diagnostics/api/reachability-queries.ts'
import { ExportButton } from '../../features/diagnostics/components/export-button.tsx'
import { FindingsList } from '../../features/diagnostics/components/findings-list.tsx'
import { MatrixCellDetails, MatrixCellFacts } from '../../features/diagnostics/components/matrix-cell-details.tsx'
import { MatrixLegend, ReachabilityMatrix, type Pair } from '../../features/diagnostics/components/reachability-matrix.tsx'
import { ProbePanel } from '../../features/diagnostics/components/probe-panel.tsx'
import { TimelinePanel } from '../../features/diagnostics/components/timeline-panel.tsx'
import { TraceForm } from '../../features/diagnostics/components/trace-form.tsx'
import { TraceView } from '../../features/diagnostics/components/trace-view.tsx'
import { matrixSummary, pairFindings } from '../../features/diagnostics/utils/matrix-format.ts'

/**
 * URL parameters: `from`/`to` the selected host pair, `tf`/`tt`/`port` the trace shown (`tt` a
 * container id or an IPv4 address), `broken=1` the "only broken" filter.
 */
const P = { from: 'from', to: 'to', traceFrom: 'tf', traceTo: 'tt', port: 'port', broken: 'broken' } as const

export function ReachabilityPage({ environment }: { environment: Environment }) {
  const envId = environment.id
  const queryClient = useQueryClient()
  const [params, setParams] = useSearchParams()
  const matrix = useMatrix(envId)
  const findings = useFindings(envId)
  const containers = useContainers(envId)
  const onlyBrokenId = useId()

  const selected: Pair | null = params.get(P.from) && params.get(P.to) ? { from: params.get(P.from)!, to: params.get(P.to)! } : null
  const selectedCell = useMatrixCell(envId, selected)
  const onlyBroken = params.get(P.broken) === '1'
  const portText = params.get(P.port) ?? ''
  const traceRequest: TraceRequest | null =
    params.get(P.traceFrom) && params.get(P.traceTo)
      ? { from: params.get(P.traceFrom)!, to: params.get(P.traceTo)!, ...(/^\d+$/.test(portText) ? { port: Number(portText) } : {}) }
      : null
  const trace = useTrace(envId, traceRequest)

  const update = (values: Record<string, string | null>, options?: { replace?: boolean }) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev)
      for (const [k, v] of Object.entries(values)) {
        if (v === null || v === '') next.delete(k)
        else next.set(k, v)
      }
      return next
    }, options)

  const traceOf = (pairFrom: string, pairTo: string) => ({ [P.traceFrom]: pairFrom, [P.traceTo]: pairTo, [P.port]: null })

  // Clicking a cell selects the pair at once, then opens the trace of the representative container
  // pair the server names (usually cached from the hover). A later click wins over an earlier one.
  const latestClick = useRef(0)
  const openCell = async (pair: Pair) => {
    const click = ++latestClick.current
    update({ [P.from]: pair.from, [P.to]: pair.to })
    try {
      const cell = await queryClient.fetchQuery(matrixCellQueryOptions(envId, pair.from, pair.to))
      if (click !== latestClick.current || !cell.representative) return
      update(traceOf(cell.representative.fromContainerId, cell.representative.toContainerId), { replace: true })
    } catch {
      // The pair's section shows why the cell could not be loaded.
    }
  }

  const hostName = (id: string) => matrix.data?.hosts.find((h) => h.id === id)?.name ?? id
  const containerName = (id: string) => containers.data?.find((c) => c.id === id)?.name ?? id

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Reachability</h1>
          <p className="muted">
            Which host reaches which, per direction, from what the agents reported — and, for two containers, the path hop by hop with the
            evidence and the fix.
          </p>
        </div>
        <ExportButton envId={envId} />
      </div>

      <div className="matrix-layout">
        <section aria-labelledby="matrix-heading" style={{ flex: '3 1 32rem', minWidth: 0 }}>
          <h2 id="matrix-heading">Host matrix</h2>
          <p className="muted small" role="status">
            {matrix.data && (
              <>
                {matrixSummary(matrix.data)} · checked <RelativeTime iso={matrix.data.checkedAt} />
              </>
            )}
          </p>
          <div className="field field-check">
            <input
              id={onlyBrokenId}
              type="checkbox"
              checked={onlyBroken}
              onChange={(e) => update({ [P.broken]: e.target.checked ? '1' : null }, { replace: true })}
            />
            <label htmlFor={onlyBrokenId}>Only broken</label>
          </div>
          <QueryView query={matrix} what="the reachability matrix">
            {(data) =>
              data.hosts.length < 2 ? (
                <p className="muted">The matrix needs at least two hosts.</p>
              ) : (
                <div className="matrix-layout">
                  <ReachabilityMatrix
                    matrix={data}
                    selected={selected}
                    onlyBroken={onlyBroken}
                    onSelect={(pair) => void openCell(pair)}
                    renderPreview={(pair) => <MatrixCellDetails envId={envId} pair={pair} />}
                  />
                  <MatrixLegend />
                </div>
              )
            }
          </QueryView>
        </section>
        <TimelinePanel envId={envId} />
      </div>

      {selected && (
        <section aria-labelledby="pair-heading">
          <h2 id="pair-heading">
            {hostName(selected.from)} → {hostName(selected.to)}
          </h2>
          {selectedCell.isPending ? (
            <Loading label="Loading the details…" />
          ) : selectedCell.isError ? (
            <ErrorPanel title="Could not load this direction" error={selectedCell.error} onRetry={() => void selectedCell.refetch()} />
          ) : (
            <>
              <MatrixCellFacts cell={selectedCell.data} clickHint={false} />
              {selectedCell.data.representative ? (
                <p>
                  <button
                    type="button"
                    className="button"
                    onClick={() =>
                      update(traceOf(selectedCell.data.representative!.fromContainerId, selectedCell.data.representative!.toContainerId))
                    }
                  >
                    Trace {selectedCell.data.representative.fromContainerName} → {selectedCell.data.representative.toContainerName}
                  </button>
                </p>
              ) : (
                <p className="muted">No running container with a managed IP on one of these hosts: there is no container pair to trace.</p>
              )}
            </>
          )}
          <h3>Findings</h3>
          {findings.isPending ? (
            <Loading label="Loading findings…" />
          ) : findings.isError ? (
            <ErrorPanel title="Could not load findings" error={findings.error} onRetry={() => void findings.refetch()} />
          ) : pairFindings(findings.data.items, selected.from, selected.to).length === 0 ? (
            <p className="muted">No findings about these two hosts or the paths between them.</p>
          ) : (
            <FindingsList envId={envId} findings={pairFindings(findings.data.items, selected.from, selected.to)} />
          )}
        </section>
      )}

      <section aria-labelledby="trace-heading">
        <h2 id="trace-heading">Why can’t A reach B?</h2>
        {containers.isPending ? (
          <Loading label="Loading containers…" />
        ) : containers.isError ? (
          <ErrorPanel title="Could not load containers" error={containers.error} onRetry={() => void containers.refetch()} />
        ) : (
          <TraceForm
            key={`${traceRequest?.from ?? ''}|${traceRequest?.to ?? ''}|${portText}`}
            containers={containers.data}
            initial={{ from: traceRequest?.from ?? '', to: traceRequest?.to ?? '', port: portText }}
            onTrace={(v) => update({ [P.traceFrom]: v.from, [P.traceTo]: v.to, [P.port]: v.port })}
          />
        )}
        {traceRequest && (
          <div aria-live="polite">
            <p className="muted small">
              Tracing {containerName(traceRequest.from)} → {containerName(traceRequest.to)}
              {traceRequest.port !== undefined && `, port ${traceRequest.port}`}
            </p>
            {trace.isPending ? (
              <Loading label="Tracing…" />
            ) : trace.isError ? (
              <ErrorPanel title="Could not trace" error={trace.error} onRetry={() => void trace.refetch()} />
            ) : (
              <>
                <TraceView trace={trace.data} />
                <ProbePanel
                  // a new trace starts without the previous trace's probe
                  key={`${traceRequest.from}|${traceRequest.to}|${traceRequest.port ?? ''}`}
                  envId={envId}
                  fromContainerId={traceRequest.from}
                  to={traceRequest.to}
                  port={traceRequest.port}
                  fromName={containerName(traceRequest.from)}
                  toName={containerName(traceRequest.to)}
                />
              </>
            )}
          </div>
        )}
      </section>
    </>
  )
}
