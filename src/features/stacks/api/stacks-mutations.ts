import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { apiPaths, Stack, type CreateStack } from '../../../../core/api/index.ts'
import { api } from '../../../lib/api-client.ts'
import { containerKeys, environmentKeys, findingKeys, networkDriverKeys, networkKeys, stackKeys } from '../../../lib/query-keys.ts'

/** `DELETE …/stacks/:id[?force=true]`: the stack (removing), or 409 DRIVER_IN_USE naming the containers on its network. */
export function removeStack(envId: string, id: string, force: boolean): Promise<Stack> {
  return api.delete(apiPaths.stack(envId, id), { schema: Stack, query: force ? { force: 'true' } : undefined })
}

/** `POST …/stacks`: an infrastructure stack from the catalog (e.g. a network driver again after a forced removal). */
export function createStack(envId: string, body: CreateStack): Promise<Stack> {
  return api.post(apiPaths.stacks(envId), body, { schema: Stack })
}

/**
 * Adding or removing an infrastructure stack changes what hangs off it: the network driver and
 * its network, the containers' networking, the environment's default network, the findings.
 * Live events follow, but the screen the operator acted on should not wait for them.
 */
function refreshAfterStackChange(queryClient: QueryClient, envId: string) {
  for (const keys of [stackKeys, networkKeys, networkDriverKeys, containerKeys, findingKeys]) {
    void queryClient.invalidateQueries({ queryKey: keys.environment(envId) })
  }
  void queryClient.invalidateQueries({ queryKey: environmentKeys.detail(envId) })
}

export function useRemoveStack(envId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, force }: { id: string; force: boolean }) => removeStack(envId, id, force),
    onSuccess: (stack) => {
      queryClient.setQueryData(stackKeys.detail(envId, stack.id), stack)
      refreshAfterStackChange(queryClient, envId)
    },
  })
}

export function useCreateStack(envId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateStack) => createStack(envId, body),
    onSuccess: (stack) => {
      queryClient.setQueryData(stackKeys.detail(envId, stack.id), stack)
      refreshAfterStackChange(queryClient, envId)
    },
  })
}
