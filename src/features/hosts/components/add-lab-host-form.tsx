import { useId, useState, type FormEvent } from 'react'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { ApiError, fieldMessages } from '../../../lib/api-error.ts'
import { useAddLabHost } from '../api/hosts-mutations.ts'

/** Adds a simulated host; it registers through the agent API like any other. */
export function AddLabHostForm({ envId }: { envId: string }) {
  const addLabHost = useAddLabHost(envId)
  const [name, setName] = useState('')
  const [added, setAdded] = useState<string | null>(null)
  const nameId = useId()
  const nameErrorId = useId()

  const nameErrors = fieldMessages(addLabHost.error, 'name')
  const otherError =
    addLabHost.error && !(addLabHost.error instanceof ApiError && nameErrors.length > 0) ? addLabHost.error : null

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault()
    setAdded(null)
    const trimmed = name.trim()
    addLabHost.mutate(trimmed ? { name: trimmed } : {}, {
      onSuccess: (host) => {
        // Keep whatever was typed while the request ran.
        setName((current) => (current.trim() === trimmed ? '' : current))
        setAdded(host.name)
      },
    })
  }

  return (
    <form className="inline-form" onSubmit={handleSubmit} noValidate>
      <div className="field">
        <label htmlFor={nameId}>Lab host name (optional)</label>
        <input
          id={nameId}
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="generated when empty"
          autoComplete="off"
          aria-invalid={nameErrors.length > 0 || undefined}
          aria-describedby={nameErrors.length > 0 ? nameErrorId : undefined}
        />
        {nameErrors.length > 0 && (
          <p id={nameErrorId} className="field-error">
            {nameErrors.join(' ')}
          </p>
        )}
      </div>
      <button type="submit" className="button button-primary" disabled={addLabHost.isPending}>
        Add lab host
      </button>
      <p role="status" className="muted small">
        {addLabHost.isPending ? 'Adding a lab host…' : added ? `Added lab host ${added}.` : ''}
      </p>
      {otherError && <ErrorPanel title="Could not add a lab host" error={otherError} />}
    </form>
  )
}
