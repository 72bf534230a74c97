import { useLocation, useSearchParams } from 'wouter'
import { LoginForm } from '../../features/auth/components/login-form.tsx'
import { safeNextPath } from '../../features/auth/next-path.ts'
import { useDocumentTitle } from '../../lib/use-document-title.ts'

/** `/login?next=<path>`: signs in, then goes to `next` (a path of this app only). */
export function LoginPage() {
  useDocumentTitle('Sign in')
  const [searchParams] = useSearchParams()
  const [, navigate] = useLocation()
  const next = safeNextPath(searchParams.get('next'))
  return (
    <section className="login-page" aria-labelledby="login-heading">
      <h1 id="login-heading">Sign in to Paddock</h1>
      <LoginForm onSignedIn={() => navigate(next, { replace: true })} />
    </section>
  )
}

export default LoginPage
