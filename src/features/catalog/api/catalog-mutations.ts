import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiPaths, CatalogTemplate, type ImportCatalogTemplate } from '../../../../core/api/index.ts'
import { api } from '../../../lib/api-client.ts'
import { catalogKeys } from '../../../lib/query-keys.ts'

export function importCatalogTemplate(input: ImportCatalogTemplate): Promise<CatalogTemplate> {
  return api.post(apiPaths.catalog(), input, { schema: CatalogTemplate })
}

export function deleteCatalogTemplate(id: string): Promise<void> {
  return api.delete(apiPaths.catalogTemplate(id))
}

/** `POST /catalog`; the answer is the template's page data, and every catalog list refetches. */
export function useImportCatalogTemplate() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: importCatalogTemplate,
    onSuccess: (template) => {
      queryClient.setQueryData(catalogKeys.detail(template.id), template)
      void queryClient.invalidateQueries({ queryKey: catalogKeys.lists() })
    },
  })
}

export function useDeleteCatalogTemplate(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => deleteCatalogTemplate(id),
    onSuccess: () => {
      queryClient.setQueryData<CatalogTemplate[]>(catalogKeys.list(), (old) => old?.filter((t) => t.id !== id))
      // The page that deleted it is still mounted until it navigates away: no refetch (a 404) now,
      // but the cached copy is stale for anyone who comes back.
      void queryClient.invalidateQueries({ queryKey: catalogKeys.detail(id), refetchType: 'none' })
      queryClient.removeQueries({ queryKey: catalogKeys.detail(id), type: 'inactive' })
      void queryClient.invalidateQueries({ queryKey: catalogKeys.lists() })
    },
  })
}
