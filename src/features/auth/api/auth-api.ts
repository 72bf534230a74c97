import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiPaths, Me, type LoginRequest } from '../../../../core/api/index.ts'
import { paths } from '../../../config/paths.ts'
import { api, setCsrfToken } from '../../../lib/api-client.ts'
import { resumeLiveUpdates } from '../../../lib/live-updates.ts'

export const authKeys = {
  all: ['auth'] as const,
  me: () => [...authKeys.all, 'me'] as const,
}

/** Who is signed in; keeps the session's CSRF token for the API client. */
export async function fetchMe(signal?: AbortSignal): Promise<Me> {
  const me = await api.get(apiPaths.me(), { schema: Me, signal })
  setCsrfToken(me.csrfToken)
  return me
}

export async function login(input: LoginRequest): Promise<Me> {
  // A 401 here is the form's answer (wrong username or password), not a reason to leave the page.
  const me = await api.post(apiPaths.login(), input, { schema: Me, redirectOnUnauthenticated: false })
  setCsrfToken(me.csrfToken)
  return me
}

export async function logout(): Promise<void> {
  try {
    await api.post(apiPaths.logout(), undefined, { redirectOnUnauthenticated: false })
  } finally {
    setCsrfToken(null)
  }
}

export function changePassword(input: { currentPassword: string; newPassword: string }): Promise<void> {
  // A wrong current password must show at the form, even if the server answers it with 401.
  return api.post(apiPaths.password(), input, { redirectOnUnauthenticated: false })
}

export const meQueryOptions = () => ({
  queryKey: authKeys.me(),
  queryFn: ({ signal }: { signal: AbortSignal }) => fetchMe(signal),
  // Read once per page load; signing in sets it, signing out reloads the page.
  staleTime: Infinity,
})

export function useMe() {
  return useQuery(meQueryOptions())
}

/** Signs in; forgets whatever the cache held from before (another account, 401 answers). */
export function useLogin() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: login,
    onSuccess: (me) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== authKeys.all[0] })
      queryClient.setQueryData(authKeys.me(), me)
      resumeLiveUpdates()
    },
  })
}

/** Signs out and loads the sign-in page afresh, so nothing of the session stays in memory (cache, event stream). */
export function useLogout(afterLogout: () => void = () => window.location.assign(paths.login.href())) {
  return useMutation({
    mutationFn: logout,
    onSettled: afterLogout,
  })
}

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword })
}

/**
 * Who is signed in as far as the cache knows, without asking the server (the app reads it
 * before any page shows; a component tested alone sees undefined and hides nothing).
 */
export function useCachedMe(): Me | undefined {
  return useQuery({ ...meQueryOptions(), enabled: false }).data
}
