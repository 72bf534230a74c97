import { useState } from 'react'

type Props = {
  /** The button's text ("Remove", "Revoke"). */
  label: string
  /** Its accessible name when the text alone is ambiguous in a table ("Remove bob"). */
  ariaLabel?: string
  /** The question shown before acting ("Remove bob from this environment?"). */
  question: string
  pending?: boolean
  disabled?: boolean
  onConfirm: () => void
}

/** A destructive action that asks first, in place: the button turns into the question with "Yes" and "Cancel". */
export function ConfirmButton({ label, ariaLabel, question, pending = false, disabled = false, onConfirm }: Props) {
  const [asking, setAsking] = useState(false)
  if (!asking) {
    return (
      <button type="button" className="button button-small" aria-label={ariaLabel} disabled={disabled || pending} onClick={() => setAsking(true)}>
        {pending ? `${label}…` : label}
      </button>
    )
  }
  return (
    <span role="group" aria-label={question}>
      <span className="small">{question}</span>{' '}
      <button
        type="button"
        className="button button-small button-danger"
        onClick={() => {
          setAsking(false)
          onConfirm()
        }}
      >
        Yes, {label.toLowerCase()}
      </button>{' '}
      <button type="button" className="button button-small" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  )
}
