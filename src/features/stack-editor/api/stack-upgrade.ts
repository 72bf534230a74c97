import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiPaths, Stack, StackUpgradePreview, type UpgradeStack } from '../../../../core/api/index.ts'
import { api } from '../../../lib/api-client.ts'
import { ApiError } from '../../../lib/api-error.ts'
import { containerKeys, networkDriverKeys, networkKeys, stackKeys } from '../../../lib/query-keys.ts'
import { stackQueryOptions } from '../../stacks/api/stacks-queries.ts'

/** `POST …/stacks/:id/upgrade-preview`: what the upgrade would change; writes nothing. */
export function previewStackUpgrade(envId: string, stackId: string, body: UpgradeStack, signal?: AbortSignal): Promise<StackUpgradePreview> {
  return api.post(apiPaths.stackUpgradePreview(envId, stackId), body, { schema: StackUpgradePreview, signal })
}

/** `PATCH …/stacks/:id` with `If-Match: <revision>`: the upgraded stack, or 409 REVISION_MISMATCH / READDRESS_REFUSED, 400. */
export function applyStackUpgrade(envId: string, stackId: string, body: UpgradeStack, revision: number): Promise<Stack> {
  return api.patch(apiPaths.stack(envId, stackId), body, { schema: Stack, ifMatch: revision })
}

/** On demand only (the "Apply…" button): every press asks again. */
export const usePreviewStackUpgrade = (envId: string, stackId: string) =>
  useMutation({ mutationFn: (body: UpgradeStack) => previewStackUpgrade(envId, stackId, body) })

export function useApplyStackUpgrade(envId: string, stackId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ body, revision }: { body: UpgradeStack; revision: number }) => applyStackUpgrade(envId, stackId, body, revision),
    onSuccess: (stack) => {
      queryClient.setQueryData(stackKeys.detail(envId, stackId), stack)
      // The driver, its network and the containers on it change with the stack (live events
      // follow, but this page should not wait for them).
      for (const keys of [stackKeys, networkKeys, networkDriverKeys, containerKeys]) {
        void queryClient.invalidateQueries({ queryKey: keys.environment(envId) })
      }
    },
    onError: (error) => {
      if (error instanceof ApiError && error.isRevisionMismatch) void queryClient.invalidateQueries({ queryKey: stackKeys.detail(envId, stackId) })
    },
  })
}

/** The stack as stored now (never from the cache): what "Reload" and "Keep my edits" start from. */
export function useFetchLatestStack(envId: string, stackId: string) {
  const queryClient = useQueryClient()
  return () => queryClient.fetchQuery({ ...stackQueryOptions(envId, stackId), staleTime: 0 })
}
