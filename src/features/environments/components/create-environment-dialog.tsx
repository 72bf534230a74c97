import { useId, useState, type FormEvent } from 'react'
import { Link } from 'wouter'
import type { Environment } from '../../../../core/api/index.ts'
import { Dialog } from '../../../components/ui/dialog.tsx'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { Loading } from '../../../components/ui/loading.tsx'
import { paths } from '../../../config/paths.ts'
import { ApiError, fieldMessages } from '../../../lib/api-error.ts'
import { useCreateEnvironment } from '../api/environments-mutations.ts'
import { useTemplates } from '../api/environments-queries.ts'
import { EnvironmentProgress } from './environment-progress.tsx'

const DEFAULT_TEMPLATE_NAME = 'Cattle'
const FIELDS = ['name', 'environmentTemplateId'] as const

function FieldError({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null
  return (
    <p id={id} className="field-error">
      {messages.join(' ')}
    </p>
  )
}

/**
 * After creation the dialog stays to show the environment coming up (stacks, network, hosts),
 * live, with a way to add a lab host and to open the environment.
 */
function Created({ environment, onClose }: { environment: Environment; onClose: () => void }) {
  return (
    <div className="form">
      <p>
        Environment <strong>{environment.name}</strong> created
        {environment.templateName ? ` from template ${environment.templateName}` : ''}.
      </p>
      <EnvironmentProgress envId={environment.id} />
      <div className="form-actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
        <Link href={paths.overview.href(environment.id)} className="button button-primary">
          Open the environment
        </Link>
      </div>
    </div>
  )
}

function CreateEnvironmentForm({
  initialTemplateId,
  onCancel,
  onCreated,
}: {
  initialTemplateId: string | null
  onCancel: () => void
  onCreated: (environment: Environment) => void
}) {
  const templates = useTemplates()
  const create = useCreateEnvironment()
  const [name, setName] = useState('')
  const [templateId, setTemplateId] = useState('')
  const nameId = useId()
  const templateFieldId = useId()
  const nameErrorId = useId()
  const templateErrorId = useId()

  // Until the operator picks one, the template the dialog was opened for (when it exists), else
  // the template named "Cattle", is selected.
  const preselectedTemplateId = templates.data?.find((t) => t.id === initialTemplateId)?.id
  const defaultTemplateId =
    preselectedTemplateId ?? (templates.data?.find((t) => t.name === DEFAULT_TEMPLATE_NAME) ?? templates.data?.[0])?.id ?? ''
  const selectedTemplateId = templateId || defaultTemplateId

  const error = create.error
  const apiError = error instanceof ApiError ? error : null
  // A conflict or bad reference may come with or without field details; show it once, at its field.
  const withCode = (messages: string[], code: string) =>
    messages.length === 0 && apiError?.code === code ? [apiError.message] : messages
  const nameErrors = withCode(fieldMessages(error, 'name'), 'NAME_TAKEN')
  const templateErrors = withCode(fieldMessages(error, 'environmentTemplateId'), 'REFERENCE_NOT_FOUND')
  const otherDetails = apiError?.fieldErrors.filter((d) => !(FIELDS as readonly string[]).includes(d.path)) ?? []
  const generalError = error && nameErrors.length === 0 && templateErrors.length === 0 && otherDetails.length === 0 ? error : null

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault()
    create.mutate(
      { name: name.trim(), environmentTemplateId: selectedTemplateId },
      { onSuccess: onCreated },
    )
  }

  if (templates.isPending) return <Loading label="Loading environment templates…" />
  if (templates.isError) return <ErrorPanel title="Could not load environment templates" error={templates.error} onRetry={() => void templates.refetch()} />

  return (
    <form onSubmit={handleSubmit} noValidate className="form">
      <div className="field">
        <label htmlFor={nameId}>Name</label>
        <input
          id={nameId}
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={63}
          autoComplete="off"
          autoFocus
          aria-invalid={nameErrors.length > 0 || undefined}
          aria-describedby={nameErrors.length > 0 ? nameErrorId : undefined}
        />
        <FieldError id={nameErrorId} messages={nameErrors} />
      </div>
      <div className="field">
        <label htmlFor={templateFieldId}>Environment template</label>
        <select
          id={templateFieldId}
          value={selectedTemplateId}
          onChange={(e) => setTemplateId(e.target.value)}
          aria-invalid={templateErrors.length > 0 || undefined}
          aria-describedby={templateErrors.length > 0 ? templateErrorId : undefined}
        >
          {templates.data.length === 0 && <option value="">No environment templates</option>}
          {templates.data.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
        <FieldError id={templateErrorId} messages={templateErrors} />
        {templates.data.find((t) => t.id === selectedTemplateId)?.description && (
          <p className="muted small">{templates.data.find((t) => t.id === selectedTemplateId)?.description}</p>
        )}
      </div>
      {otherDetails.length > 0 && (
        <ul className="field-error" role="alert">
          {otherDetails.map((d) => (
            <li key={`${d.path}:${d.message}`}>
              {d.path ? <code>{d.path}</code> : null} {d.message}
            </li>
          ))}
        </ul>
      )}
      {generalError && <ErrorPanel title="Could not create the environment" error={generalError} />}
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create environment'}
        </button>
      </div>
    </form>
  )
}

type DialogProps = {
  open: boolean
  /** Environment template selected when the dialog opens (e.g. from a template's page). */
  initialTemplateId?: string | null
  onClose: () => void
}

export function CreateEnvironmentDialog({ open, initialTemplateId = null, onClose }: DialogProps) {
  const [created, setCreated] = useState<Environment | null>(null)
  const close = () => {
    setCreated(null)
    onClose()
  }
  // Closed by the URL (e.g. "Open the environment" navigated away): the next opening starts a new form.
  if (!open && created !== null) setCreated(null)
  return (
    <Dialog open={open} title="Create environment" onClose={close}>
      {created ? (
        <Created environment={created} onClose={close} />
      ) : (
        <CreateEnvironmentForm initialTemplateId={initialTemplateId} onCancel={close} onCreated={setCreated} />
      )}
    </Dialog>
  )
}
