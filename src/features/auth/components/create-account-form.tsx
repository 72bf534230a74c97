import { useId, useState, type FormEvent } from 'react'
import type { Account } from '../../../../core/api/index.ts'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { TextField } from '../../../components/ui/text-field.tsx'
import { ApiError, fieldMessages } from '../../../lib/api-error.ts'
import { useCreateAccount } from '../api/accounts-api.ts'

const MIN_PASSWORD = 12
const FIELDS = ['username', 'displayName', 'password', 'admin'] as const

/** Username, display name, password (12 or more) and "administrator"; the server's field errors show at their fields. */
export function CreateAccountForm({ onCreated }: { onCreated?: (account: Account) => void }) {
  const create = useCreateAccount()
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [password, setPassword] = useState('')
  const [admin, setAdmin] = useState(false)
  const [checked, setChecked] = useState(false)
  const [created, setCreated] = useState<Account | null>(null)
  const adminId = useId()

  const error = create.error
  const apiError = error instanceof ApiError ? error : null
  const usernameErrors = [
    ...(checked && username.trim() === '' ? ['Enter a username.'] : []),
    ...fieldMessages(error, 'username'),
  ]
  // NAME_TAKEN without field details still belongs to the username
  if (apiError?.code === 'NAME_TAKEN' && fieldMessages(error, 'username').length === 0) usernameErrors.push(apiError.message)
  const displayNameErrors = fieldMessages(error, 'displayName')
  const passwordErrors = [
    ...(checked && password.length < MIN_PASSWORD ? [`At least ${MIN_PASSWORD} characters.`] : []),
    ...fieldMessages(error, 'password'),
  ]
  const otherDetails = apiError?.fieldErrors.filter((d) => !(FIELDS as readonly string[]).includes(d.path)) ?? []
  const shownAtFields = apiError !== null && (apiError.fieldErrors.length > 0 || apiError.code === 'NAME_TAKEN')
  const generalError = error && !shownAtFields ? error : null

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault()
    setChecked(true)
    setCreated(null)
    if (username.trim() === '' || password.length < MIN_PASSWORD) return
    create.mutate(
      { username: username.trim(), displayName: displayName.trim(), password, admin },
      {
        onSuccess: (account) => {
          setUsername('')
          setDisplayName('')
          setPassword('')
          setAdmin(false)
          setChecked(false)
          setCreated(account)
          onCreated?.(account)
        },
      },
    )
  }

  return (
    <form onSubmit={handleSubmit} noValidate className="form" aria-labelledby="create-account-heading">
      <h2 id="create-account-heading">Create account</h2>
      <TextField
        label="Username"
        value={username}
        onChange={setUsername}
        required
        maxLength={63}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        errors={usernameErrors}
        hint="Lower-case letters, digits, ., _ and -."
      />
      <TextField label="Display name (optional)" value={displayName} onChange={setDisplayName} maxLength={100} autoComplete="off" errors={displayNameErrors} />
      <TextField
        label="Password"
        type="password"
        value={password}
        onChange={setPassword}
        required
        minLength={MIN_PASSWORD}
        autoComplete="new-password"
        errors={passwordErrors}
        hint={`At least ${MIN_PASSWORD} characters. Give it to the person by a safe channel; they can change it on their Account page.`}
      />
      <div className="field field-check">
        <input id={adminId} type="checkbox" checked={admin} onChange={(e) => setAdmin(e.target.checked)} />
        <label htmlFor={adminId}>Administrator (owner of every environment, manages accounts)</label>
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
      {generalError && <ErrorPanel title="Could not create the account" error={generalError} />}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create account'}
        </button>
        <span role="status" className="muted small">
          {created ? `Account ${created.username} created.` : ''}
        </span>
      </div>
    </form>
  )
}
