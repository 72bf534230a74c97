import { useId, useState, type FormEvent } from 'react'
import { Link, useLocation } from 'wouter'
import type { Environment } from '../../../../core/api/index.ts'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { paths } from '../../../config/paths.ts'
import { ApiError, fieldMessages } from '../../../lib/api-error.ts'
import { formatDateTime } from '../../../lib/format.ts'
import { useDeleteEnvironment, useUpdateEnvironment } from '../api/environments-mutations.ts'
import { TemplateProvenance } from './template-provenance.tsx'

export function EnvironmentDetails({ environment }: { environment: Environment }) {
  return (
    <section className="card" aria-labelledby="provenance-heading">
      <h2 id="provenance-heading">Provenance</h2>
      <p>
        <TemplateProvenance
          environmentTemplateId={environment.environmentTemplateId}
          templateName={environment.templateName}
          templateRevision={environment.templateRevision}
        />
      </p>
      <p className="muted small">
        The template is used once, at creation: changing it later does not change this environment. The{' '}
        <Link href={paths.stacks.href(environment.id)}>Stacks screen</Link> shows where the running stacks differ from it. To
        switch network driver, create a new environment.
      </p>
      <dl className="facts">
        <div>
          <dt>ID</dt>
          <dd>
            <code>{environment.id}</code>
          </dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDateTime(environment.createdAt)}</dd>
        </div>
        <div>
          <dt>Revision</dt>
          <dd>{environment.revision}</dd>
        </div>
      </dl>
    </section>
  )
}

/** The operator's edits and the version they started from; null while nothing is edited. */
type Draft = { name: string; description: string; base: Environment }

export function RenameEnvironmentForm({ environment }: { environment: Environment }) {
  const update = useUpdateEnvironment(environment.id)
  const [draft, setDraft] = useState<Draft | null>(null)
  const [saved, setSaved] = useState(false)
  const nameId = useId()
  const descriptionId = useId()
  const nameErrorId = useId()
  const descriptionErrorId = useId()

  // Without edits the form follows the cache (live changes included); with edits it keeps them.
  const dirty = draft !== null && (draft.name !== draft.base.name || draft.description !== draft.base.description)
  const base = dirty ? draft.base : environment
  const name = dirty ? draft.name : environment.name
  const description = dirty ? draft.description : environment.description
  const edit = (change: Partial<Pick<Draft, 'name' | 'description'>>) => {
    setSaved(false)
    setDraft({ name, description, base, ...change })
  }

  const error = update.error
  const apiError = error instanceof ApiError ? error : null
  const mismatch = apiError?.isRevisionMismatch ? apiError : null
  const nameFieldErrors = fieldMessages(error, 'name')
  const nameErrors = nameFieldErrors.length === 0 && apiError?.code === 'NAME_TAKEN' ? [apiError.message] : nameFieldErrors
  const descriptionErrors = fieldMessages(error, 'description')
  const generalError = error && !mismatch && nameErrors.length === 0 && descriptionErrors.length === 0 ? error : null
  const changedElsewhere = dirty && environment.revision > base.revision

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault()
    setSaved(false)
    const input: { name?: string; description?: string } = {}
    if (name !== base.name) input.name = name.trim()
    if (description !== base.description) input.description = description
    update.mutate(
      { input, revision: base.revision },
      {
        onSuccess: () => {
          setDraft(null)
          setSaved(true)
        },
      },
    )
  }

  const handleReload = () => {
    update.reset()
    setSaved(false)
    setDraft(null)
  }

  return (
    <section className="card" aria-labelledby="rename-heading">
      <h2 id="rename-heading">General</h2>
      <form onSubmit={handleSubmit} noValidate className="form">
        <div className="field">
          <label htmlFor={nameId}>Name</label>
          <input
            id={nameId}
            value={name}
            onChange={(e) => edit({ name: e.target.value })}
            maxLength={63}
            required
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
        <div className="field">
          <label htmlFor={descriptionId}>Description</label>
          <textarea
            id={descriptionId}
            value={description}
            onChange={(e) => edit({ description: e.target.value })}
            maxLength={1000}
            rows={3}
            aria-invalid={descriptionErrors.length > 0 || undefined}
            aria-describedby={descriptionErrors.length > 0 ? descriptionErrorId : undefined}
          />
          {descriptionErrors.length > 0 && (
            <p id={descriptionErrorId} className="field-error">
              {descriptionErrors.join(' ')}
            </p>
          )}
        </div>
        {changedElsewhere && !mismatch && (
          <p className="panel panel-warning">
            Someone changed this environment while you were editing (revision {base.revision} → {environment.revision}). Saving
            will be refused; reload to start from their version.
          </p>
        )}
        {mismatch && (
          <div className="panel panel-error" role="alert">
            <p className="panel-title">Not saved: the environment was changed by someone else</p>
            <p>
              You edited revision {base.revision}
              {mismatch.currentRevision !== null ? `, it is now at revision ${mismatch.currentRevision}` : ''}. {mismatch.message}
            </p>
            <p className="muted small">
              <code>{mismatch.code}</code> · HTTP {mismatch.status}
            </p>
            <button type="button" className="button" onClick={handleReload}>
              Reload the current version
            </button>
          </div>
        )}
        {generalError && <ErrorPanel title="Could not save the environment" error={generalError} />}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={!dirty || update.isPending}>
            {update.isPending ? 'Saving…' : 'Save'}
          </button>
          <span role="status" className="muted small">
            {saved && !dirty ? 'Saved.' : ''}
          </span>
        </div>
      </form>
    </section>
  )
}

export function DeleteEnvironmentForm({ environment }: { environment: Environment }) {
  const remove = useDeleteEnvironment(environment.id)
  const [, navigate] = useLocation()
  const [confirmation, setConfirmation] = useState('')
  const confirmId = useId()
  const matches = confirmation === environment.name

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault()
    if (!matches) return
    remove.mutate(undefined, { onSuccess: () => navigate(paths.home.href(), { replace: true }) })
  }

  return (
    <section className="card card-danger" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete environment</h2>
      <p>Deleting removes the environment with its infrastructure stacks, network, hosts and containers. It cannot be undone.</p>
      <form onSubmit={handleSubmit} className="form">
        <div className="field">
          <label htmlFor={confirmId}>
            Type <strong>{environment.name}</strong> to confirm
          </label>
          <input id={confirmId} value={confirmation} onChange={(e) => setConfirmation(e.target.value)} autoComplete="off" spellCheck={false} />
        </div>
        {remove.error && <ErrorPanel title="Could not delete the environment" error={remove.error} />}
        <div className="form-actions">
          <button type="submit" className="button button-danger" disabled={!matches || remove.isPending}>
            {remove.isPending ? 'Deleting…' : 'Delete environment'}
          </button>
        </div>
      </form>
    </section>
  )
}
