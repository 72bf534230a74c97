import { useEffect, useId, useState } from 'react'
import { diagnosticsExportDownloadHref, getDiagnosticsExport } from '../api/export-queries.ts'

type CopyState = { kind: 'idle' } | { kind: 'working' } | { kind: 'copied' } | { kind: 'failed'; message: string; summary: string | null }

/**
 * The troubleshooting state for a support ticket: the JSON as a file (the server names it), and
 * the readable summary copied to the clipboard — fetched when asked for, so it is the state of now.
 */
export function ExportButton({ envId }: { envId: string }) {
  const [copy, setCopy] = useState<CopyState>({ kind: 'idle' })
  const summaryId = useId()

  useEffect(() => {
    if (copy.kind !== 'copied') return
    const timer = setTimeout(() => setCopy({ kind: 'idle' }), 3000)
    return () => clearTimeout(timer)
  }, [copy.kind])

  const copySummary = async () => {
    setCopy({ kind: 'working' })
    let summary: string | null = null
    try {
      summary = (await getDiagnosticsExport(envId)).summary
      await navigator.clipboard.writeText(summary)
      setCopy({ kind: 'copied' })
    } catch (error) {
      // Without clipboard access the summary is shown for selecting by hand.
      setCopy({ kind: 'failed', message: error instanceof Error ? error.message : String(error), summary })
    }
  }

  return (
    <div>
      <div className="inline-list">
        <a className="button" href={diagnosticsExportDownloadHref(envId)} download>
          Export for a support ticket
        </a>
        <button type="button" className="button" onClick={() => void copySummary()} disabled={copy.kind === 'working'}>
          Copy summary
        </button>
      </div>
      <p className="small muted" aria-live="polite">
        {copy.kind === 'working' ? 'Writing the summary…' : copy.kind === 'copied' ? 'Summary copied' : ''}
      </p>
      {copy.kind === 'failed' &&
        (copy.summary === null ? (
          <p className="field-error" role="alert">
            Could not get the summary: {copy.message}
          </p>
        ) : (
          <div className="field">
            <label htmlFor={summaryId}>Copy failed: select the summary and copy it</label>
            <textarea id={summaryId} readOnly rows={8} value={copy.summary} onFocus={(e) => e.currentTarget.select()} />
          </div>
        ))}
    </div>
  )
}
