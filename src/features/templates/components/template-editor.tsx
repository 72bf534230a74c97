import { useId, useMemo, useRef, useState, type FormEvent } from 'react'
import { Link } from 'wouter'
import type { CatalogTemplate, EnvironmentTemplate, ErrorDetail } from '../../../../core/api/index.ts'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { paths } from '../../../config/paths.ts'
import { ApiError } from '../../../lib/api-error.ts'
import { useCreateTemplate, useReplaceTemplate } from '../api/templates-mutations.ts'
import { changedFields, countErrors, liveErrorsOf, mergeErrors } from '../utils/live-errors.ts'
import { inputOf, type TemplateDraft } from '../utils/template-draft.ts'
import { mapTemplateErrors, noErrors } from '../utils/template-errors.ts'
import { TemplateStackChoices } from './template-stack-choices.tsx'

type Props = {
  initial: TemplateDraft
  catalog: CatalogTemplate[]
  /** The template being edited (saved with PUT and its revision); absent for a new one (POST). */
  template?: EnvironmentTemplate
  onSaved: (template: EnvironmentTemplate) => void
  /** "Load their version" after a conflict: the page starts the editor again on the latest revision. */
  onReload?: () => void
  cancelHref: string
}

/** What the server answered to the last save, with the stack names in the order they were sent. */
type ServerAnswer = { error: unknown; sentNames: string[] }

function FieldErrors({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null
  return (
    <ul id={id} className="field-error">
      {messages.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  )
}

/**
 * The environment template editor: name, description, visibility and the infrastructure stacks
 * by category, with the server's rules checked as the operator edits (the same functions the
 * server runs) and the server's answer to a save mapped back onto the fields it names.
 */
export function TemplateEditor({ initial, catalog, template, onSaved, onReload, cancelHref }: Props) {
  const ids = useId()
  const [draft, setDraft] = useState(initial)
  const [attempted, setAttempted] = useState(false)
  const [server, setServer] = useState<ServerAnswer | null>(null)
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set())
  const [revision, setRevision] = useState(template?.revision ?? 0)
  const summaryRef = useRef<HTMLDivElement>(null)
  const create = useCreateTemplate()
  const replace = useReplaceTemplate(template?.id ?? '')
  const pending = create.isPending || replace.isPending

  const update = (next: TemplateDraft) => {
    const changed = changedFields(draft, next)
    if (server && changed.length > 0) setEdited((prev) => new Set([...prev, ...changed]))
    setDraft(next)
  }

  const live = useMemo(() => liveErrorsOf(draft, catalog), [draft, catalog])
  const apiError = server?.error instanceof ApiError ? server.error : null
  const serverErrors = useMemo(() => {
    if (!apiError || !server) return noErrors()
    const details: ErrorDetail[] = apiError.fieldErrors
    const mapped = mapTemplateErrors(details, server.sentNames)
    // A conflict on the name may come without details: show it at the name all the same.
    if (apiError.code === 'NAME_TAKEN' && !mapped.fields.name) mapped.fields.name = [apiError.message]
    return mapped
  }, [apiError, server])
  const errors = mergeErrors(live.errors, serverErrors, edited)
  const nameMissing = draft.name.trim() === ''
  if (attempted && nameMissing) errors.fields.name = ['A template needs a name.', ...(errors.fields.name ?? [])]
  // Both rules about the stacks as a whole (one driver; Network Services with a driver) concern the Networking choice.
  const networkingErrors = [
    ...new Set([...errors.stacks, ...(apiError?.code === 'MULTIPLE_NETWORK_DRIVERS' && !edited.has('stacks') ? [apiError.message] : [])]),
  ]
  const liveCount = countErrors(live.errors) + (nameMissing ? 1 : 0)

  const save = (atRevision: number) => {
    const input = inputOf(draft)
    const sentNames = input.stacks.map((s) => s.name)
    const handlers = {
      onSuccess: (saved: EnvironmentTemplate) => onSaved(saved),
      onError: (error: unknown) => {
        setServer({ error, sentNames })
        setEdited(new Set())
      },
    }
    setServer(null)
    if (template) replace.mutate({ input, revision: atRevision }, handlers)
    else create.mutate(input, handlers)
  }

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault()
    setAttempted(true)
    if (liveCount > 0) {
      summaryRef.current?.focus()
      return
    }
    save(revision)
  }

  const saveOver = () => {
    const current = apiError?.currentRevision ?? revision
    setRevision(current)
    save(current)
  }

  const mapped = errors.other.length === 0 && countErrors(serverErrors) > 0
  const handledCodes = new Set(['REVISION_MISMATCH', 'BUILTIN_READ_ONLY', 'MULTIPLE_NETWORK_DRIVERS', 'NAME_TAKEN'])
  const generalError = server && !mapped && !(apiError && handledCodes.has(apiError.code)) ? server.error : null
  const nameErrors = errors.fields.name ?? []
  const descriptionErrors = errors.fields.description ?? []

  return (
    <form
      onSubmit={handleSubmit}
      noValidate
      className="template-editor"
      aria-label={template ? `Edit template ${template.name}` : 'New environment template'}
    >
      <section className="card" aria-labelledby={`${ids}-general`}>
        <h2 id={`${ids}-general`}>Template</h2>
        <div className="form">
          <div className="field">
            <label htmlFor={`${ids}-name`}>Name</label>
            <input
              id={`${ids}-name`}
              value={draft.name}
              onChange={(e) => update({ ...draft, name: e.target.value })}
              required
              maxLength={63}
              autoComplete="off"
              aria-invalid={nameErrors.length > 0 || undefined}
              aria-describedby={nameErrors.length > 0 ? `${ids}-name-error` : undefined}
            />
            <FieldErrors id={`${ids}-name-error`} messages={nameErrors} />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-description`}>Description</label>
            <textarea
              id={`${ids}-description`}
              rows={2}
              maxLength={1000}
              value={draft.description}
              onChange={(e) => update({ ...draft, description: e.target.value })}
              aria-invalid={descriptionErrors.length > 0 || undefined}
              aria-describedby={descriptionErrors.length > 0 ? `${ids}-description-error` : undefined}
            />
            <FieldErrors id={`${ids}-description-error`} messages={descriptionErrors} />
          </div>
          <div className="field">
            <div className="field-check">
              <input
                id={`${ids}-public`}
                type="checkbox"
                checked={draft.isPublic}
                onChange={(e) => update({ ...draft, isPublic: e.target.checked })}
                aria-describedby={`${ids}-public-hint`}
              />
              <label htmlFor={`${ids}-public`}>Public</label>
            </div>
            <p id={`${ids}-public-hint`} className="muted small">
              Anyone can create environments from a public template; a private one is for its owner.
            </p>
          </div>
        </div>
      </section>

      <section className="card" aria-labelledby={`${ids}-stacks`}>
        <h2 id={`${ids}-stacks`}>Infrastructure stacks</h2>
        <p className="muted">
          Every environment created from this template gets these stacks, deployed with these versions and answers. Editing the template
          later changes no environment already created.
        </p>
        <TemplateStackChoices
          draft={draft}
          catalog={catalog}
          errors={errors}
          networkingErrors={networkingErrors}
          onChange={update}
          editorKey={template?.id ?? 'new'}
        />
      </section>

      <div ref={summaryRef} tabIndex={-1} className="form-summary">
        {attempted && liveCount > 0 && (
          <p className="field-error" role="alert">
            {liveCount === 1 ? 'Fix the problem marked above before saving.' : `Fix the ${liveCount} problems marked above before saving.`}
          </p>
        )}
        {errors.other.length > 0 && (
          <ul className="field-error" role="alert">
            {errors.other.map((d) => (
              <li key={`${d.path}:${d.message}`}>
                {d.path && <code>{d.path}</code>} {d.message}
              </li>
            ))}
          </ul>
        )}
        {apiError?.code === 'REVISION_MISMATCH' && (
          <div className="panel panel-warning" role="alert">
            <p className="panel-title">
              Someone saved this template since you opened it
              {apiError.currentRevision !== null ? ` (it is at revision ${apiError.currentRevision} now)` : ''}.
            </p>
            <div className="toolbar">
              {onReload && (
                <button type="button" className="button" onClick={onReload}>
                  Load their version (drops your changes)
                </button>
              )}
              <button type="button" className="button" onClick={saveOver} disabled={pending}>
                Save mine over theirs
              </button>
            </div>
          </div>
        )}
        {apiError?.code === 'BUILTIN_READ_ONLY' && template && (
          <div className="panel panel-warning" role="alert">
            <p className="panel-title">{apiError.message}</p>
            <p>
              Built-in templates ship with Paddock and cannot be changed.{' '}
              <Link href={paths.templateNew.href({ from: template.id })}>Copy it</Link> into a new template instead.
            </p>
          </div>
        )}
        {generalError !== null && <ErrorPanel title="Could not save the template" error={generalError} />}
      </div>

      <div className="form-actions">
        <Link href={cancelHref} className="button">
          Cancel
        </Link>
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? 'Saving…' : 'Save template'}
        </button>
      </div>
    </form>
  )
}
