import { useId, useState, type FormEvent } from 'react'
import type { Me } from '../../../../core/api/index.ts'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { ApiError } from '../../../lib/api-error.ts'
import { useLogin } from '../api/auth-api.ts'

/** Username and password; a 401 says only that the pair is wrong (not which half). */
export function LoginForm({ onSignedIn }: { onSignedIn: (me: Me) => void }) {
  const loginMutation = useLogin()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const usernameId = useId()
  const passwordId = useId()
  const errorId = useId()

  const error = loginMutation.error
  const wrong = error instanceof ApiError && error.status === 401
  const rateLimited = error instanceof ApiError && error.status === 429

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault()
    loginMutation.mutate(
      { username: username.trim(), password },
      {
        onSuccess: (me) => {
          setPassword('')
          onSignedIn(me)
        },
      },
    )
  }

  return (
    <form onSubmit={handleSubmit} className="form" aria-describedby={wrong ? errorId : undefined}>
      <div className="field">
        <label htmlFor={usernameId}>Username</label>
        <input
          id={usernameId}
          name="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
          maxLength={63}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          aria-invalid={wrong || undefined}
        />
      </div>
      <div className="field">
        <label htmlFor={passwordId}>Password</label>
        <input
          id={passwordId}
          name="password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
          maxLength={1024}
          autoComplete="current-password"
          aria-invalid={wrong || undefined}
        />
      </div>
      {wrong && (
        <p id={errorId} className="field-error" role="alert">
          Wrong username or password
        </p>
      )}
      {rateLimited && (
        <p className="field-error" role="alert">
          Too many attempts. Wait a moment and try again.
        </p>
      )}
      {error && !wrong && !rateLimited && <ErrorPanel title="Could not sign in" error={error} />}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={loginMutation.isPending}>
          {loginMutation.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </div>
    </form>
  )
}
