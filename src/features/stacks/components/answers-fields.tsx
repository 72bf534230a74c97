import { useId, type ReactNode } from 'react'
import type { Answers, ErrorDetail, Question } from '../../../../core/api/index.ts'
import { answerKind, type AnswerKind } from '../../../../core/templates/rules.ts'

/** What a CIDR or IPv4 answer looks like, as the input's example. */
const EXAMPLE: Partial<Record<AnswerKind, string>> = { cidr: 'e.g. 10.42.0.0/16', ipv4: 'e.g. 10.42.0.2' }

type FieldProps = { question: Question; value: string; onChange: (value: string) => void; errors: string[] }

function AnswerField({ question: q, value, onChange, errors }: FieldProps) {
  const id = useId()
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const kind = answerKind(q)
  const common = {
    id,
    'aria-invalid': errors.length > 0 || undefined,
    'aria-describedby': errors.length > 0 ? `${hintId} ${errorId}` : hintId,
    required: kind !== 'boolean' && q.required,
  } as const

  let control: ReactNode
  switch (kind) {
    case 'int':
      control = <input {...common} type="number" inputMode="numeric" step={1} min={q.min} max={q.max} value={value} onChange={(e) => onChange(e.target.value)} />
      break
    case 'boolean':
      control = <input {...common} type="checkbox" checked={value === 'true'} onChange={(e) => onChange(e.target.checked ? 'true' : 'false')} />
      break
    case 'enum':
      control = (
        <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
          {!(q.options ?? []).includes(value) && <option value="">(not set)</option>}
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
      control = <textarea {...common} rows={3} spellCheck={false} value={value} onChange={(e) => onChange(e.target.value)} />
      break
    default:
      control = (
        <input
          {...common}
          type="text"
          autoComplete="off"
          spellCheck={false}
          placeholder={EXAMPLE[kind]}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )
  }

  const label = (
    <label htmlFor={id}>
      {q.label}
      {q.required && kind !== 'boolean' && (
        <span className="required-mark" aria-hidden="true">
          {' '}
          *
        </span>
      )}
    </label>
  )
  const bounds = q.min !== undefined || q.max !== undefined ? ` · ${q.min ?? '…'} – ${q.max ?? '…'}` : ''
  const fallback = value === '' && q.default ? ` · Empty: the default ${q.default} applies.` : ''
  return (
    <div className="field answer-field">
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
        <code>{q.variable}</code> · {kind}
        {bounds}
        {q.description ? ` · ${q.description}` : ''}
        {fallback}
      </p>
      {errors.length > 0 && (
        <p id={errorId} className="field-error">
          {errors.join(' ')}
        </p>
      )}
    </div>
  )
}

type Props = {
  questions: readonly Question[]
  values: Answers
  onChange: (variable: string, value: string) => void
  /** Problems with paths `answers.VARIABLE` (the shared rules in the browser, or the server's 400). */
  errors: readonly ErrorDetail[]
}

/**
 * The inputs for a catalog version's questions with their real types (a CIDR or IPv4 text
 * input, numbers with bounds, checkboxes, choices); each field shows its own problems.
 */
export function AnswersFields({ questions, values, onChange, errors }: Props) {
  if (questions.length === 0) return <p className="muted">This version asks no questions.</p>
  return (
    <div className="answers-form">
      {questions.map((q) => (
        <AnswerField
          key={q.variable}
          question={q}
          value={values[q.variable] ?? ''}
          onChange={(value) => onChange(q.variable, value)}
          errors={errors.filter((e) => e.path === `answers.${q.variable}`).map((e) => e.message)}
        />
      ))}
    </div>
  )
}
