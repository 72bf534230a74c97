import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiPaths, Host, type CreateLabHost } from '../../../../core/api/index.ts'
import { api } from '../../../lib/api-client.ts'
import { environmentKeys, hostKeys } from '../../../lib/query-keys.ts'

export function addLabHost(envId: string, input: CreateLabHost) {
  return api.post(apiPaths.hosts(envId), input, { schema: Host })
}

export function useAddLabHost(envId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: CreateLabHost) => addLabHost(envId, input),
    onSuccess: (host) => {
      // Show it at once; the live event (or this invalidation) brings the rest.
      queryClient.setQueryData<Host[]>(hostKeys.list(envId), (old) =>
        old && !old.some((h) => h.id === host.id) ? [...old, host] : old,
      )
      queryClient.setQueryData(hostKeys.detail(envId, host.id), host)
      void queryClient.invalidateQueries({ queryKey: hostKeys.lists(envId) })
      void queryClient.invalidateQueries({ queryKey: environmentKeys.detail(envId) })
    },
  })
}
