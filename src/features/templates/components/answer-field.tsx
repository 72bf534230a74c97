import { useId, type ReactNode } from 'react'
import type { Question } from '../../../../core/api/index.ts'
import { answerKind, type AnswerKind } from '../../../../core/templates/rules.ts'

type Props = {
  question: Question
  /** The answer as the template stores it; '' when unset (the default applies). */
  value: string
  onChange: (value: string) => void
  /** Live and server messages for this answer. */
  errors: string[]
}

const PLACEHOLDER: Partial<Record<AnswerKind, string>> = { cidr: '10.42.0.0/16', ipv4: '10.42.0.2' }
const KIND_HINT: Partial<Record<AnswerKind, string>> = {
  cidr: 'A subnet in CIDR notation, e.g. 10.42.0.0/16.',
  ipv4: 'An IPv4 address, e.g. 10.42.0.2.',
}

/**
 * One question of a catalog version as a form field of the kind answerKind gives it (CIDR,
 * IPv4, bounded number, checkbox, select, password, textarea, text). The label is the
 * question's; the hint under it names the variable, explains it and gives the default that an
 * empty answer takes.
 */
export function AnswerField({ question: q, value, onChange, errors }: Props) {
  const id = useId()
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const kind = answerKind(q)
  const invalid = errors.length > 0 || undefined
  const describedBy = errors.length > 0 ? `${hintId} ${errorId}` : hintId
  const common = { id, 'aria-invalid': invalid, 'aria-describedby': describedBy } as const
  const placeholder = q.default || PLACEHOLDER[kind] || undefined

  let control: ReactNode
  switch (kind) {
    case 'int':
      control = (
        <input
          {...common}
          type="number"
          inputMode="numeric"
          step={1}
          min={q.min}
          max={q.max}
          placeholder={placeholder}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )
      break
    case 'boolean':
      // Unanswered, the box shows the default.
      control = (
        <input
          {...common}
          type="checkbox"
          checked={(value || q.default || 'false') === 'true'}
          onChange={(e) => onChange(e.target.checked ? 'true' : 'false')}
        />
      )
      break
    case 'enum':
      control = (
        <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{q.default ? `Default (${q.default})` : '(not set)'}</option>
          {(q.options ?? []).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      )
      break
    case 'password':
      control = <input {...common} type="password" autoComplete="new-password" value={value} onChange={(e) => onChange(e.target.value)} />
      break
    case 'multiline':
      control = (
        <textarea
          {...common}
          rows={4}
          spellCheck={false}
          placeholder={placeholder}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )
      break
    default:
      control = (
        <input
          {...common}
          type="text"
          autoComplete="off"
          spellCheck={false}
          inputMode={kind === 'cidr' || kind === 'ipv4' ? 'decimal' : undefined}
          placeholder={placeholder}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )
  }

  // The label is the question's label alone (no required mark inside it), so it names the field exactly.
  const label = <label htmlFor={id}>{q.label}</label>
  const bounds = q.min !== undefined || q.max !== undefined ? ` From ${q.min ?? '…'} to ${q.max ?? '…'}.` : ''
  const hasDefault = q.default !== undefined && q.default !== ''
  const fallback = hasDefault
    ? ` Default: ${q.default}${kind === 'boolean' ? '' : ' (when left empty)'}.`
    : q.required && kind !== 'boolean'
      ? ' Required.'
      : ''
  return (
    <div className={`field answer-field${kind === 'multiline' ? ' answer-field-wide' : ''}`}>
      {kind === 'boolean' ? (
        <div className="field-check">
          {control}
          {label}
        </div>
      ) : (
        <>
          {label}
          {control}
        </>
      )}
      <p id={hintId} className="muted small">
        <code>{q.variable}</code>
        {q.description ? ` · ${q.description}` : ''} {KIND_HINT[kind] ?? ''}
        {bounds}
        {fallback}
      </p>
      {errors.length > 0 && (
        <ul id={errorId} className="field-error">
          {errors.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  )
}
