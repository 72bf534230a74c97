import type { Diagnostic } from '../../../../core/api/index.ts'

const SEVERITY_ICON = { error: '✖', warning: '▲', info: 'ℹ' } as const

/** "2 errors, 1 warning" (infos only when there are some). */
export function diagnosticCounts(diagnostics: readonly Diagnostic[]): string {
  const n = (severity: Diagnostic['severity']) => diagnostics.filter((d) => d.severity === severity).length
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`
  const infos = n('info')
  return [plural(n('error'), 'error'), plural(n('warning'), 'warning'), ...(infos > 0 ? [`${infos} info`] : [])].join(', ')
}

type Props = {
  diagnostics: readonly Diagnostic[]
  /** The list's accessible name, e.g. "Problems of the import". */
  label: string
  /** The file a diagnostic without `file` belongs to. */
  defaultFile?: string
}

/** The validator's diagnostics as a plain list: where (file:line:column), severity, message and code. */
export function DiagnosticsList({ diagnostics, label, defaultFile = '' }: Props) {
  if (diagnostics.length === 0) return <p className="problems-none">No problems: the validator found nothing to report.</p>
  return (
    <ul className="diagnostics-list" aria-label={label}>
      {diagnostics.map((d, index) => (
        <li key={`${d.file ?? ''}:${d.line}:${d.column}:${d.code}:${index}`} className={`diagnostic diagnostic-${d.severity}`}>
          <span className="diagnostic-icon" aria-hidden="true">
            {SEVERITY_ICON[d.severity]}
          </span>
          <span className="diagnostic-where">
            <code>{`${d.file ?? defaultFile}:${d.line}:${d.column}`}</code>
          </span>
          <span className="diagnostic-severity">{d.severity}</span>
          <span className="diagnostic-message">{d.message}</span>
          <code className="diagnostic-code">{d.code}</code>
        </li>
      ))}
    </ul>
  )
}
