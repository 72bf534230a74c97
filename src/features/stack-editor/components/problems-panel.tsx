import { useId, useRef, useState, type KeyboardEvent } from 'react'
import type { Diagnostic } from '../../../../core/api/index.ts'
import { countBySeverity } from '../utils/markers.ts'

const SEVERITY_TEXT = { error: 'Error', warning: 'Warning', info: 'Info' } as const
const SEVERITY_ICON = { error: '✖', warning: '▲', info: 'ℹ' } as const

export function countsText(diagnostics: Diagnostic[]): string {
  const { errors, warnings, infos } = countBySeverity(diagnostics)
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
  return [plural(errors, 'error'), plural(warnings, 'warning'), ...(infos > 0 ? [`${infos} info`] : [])].join(', ')
}

type Props = {
  /** In the order to list them (see sortDiagnostics). */
  diagnostics: Diagnostic[]
  /** The file a diagnostic without `file` belongs to. */
  defaultFile: string
  /** Shows the diagnostic's range selected in its file's editor. */
  onReveal: (diagnostic: Diagnostic) => void
  /** While the first validation has not run. */
  pending?: boolean
}

/**
 * Every diagnostic of the validator, one button each: click, Enter or Space reveals and selects
 * its range in the right file. The list is one tab stop; arrow keys, Home and End move within it.
 */
export function ProblemsPanel({ diagnostics, defaultFile, onReveal, pending = false }: Props) {
  const headingId = useId()
  const [active, setActive] = useState(0)
  const buttons = useRef<Array<HTMLButtonElement | null>>([])
  const current = Math.min(active, Math.max(0, diagnostics.length - 1))

  const focusAt = (index: number) => {
    const next = Math.min(Math.max(0, index), diagnostics.length - 1)
    setActive(next)
    buttons.current[next]?.focus()
  }

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault()
        focusAt(index + 1)
        break
      case 'ArrowUp':
        event.preventDefault()
        focusAt(index - 1)
        break
      case 'Home':
        event.preventDefault()
        focusAt(0)
        break
      case 'End':
        event.preventDefault()
        focusAt(diagnostics.length - 1)
        break
      case 'Enter':
        // Handled here (not by the button's synthetic click) so it is the same in every browser.
        event.preventDefault()
        setActive(index)
        onReveal(diagnostics[index])
        break
    }
  }

  return (
    <section className="card problems" aria-labelledby={headingId}>
      <div className="card-header">
        <h2 id={headingId}>Problems</h2>
        {!pending && <span className="muted">{countsText(diagnostics)}</span>}
      </div>
      {pending ? (
        <p className="muted">Validating…</p>
      ) : diagnostics.length === 0 ? (
        <p className="problems-none">No problems: the validator found nothing to report.</p>
      ) : (
        <ul className="problems-list" aria-label="Problems">
          {diagnostics.map((d, index) => (
            <li key={`${d.file ?? ''}:${d.line}:${d.column}:${d.code}:${index}`}>
              <button
                type="button"
                ref={(el) => {
                  buttons.current[index] = el
                }}
                className={`problem problem-${d.severity}`}
                tabIndex={index === current ? 0 : -1}
                onClick={() => {
                  setActive(index)
                  onReveal(d)
                }}
                onKeyDown={(event) => onKeyDown(event, index)}
                onFocus={() => setActive(index)}
              >
                <span className="problem-icon" aria-hidden="true">
                  {SEVERITY_ICON[d.severity]}
                </span>
                <span className="visually-hidden">{SEVERITY_TEXT[d.severity]}</span>
                <span className="problem-where">
                  <code>{d.file ?? defaultFile}</code> <span className="nowrap">{`${d.line}:${d.column}`}</span>
                </span>
                <span className="problem-message">{d.message}</span>
                <code className="problem-code">{d.code}</code>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
