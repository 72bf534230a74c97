import type { ReactNode } from 'react'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { Loading } from '../../../components/ui/loading.tsx'
import { ApiError } from '../../../lib/api-error.ts'
import { useMe } from '../api/auth-api.ts'

/**
 * Shows its children once someone is signed in. Without a session the API client has already
 * sent the app to `/login?next=<this page>` (a 401 from `GET /auth/me`).
 */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const me = useMe()
  if (me.isSuccess) return children
  if (me.isError && !(me.error instanceof ApiError && me.error.status === 401)) {
    return <ErrorPanel title="Could not check who is signed in" error={me.error} onRetry={() => void me.refetch()} />
  }
  return <Loading label="Checking your session…" />
}
