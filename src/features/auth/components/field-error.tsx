/** A field's messages under it (referenced by the input's `aria-describedby`); nothing when there are none. */
export function FieldError({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null
  return (
    <p id={id} className="field-error">
      {messages.join(' ')}
    </p>
  )
}
