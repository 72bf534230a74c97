import { useId, useState, type FormEvent } from 'react'
import type { ApiKey, ApiKeyCreated, Environment } from '../../../../core/api/index.ts'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { QueryView } from '../../../components/ui/query-view.tsx'
import { RelativeTime } from '../../../components/ui/relative-time.tsx'
import { Tag } from '../../../components/ui/state-badge.tsx'
import { ApiError, fieldMessages } from '../../../lib/api-error.ts'
import { ConfirmButton } from '../../auth/components/confirm-button.tsx'
import { FieldError } from '../../auth/components/field-error.tsx'
import { useEnvironments } from '../../environments/api/environments-queries.ts'
import { useApiKeys, useCreateApiKey, useRevokeApiKey } from '../api/api-keys-api.ts'
import { ApiKeyCreatedPanel } from './api-key-created.tsx'

/** The account's API keys: list, create (the secret shown once), revoke. */
export function ApiKeysSection() {
  const keys = useApiKeys()
  const environments = useEnvironments()
  const [created, setCreated] = useState<ApiKeyCreated | null>(null)
  return (
    <section className="card" aria-labelledby="api-keys-heading">
      <h2 id="api-keys-heading">API keys</h2>
      <p className="muted small">
        For scripts and command-line use of the API: an access key and a secret sent as HTTP Basic credentials. A key can do what
        your account can do, or be limited to one environment.
      </p>
      {created && <ApiKeyCreatedPanel apiKey={created} onDone={() => setCreated(null)} />}
      <QueryView query={keys} what="API keys">
        {(list) => <ApiKeysTable keys={list} environments={environments.data ?? []} />}
      </QueryView>
      <CreateApiKeyForm environments={environments.data ?? []} onCreated={setCreated} />
    </section>
  )
}

export function ApiKeysTable({ keys, environments }: { keys: ApiKey[]; environments: Environment[] }) {
  const revoke = useRevokeApiKey()
  if (keys.length === 0) return <p className="muted">No API keys yet.</p>
  const nameOf = (envId: string) => environments.find((e) => e.id === envId)?.name ?? envId
  return (
    <div className="table-wrap">
      <table className="table" aria-label="API keys">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Access key</th>
            <th scope="col">Environment</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col">Revoked</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id}>
              <td className="strong">{key.name}</td>
              <td>
                <code>{key.accessKey}</code>
              </td>
              <td>{key.environmentId ? nameOf(key.environmentId) : <span className="muted">all of yours</span>}</td>
              <td>
                <RelativeTime iso={key.createdAt} />
              </td>
              <td>
                <RelativeTime iso={key.lastUsedAt} />
              </td>
              <td>{key.revokedAt ? <RelativeTime iso={key.revokedAt} /> : <span className="muted">no</span>}</td>
              <td>
                {key.revokedAt ? (
                  <Tag>revoked</Tag>
                ) : (
                  <ConfirmButton
                    label="Revoke"
                    ariaLabel={`Revoke ${key.name}`}
                    question={`Revoke “${key.name}”? Scripts using it stop working.`}
                    pending={revoke.isPending && revoke.variables === key.id}
                    onConfirm={() => revoke.mutate(key.id)}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {revoke.isError && <ErrorPanel title="Could not revoke the API key" error={revoke.error} />}
    </div>
  )
}

export function CreateApiKeyForm({ environments, onCreated }: { environments: Environment[]; onCreated: (key: ApiKeyCreated) => void }) {
  const create = useCreateApiKey()
  const [name, setName] = useState('')
  const [environmentId, setEnvironmentId] = useState('')
  const [checked, setChecked] = useState(false)
  const nameId = useId()
  const nameErrorId = useId()
  const envFieldId = useId()
  const envErrorId = useId()

  const error = create.error
  const nameErrors = [...(checked && name.trim() === '' ? ['Give the key a name (what uses it).'] : []), ...fieldMessages(error, 'name')]
  const envErrors = fieldMessages(error, 'environmentId')
  const generalError = error && !(error instanceof ApiError && error.fieldErrors.length > 0) ? error : null

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault()
    setChecked(true)
    if (name.trim() === '') return
    create.mutate(
      { name: name.trim(), environmentId: environmentId || null },
      {
        onSuccess: (key) => {
          setName('')
          setEnvironmentId('')
          setChecked(false)
          onCreated(key)
        },
      },
    )
  }

  return (
    <form onSubmit={handleSubmit} noValidate className="form" aria-labelledby="create-api-key-heading">
      <h3 id="create-api-key-heading">Create API key</h3>
      <div className="field">
        <label htmlFor={nameId}>Name</label>
        <input
          id={nameId}
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={100}
          autoComplete="off"
          placeholder="backup script"
          aria-invalid={nameErrors.length > 0 || undefined}
          aria-describedby={nameErrors.length > 0 ? nameErrorId : undefined}
        />
        <FieldError id={nameErrorId} messages={nameErrors} />
      </div>
      <div className="field">
        <label htmlFor={envFieldId}>Environment (optional)</label>
        <select
          id={envFieldId}
          value={environmentId}
          onChange={(e) => setEnvironmentId(e.target.value)}
          aria-invalid={envErrors.length > 0 || undefined}
          aria-describedby={envErrors.length > 0 ? envErrorId : undefined}
        >
          <option value="">Every environment of this account</option>
          {environments.map((env) => (
            <option key={env.id} value={env.id}>
              {env.name}
            </option>
          ))}
        </select>
        <FieldError id={envErrorId} messages={envErrors} />
      </div>
      {generalError && <ErrorPanel title="Could not create the API key" error={generalError} />}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create API key'}
        </button>
      </div>
    </form>
  )
}
