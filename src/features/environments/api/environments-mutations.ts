import { useMutation, useQueryClient } from '@tanstack/react-query'
import {
  apiPaths,
  Environment,
  type CreateEnvironment,
  type UpdateEnvironment,
} from '../../../../core/api/index.ts'
import { api } from '../../../lib/api-client.ts'
import { ApiError } from '../../../lib/api-error.ts'
import { ENVIRONMENT_SCOPED_KEYS, environmentKeys } from '../../../lib/query-keys.ts'

export function createEnvironment(input: Pick<CreateEnvironment, 'name' | 'environmentTemplateId'> & { description?: string }) {
  return api.post(apiPaths.environments(), input, { schema: Environment })
}

export function updateEnvironment(envId: string, input: UpdateEnvironment, revision: number) {
  return api.patch(apiPaths.environment(envId), input, { schema: Environment, ifMatch: revision })
}

export function deleteEnvironment(envId: string) {
  return api.delete(apiPaths.environment(envId))
}

export function useCreateEnvironment() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createEnvironment,
    onSuccess: (environment) => {
      queryClient.setQueryData(environmentKeys.detail(environment.id), environment)
      queryClient.setQueryData<Environment[]>(environmentKeys.list(), (old) =>
        old && !old.some((e) => e.id === environment.id) ? [...old, environment] : old,
      )
      void queryClient.invalidateQueries({ queryKey: environmentKeys.lists() })
    },
  })
}

export function useUpdateEnvironment(envId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ input, revision }: { input: UpdateEnvironment; revision: number }) => updateEnvironment(envId, input, revision),
    onSuccess: (environment) => {
      queryClient.setQueryData(environmentKeys.detail(envId), environment)
      void queryClient.invalidateQueries({ queryKey: environmentKeys.lists() })
    },
    onError: (error) => {
      // Someone else saved first: fetch their version so "reload" shows it.
      if (error instanceof ApiError && error.isRevisionMismatch) {
        void queryClient.invalidateQueries({ queryKey: environmentKeys.detail(envId) })
      }
    },
  })
}

export function useDeleteEnvironment(envId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => deleteEnvironment(envId),
    onSuccess: () => {
      // Drop it from the list at once, so "/" does not redirect back to it.
      queryClient.setQueryData<Environment[]>(environmentKeys.list(), (old) => old?.filter((e) => e.id !== envId))
      void queryClient.invalidateQueries({ queryKey: environmentKeys.lists() })
      for (const keys of ENVIRONMENT_SCOPED_KEYS) queryClient.removeQueries({ queryKey: keys.environment(envId), type: 'inactive' })
    },
  })
}
