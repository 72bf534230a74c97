import { useId, useState, type FormEvent } from 'react'
import { useSearchParams } from 'wouter'
import type { Container, Environment, TraceRequest } from '../../../core/api/index.ts'
import { ErrorPanel } from '../../components/ui/error-panel.tsx'
import { Loading } from '../../components/ui/loading.tsx'
import { QueryView } from '../../components/ui/query-view.tsx'
import { RelativeTime } from '../../components/ui/relative-time.tsx'
import { useContainers } from '../../features/containers/api/containers-queries.ts'
import { useFindings } from '../../features/diagnostics/api/findings-queries.ts'
import { useMatrix, useTrace } from '../../features/diagnostics/api/reachability-queries.ts'
import { FindingsList } from '../../features/diagnostics/components/findings-list.tsx'
import { MatrixLegend, ReachabilityMatrix, type Pair } from '../../features/diagnostics/components/reachability-matrix.tsx'
import { TraceView } from '../../features/diagnostics/components/trace-view.tsx'
import { matrixSummary, pairFindings } from '../../features/diagnostics/utils/matrix-format.ts'

/** URL parameters: `from`/`to` the selected host pair, `tf`/`tt`/`port` the trace shown. */
const P = { from: 'from', to: 'to', traceFrom: 'tf', traceTo: 'tt', port: 'port' } as const

/** A container to trace from or to on a host: running, with a managed IP, an application one first. */
function representative(containers: readonly Container[], hostId: string): Container | null {
  const on = containers.filter((c) => c.hostId === hostId && c.state === 'running' && c.managedIp !== null)
  return on.find((c) => !c.system) ?? on[0] ?? null
}

export function ReachabilityPage({ environment }: { environment: Environment }) {
  const envId = environment.id
  const [params, setParams] = useSearchParams()
  const matrix = useMatrix(envId)
  const findings = useFindings(envId)
  const containers = useContainers(envId)

  const selected: Pair | null = params.get(P.from) && params.get(P.to) ? { from: params.get(P.from)!, to: params.get(P.to)! } : null
  const portText = params.get(P.port) ?? ''
  const traceRequest: TraceRequest | null =
    params.get(P.traceFrom) && params.get(P.traceTo)
      ? { from: params.get(P.traceFrom)!, to: params.get(P.traceTo)!, ...(/^\d+$/.test(portText) ? { port: Number(portText) } : {}) }
      : null
  const trace = useTrace(envId, traceRequest)

  const update = (values: Record<string, string | null>) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev)
      for (const [k, v] of Object.entries(values)) {
        if (v === null || v === '') next.delete(k)
        else next.set(k, v)
      }
      return next
    })

  const hostName = (id: string) => matrix.data?.hosts.find((h) => h.id === id)?.name ?? id
  const pairFrom = selected && containers.data ? representative(containers.data, selected.from) : null
  const pairTo = selected && containers.data ? representative(containers.data, selected.to) : null

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Reachability</h1>
          <p className="muted">
            Which host reaches which, per direction, from what the agents reported — and, for two containers, the path hop by
            hop with the evidence and the fix.
          </p>
        </div>
      </div>

      <section aria-labelledby="matrix-heading">
        <h2 id="matrix-heading">Host matrix</h2>
        <p className="muted small" role="status">
          {matrix.data && (
            <>
              {matrixSummary(matrix.data)} · checked <RelativeTime iso={matrix.data.checkedAt} />
            </>
          )}
        </p>
        <QueryView query={matrix} what="the reachability matrix">
          {(data) =>
            data.hosts.length < 2 ? (
              <p className="muted">The matrix needs at least two hosts.</p>
            ) : (
              <div className="matrix-layout">
                <ReachabilityMatrix matrix={data} selected={selected} onSelect={(pair) => update({ [P.from]: pair.from, [P.to]: pair.to })} />
                <MatrixLegend />
              </div>
            )
          }
        </QueryView>
      </section>

      {selected && (
        <section aria-labelledby="pair-heading">
          <h2 id="pair-heading">
            {hostName(selected.from)} → {hostName(selected.to)}
          </h2>
          {pairFrom && pairTo && (
            <p>
              <button
                type="button"
                className="button"
                onClick={() => update({ [P.traceFrom]: pairFrom.id, [P.traceTo]: pairTo.id, [P.port]: null })}
              >
                Trace {pairFrom.name} → {pairTo.name}
              </button>
            </p>
          )}
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
            {trace.isPending ? (
              <Loading label="Tracing…" />
            ) : trace.isError ? (
              <ErrorPanel title="Could not trace" error={trace.error} onRetry={() => void trace.refetch()} />
            ) : (
              <TraceView trace={trace.data} />
            )}
          </div>
        )}
      </section>
    </>
  )
}

type TraceValues = { from: string; to: string; port: string }

function TraceForm({ containers, initial, onTrace }: { containers: readonly Container[]; initial: TraceValues; onTrace: (v: TraceValues) => void }) {
  const [values, setValues] = useState(initial)
  const [error, setError] = useState<string | null>(null)
  const ids = { from: useId(), to: useId(), port: useId(), error: useId() }
  const sorted = [...containers].sort((a, b) => Number(a.system) - Number(b.system) || a.name.localeCompare(b.name))
  const options = sorted.map((c) => (
    <option key={c.id} value={c.id}>
      {c.name}
      {c.system ? ' (infrastructure)' : ''}
    </option>
  ))
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!values.from || !values.to) return setError('Choose both containers.')
    if (values.port !== '' && !(/^\d+$/.test(values.port) && Number(values.port) >= 1 && Number(values.port) <= 65535)) return setError('The port is a number from 1 to 65535.')
    setError(null)
    onTrace(values)
  }
  return (
    <form className="form trace-form" onSubmit={submit} noValidate aria-describedby={error ? ids.error : undefined}>
      <div className="field">
        <label htmlFor={ids.from}>From container (A)</label>
        <select id={ids.from} value={values.from} onChange={(e) => setValues({ ...values, from: e.target.value })}>
          <option value="">Choose…</option>
          {options}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.to}>To container (B)</label>
        <select id={ids.to} value={values.to} onChange={(e) => setValues({ ...values, to: e.target.value })}>
          <option value="">Choose…</option>
          {options}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.port}>Port (optional)</label>
        <input id={ids.port} inputMode="numeric" value={values.port} onChange={(e) => setValues({ ...values, port: e.target.value })} />
      </div>
      {error && (
        <p id={ids.error} className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary">
          Trace
        </button>
      </div>
    </form>
  )
}
