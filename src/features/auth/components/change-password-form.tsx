import { useId, useState, type FormEvent } from 'react'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { ApiError, fieldMessages } from '../../../lib/api-error.ts'
import { useChangePassword } from '../api/auth-api.ts'

const MIN_LENGTH = 12

function FieldError({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null
  return (
    <p id={id} className="field-error">
      {messages.join(' ')}
    </p>
  )
}

/** Current password, new password twice; 12 characters or more. Shows the server's field errors at their fields. */
export function ChangePasswordForm() {
  const change = useChangePassword()
  const [currentPassword, setCurrentPassword] = useState('')
  const [newPassword, setNewPassword] = useState('')
  const [confirm, setConfirm] = useState('')
  const [checked, setChecked] = useState(false)
  const [done, setDone] = useState(false)
  const currentId = useId()
  const newId = useId()
  const confirmId = useId()
  const currentErrorId = useId()
  const newErrorId = useId()
  const confirmErrorId = useId()

  const error = change.error
  const apiError = error instanceof ApiError ? error : null
  // A wrong current password may come as a 401/403 without field details: show it at its field.
  const wrongCurrent = apiError !== null && (apiError.status === 401 || apiError.status === 403) && apiError.fieldErrors.length === 0
  const currentErrors = [
    ...(checked && currentPassword === '' ? ['Enter your current password.'] : []),
    ...fieldMessages(error, 'currentPassword'),
    ...(wrongCurrent ? ['The current password is not right.'] : []),
  ]
  const newErrors = [
    ...(checked && newPassword.length < MIN_LENGTH ? [`At least ${MIN_LENGTH} characters.`] : []),
    ...fieldMessages(error, 'newPassword'),
  ]
  const confirmErrors = checked && confirm !== newPassword ? ['The two new passwords differ.'] : []
  const otherDetails = apiError?.fieldErrors.filter((d) => d.path !== 'currentPassword' && d.path !== 'newPassword') ?? []
  const generalError = error && !wrongCurrent && (apiError === null || apiError.fieldErrors.length === 0) ? error : null

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault()
    setChecked(true)
    setDone(false)
    if (currentPassword === '' || newPassword.length < MIN_LENGTH || confirm !== newPassword) return
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setCurrentPassword('')
          setNewPassword('')
          setConfirm('')
          setChecked(false)
          setDone(true)
        },
      },
    )
  }

  return (
    <form onSubmit={handleSubmit} noValidate className="form" aria-labelledby="change-password-heading">
      <h2 id="change-password-heading">Change password</h2>
      <div className="field">
        <label htmlFor={currentId}>Current password</label>
        <input
          id={currentId}
          type="password"
          value={currentPassword}
          onChange={(e) => setCurrentPassword(e.target.value)}
          required
          autoComplete="current-password"
          aria-invalid={currentErrors.length > 0 || undefined}
          aria-describedby={currentErrors.length > 0 ? currentErrorId : undefined}
        />
        <FieldError id={currentErrorId} messages={currentErrors} />
      </div>
      <div className="field">
        <label htmlFor={newId}>New password</label>
        <input
          id={newId}
          type="password"
          value={newPassword}
          onChange={(e) => setNewPassword(e.target.value)}
          required
          minLength={MIN_LENGTH}
          autoComplete="new-password"
          aria-invalid={newErrors.length > 0 || undefined}
          aria-describedby={newErrors.length > 0 ? newErrorId : undefined}
        />
        <FieldError id={newErrorId} messages={newErrors} />
        {newErrors.length === 0 && <p className="muted small">At least {MIN_LENGTH} characters.</p>}
      </div>
      <div className="field">
        <label htmlFor={confirmId}>Confirm new password</label>
        <input
          id={confirmId}
          type="password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          required
          autoComplete="new-password"
          aria-invalid={confirmErrors.length > 0 || undefined}
          aria-describedby={confirmErrors.length > 0 ? confirmErrorId : undefined}
        />
        <FieldError id={confirmErrorId} messages={confirmErrors} />
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
      {generalError && <ErrorPanel title="Could not change the password" error={generalError} />}
      {done && (
        <p role="status" className="panel">
          Password changed.
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={change.isPending}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </form>
  )
}
