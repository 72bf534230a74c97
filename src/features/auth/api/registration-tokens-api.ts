import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiPaths, RegistrationTokenCreated, RegistrationTokenList } from '../../../../core/api/index.ts'
import { api } from '../../../lib/api-client.ts'

export const registrationTokenKeys = {
  all: ['registrationTokens'] as const,
  list: (environmentId: string) => [...registrationTokenKeys.all, environmentId] as const,
}

export async function fetchRegistrationTokens(envId: string, signal?: AbortSignal) {
  return (await api.get(apiPaths.registrationTokens(envId), { schema: RegistrationTokenList, signal })).items
}

/** Rotates: a new token (answered once) and the previous active one revoked. */
export function rotateRegistrationToken(envId: string): Promise<RegistrationTokenCreated> {
  return api.post(apiPaths.registrationTokens(envId), undefined, { schema: RegistrationTokenCreated })
}

export function revokeRegistrationToken(envId: string, id: string): Promise<void> {
  return api.delete(apiPaths.registrationToken(envId, id))
}

export function useRegistrationTokens(envId: string, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: registrationTokenKeys.list(envId),
    queryFn: ({ signal }) => fetchRegistrationTokens(envId, signal),
    enabled: options.enabled ?? true,
  })
}

export function useRotateRegistrationToken(envId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => rotateRegistrationToken(envId),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: registrationTokenKeys.list(envId) }),
  })
}

export function useRevokeRegistrationToken(envId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => revokeRegistrationToken(envId, id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: registrationTokenKeys.list(envId) }),
  })
}
