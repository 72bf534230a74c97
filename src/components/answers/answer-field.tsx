import { useId, type ReactNode } from 'react'
import type { ErrorDetail, Question } from '../../../core/api/index.ts'
import { answerKind, type AnswerKind } from '../../../core/templates/rules.ts'

/** What a CIDR or IPv4 answer looks like: the input's placeholder when the question has no default. */
const EXAMPLE: Partial<Record<AnswerKind, string>> = { cidr: 'e.g. 10.42.0.0/16', ipv4: 'e.g. 10.42.0.2' }
/** The kinds the question type alone does not tell (a "string" that is a CIDR or an address), spelled out in the hint. */
const KIND_HINT: Partial<Record<AnswerKind, string>> = {
  cidr: 'A subnet in CIDR notation, e.g. 10.42.0.0/16.',
  ipv4: 'An IPv4 address, e.g. 10.42.0.2.',
}

export type AnswerFieldProps = {
  question: Question
  /** The answer as a string, as in Rancher; '' means not set (the question's default applies). */
  value: string
  onChange: (value: string) => void
  /** Messages that make the answer invalid (aria-invalid). */
  errors?: readonly string[]
  /** Messages shown under the field that do not make it invalid. */
  warnings?: readonly string[]
  /**
   * The form starts from the defaults, so `value` normally holds one (the catalog page, the
   * Stacks screen). Without it, '' is the usual state of an answer left to its default (the
   * template editor): an enum offers "Default (x)" as a choice, and a required question that
   * has a default is not marked required, since leaving it empty is fine.
   */
  prefilled?: boolean
}

/** "From 68 to 9000", "At least 1000", or '' for a question without bounds. */
function boundsText(q: Question): string {
  if (q.min !== undefined && q.max !== undefined) return `From ${q.min} to ${q.max}`
  if (q.min !== undefined) return `At least ${q.min}`
  if (q.max !== undefined) return `At most ${q.max}`
  return ''
}

/**
 * One question of a catalog version as a form field of the kind answerKind gives it: CIDR and
 * IPv4 text inputs with an example, a number with the question's bounds, a checkbox, a select, a
 * password, a textarea or plain text. Its accessible name is the question's label alone (the
 * required mark sits outside the <label> and is aria-hidden); the hint under it (variable, kind,
 * bounds, description, default) and the messages are linked with aria-describedby, and errors
 * set aria-invalid.
 */
export function AnswerField({ question: q, value, onChange, errors = [], warnings = [], prefilled = false }: AnswerFieldProps) {
  const id = useId()
  const hintId = `${id}-hint`
  const problemsId = `${id}-problems`
  const kind = answerKind(q)
  const hasDefault = q.default !== undefined && q.default !== ''
  // A boolean is always answered (checked or not). Elsewhere `required` means an answer must be
  // there: always once the form is prefilled, else only when no default stands in for an empty one.
  const required = q.required && kind !== 'boolean' && (prefilled || !hasDefault)
  const hasProblems = errors.length + warnings.length > 0
  const common = {
    id,
    required,
    'aria-invalid': errors.length > 0 || undefined,
    'aria-describedby': hasProblems ? `${hintId} ${problemsId}` : hintId,
  } as const
  // The default is what an empty answer takes, so it is the best placeholder; else an example.
  const placeholder = (hasDefault ? q.default : EXAMPLE[kind]) || undefined
  const change = (e: { target: { value: string } }) => onChange(e.target.value)

  let control: ReactNode
  switch (kind) {
    case 'int':
      control = <input {...common} type="number" inputMode="numeric" step={1} min={q.min} max={q.max} placeholder={placeholder} value={value} onChange={change} />
      break
    case 'boolean':
      // Unanswered, the box shows the default that applies.
      control = <input {...common} type="checkbox" checked={(value || q.default || 'false') === 'true'} onChange={(e) => onChange(e.target.checked ? 'true' : 'false')} />
      break
    case 'enum': {
      const options = q.options ?? []
      // An empty choice when the answer is none of the options (so the select does not show one it
      // is not), when the question may go unanswered, or when leaving it unset is how the default is kept.
      const emptyChoice = !options.includes(value) || !q.required || (hasDefault && !prefilled)
      control = (
        <select {...common} value={value} onChange={change}>
          {emptyChoice && <option value="">{hasDefault ? `Default (${q.default})` : '(not set)'}</option>}
          {options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      )
      break
    }
    case 'password':
      control = <input {...common} type="password" autoComplete="new-password" value={value} onChange={change} />
      break
    case 'multiline':
      control = <textarea {...common} rows={4} spellCheck={false} placeholder={placeholder} value={value} onChange={change} />
      break
    default:
      // cidr, ipv4 and string. No inputMode="decimal" for addresses: its keypad lacks the "/" of a
      // CIDR and, in some locales, the "." of an address.
      control = <input {...common} type="text" autoComplete="off" spellCheck={false} placeholder={placeholder} value={value} onChange={change} />
  }

  // The label holds the question's label alone, so it names the field exactly ("Subnet", not "Subnet *").
  const label = <label htmlFor={id}>{q.label || q.variable}</label>
  const hint = [
    KIND_HINT[kind] ?? kind,
    boundsText(q),
    q.description ?? '',
    hasDefault ? `Default: ${q.default}${kind === 'boolean' ? '' : ' (when left empty)'}.` : required ? 'Required.' : '',
  ].filter((part) => part !== '')

  return (
    <div className={`field answer-field${kind === 'multiline' ? ' answer-field-wide' : ''}`}>
      {kind === 'boolean' ? (
        <div className="field-check">
          {control}
          {label}
        </div>
      ) : (
        <>
          <div>
            {label}
            {required && (
              <span className="required-mark" aria-hidden="true">
                {' '}
                *
              </span>
            )}
          </div>
          {control}
        </>
      )}
      <p id={hintId} className="muted small">
        <code>{q.variable}</code>
        {hint.map((part) => ` · ${part}`).join('')}
      </p>
      {hasProblems && (
        <ul id={problemsId} className="field-error">
          {errors.map((m, i) => (
            <li key={`e${i}:${m}`}>{m}</li>
          ))}
          {warnings.map((m, i) => (
            <li key={`w${i}:${m}`} className="field-warning">
              Warning: {m}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** The messages of problems whose path is `answers.VARIABLE` (the shared rules, the server's 400). */
export function answerMessages(details: readonly ErrorDetail[], variable: string): string[] {
  return details.filter((d) => d.path === `answers.${variable}`).map((d) => d.message)
}

export type AnswersFieldsProps = {
  questions: readonly Question[]
  /** Answers by variable; a missing one counts as ''. */
  values: Readonly<Record<string, string>>
  onChange: (variable: string, value: string) => void
  /** Problems with paths `answers.VARIABLE`, each shown under its field; other paths are ignored. */
  errors?: readonly ErrorDetail[]
  /** Like errors, but shown as warnings: the field stays valid. */
  warnings?: readonly ErrorDetail[]
  /** See AnswerField. */
  prefilled?: boolean
  /** Names the fields as a group (role=group); without it the grid is a plain container. */
  label?: string
}

/** A version's questions as a grid of answer fields, each with its own problems; nothing when there are no questions. */
export function AnswersFields({ questions, values, onChange, errors = [], warnings = [], prefilled, label }: AnswersFieldsProps) {
  if (questions.length === 0) return null
  return (
    <div className="answers-form" role={label === undefined ? undefined : 'group'} aria-label={label}>
      {questions.map((q) => (
        <AnswerField
          key={q.variable}
          question={q}
          value={values[q.variable] ?? ''}
          onChange={(value) => onChange(q.variable, value)}
          errors={answerMessages(errors, q.variable)}
          warnings={answerMessages(warnings, q.variable)}
          prefilled={prefilled}
        />
      ))}
    </div>
  )
}
