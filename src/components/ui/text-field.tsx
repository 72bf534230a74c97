import { useId, type InputHTMLAttributes } from 'react'

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange' | 'value'> & {
  label: string
  value: string
  onChange: (value: string) => void
  /** The field's problems (client checks or the server's details for this path); they replace the hint. */
  errors?: readonly string[]
  /** A line under the field while it has no error, e.g. the length rule. */
  hint?: string
}

/**
 * One labelled text input with its problems under it: `aria-invalid` and `aria-describedby`
 * point at the messages, so a screen reader reads them with the field.
 */
export function TextField({ label, value, onChange, errors = [], hint, ...input }: Props) {
  const id = useId()
  const describedBy = `${id}-described`
  const hasErrors = errors.length > 0
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        {...input}
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={hasErrors || undefined}
        aria-describedby={hasErrors || hint ? describedBy : undefined}
      />
      {hasErrors ? (
        <p id={describedBy} className="field-error">
          {errors.join(' ')}
        </p>
      ) : hint ? (
        <p id={describedBy} className="muted small">
          {hint}
        </p>
      ) : null}
    </div>
  )
}
