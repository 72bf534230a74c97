import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiPaths, EnvironmentTemplate, type TemplateInput } from '../../../../core/api/index.ts'
import { api, apiRequest } from '../../../lib/api-client.ts'
import { ApiError } from '../../../lib/api-error.ts'
import { templateKeys } from '../../../lib/query-keys.ts'

export function createTemplate(input: TemplateInput): Promise<EnvironmentTemplate> {
  return api.post(apiPaths.templates(), input, { schema: EnvironmentTemplate })
}

/** PUT: a whole replacement, refused with 409 REVISION_MISMATCH when someone saved since `revision`. */
export function replaceTemplate(id: string, input: TemplateInput, revision: number): Promise<EnvironmentTemplate> {
  return apiRequest(apiPaths.template(id), { method: 'PUT', body: input, ifMatch: revision, schema: EnvironmentTemplate })
}

export function deleteTemplate(id: string): Promise<void> {
  return api.delete(apiPaths.template(id))
}

function useCacheSaved() {
  const queryClient = useQueryClient()
  return (template: EnvironmentTemplate) => {
    queryClient.setQueryData(templateKeys.detail(template.id), template)
    queryClient.setQueryData<EnvironmentTemplate[]>(templateKeys.list(), (old) =>
      old ? (old.some((t) => t.id === template.id) ? old.map((t) => (t.id === template.id ? template : t)) : [...old, template]) : old,
    )
    void queryClient.invalidateQueries({ queryKey: templateKeys.lists() })
  }
}

export function useCreateTemplate() {
  const cacheSaved = useCacheSaved()
  return useMutation({ mutationFn: createTemplate, onSuccess: cacheSaved })
}

export function useReplaceTemplate(id: string) {
  const queryClient = useQueryClient()
  const cacheSaved = useCacheSaved()
  return useMutation({
    mutationFn: ({ input, revision }: { input: TemplateInput; revision: number }) => replaceTemplate(id, input, revision),
    onSuccess: cacheSaved,
    onError: (error) => {
      // Someone saved first: fetch their version, so "load the latest" shows it.
      if (error instanceof ApiError && error.isRevisionMismatch) void queryClient.invalidateQueries({ queryKey: templateKeys.detail(id) })
    },
  })
}

export function useDeleteTemplate(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => deleteTemplate(id),
    onSuccess: () => {
      queryClient.setQueryData<EnvironmentTemplate[]>(templateKeys.list(), (old) => old?.filter((t) => t.id !== id))
      // A page still showing it must not refetch it into a 404 before it navigates away.
      void queryClient.invalidateQueries({ queryKey: templateKeys.detail(id), refetchType: 'none' })
      queryClient.removeQueries({ queryKey: templateKeys.detail(id), type: 'inactive' })
      void queryClient.invalidateQueries({ queryKey: templateKeys.lists() })
    },
  })
}
