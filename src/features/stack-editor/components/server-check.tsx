import { useId } from 'react'
import type { Diagnostic } from '../../../../core/api/index.ts'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import type { DiagnosticsComparison } from '../utils/compare-diagnostics.ts'

export type ServerCheckState =
  | { state: 'idle' }
  | { state: 'pending' }
  | { state: 'error'; error: unknown }
  | { state: 'done'; comparison: DiagnosticsComparison; count: number; ms: number }

function DiagnosticList({ items, label }: { items: Diagnostic[]; label: string }) {
  return (
    <ul className="plain-list small" aria-label={label}>
      {items.map((d, i) => (
        <li key={i}>
          <code>{d.file ?? ''}</code> {`${d.line}:${d.column}`} {d.severity} {d.message} <code>{d.code}</code>
        </li>
      ))}
    </ul>
  )
}

/** The answer of "Validate on server": the server must list exactly what the browser lists. */
export function ServerCheck({ check, onRetry }: { check: ServerCheckState; onRetry: () => void }) {
  const headingId = useId()
  if (check.state === 'idle') return null
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Server cross-check</h2>
      {check.state === 'pending' && <p className="muted">Asking the server…</p>}
      {check.state === 'error' && <ErrorPanel title="The server could not validate the files" error={check.error} onRetry={onRetry} />}
      {check.state === 'done' &&
        (check.comparison.same ? (
          <p role="status" className="server-check-same">
            The server lists the same {check.count} {check.count === 1 ? 'diagnostic' : 'diagnostics'} as the browser (answered in{' '}
            {Math.round(check.ms)} ms).
          </p>
        ) : (
          <div className="panel panel-error" role="alert">
            <p className="panel-title">The server and the browser disagree. This is a bug in Paddock; please report it.</p>
            {check.comparison.onlyInBrowser.length > 0 && (
              <>
                <p>Only in the browser:</p>
                <DiagnosticList items={check.comparison.onlyInBrowser} label="Only in the browser" />
              </>
            )}
            {check.comparison.onlyOnServer.length > 0 && (
              <>
                <p>Only on the server:</p>
                <DiagnosticList items={check.comparison.onlyOnServer} label="Only on the server" />
              </>
            )}
          </div>
        ))}
    </section>
  )
}
