import { useState, type FormEvent } from 'react'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { TextField } from '../../../components/ui/text-field.tsx'
import { ApiError, fieldMessages } from '../../../lib/api-error.ts'
import { useChangePassword } from '../api/auth-api.ts'

const MIN_LENGTH = 12

/** Current password, new password twice; 12 characters or more. Shows the server's field errors at their fields. */
export function ChangePasswordForm() {
  const change = useChangePassword()
  const [currentPassword, setCurrentPassword] = useState('')
  const [newPassword, setNewPassword] = useState('')
  const [confirm, setConfirm] = useState('')
  const [checked, setChecked] = useState(false)
  const [done, setDone] = useState(false)

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
      <TextField
        label="Current password"
        type="password"
        value={currentPassword}
        onChange={setCurrentPassword}
        required
        autoComplete="current-password"
        errors={currentErrors}
      />
      <TextField
        label="New password"
        type="password"
        value={newPassword}
        onChange={setNewPassword}
        required
        minLength={MIN_LENGTH}
        autoComplete="new-password"
        errors={newErrors}
        hint={`At least ${MIN_LENGTH} characters.`}
      />
      <TextField label="Confirm new password" type="password" value={confirm} onChange={setConfirm} required autoComplete="new-password" errors={confirmErrors} />
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
