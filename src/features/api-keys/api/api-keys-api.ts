import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ApiKey, ApiKeyCreated, apiPaths, listOf, type CreateApiKey } from '../../../../core/api/index.ts'
import { api } from '../../../lib/api-client.ts'

export const apiKeyKeys = {
  all: ['apiKeys'] as const,
  list: () => [...apiKeyKeys.all, 'list'] as const,
}

const ApiKeyList = listOf(ApiKey)

export async function fetchApiKeys(signal?: AbortSignal): Promise<ApiKey[]> {
  return (await api.get(apiPaths.apiKeys(), { schema: ApiKeyList, signal })).items
}

/** Answers the secret once: Paddock keeps only its hash. */
export function createApiKey(input: CreateApiKey): Promise<ApiKeyCreated> {
  return api.post(apiPaths.apiKeys(), input, { schema: ApiKeyCreated })
}

export function revokeApiKey(id: string): Promise<void> {
  return api.delete(apiPaths.apiKey(id))
}

export function useApiKeys() {
  return useQuery({ queryKey: apiKeyKeys.list(), queryFn: ({ signal }) => fetchApiKeys(signal) })
}

export function useCreateApiKey() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createApiKey,
    onSuccess: (created) => {
      // the list never holds the secret
      const { secret: _secret, ...key } = created
      queryClient.setQueryData<ApiKey[]>(apiKeyKeys.list(), (old) => (old && !old.some((k) => k.id === key.id) ? [...old, key] : old))
      void queryClient.invalidateQueries({ queryKey: apiKeyKeys.all })
    },
  })
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: revokeApiKey,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  })
}
