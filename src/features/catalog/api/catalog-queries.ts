import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiPaths, CatalogTemplate } from '../../../../core/api/index.ts'
import { api, fetchAllPages } from '../../../lib/api-client.ts'
import { catalogKeys } from '../../../lib/query-keys.ts'

export function getCatalog(signal?: AbortSignal): Promise<CatalogTemplate[]> {
  return fetchAllPages(apiPaths.catalog(), { itemSchema: CatalogTemplate, signal })
}

export function getCatalogTemplate(id: string, signal?: AbortSignal): Promise<CatalogTemplate> {
  return api.get(apiPaths.catalogTemplate(id), { schema: CatalogTemplate, signal })
}

export const catalogQueryOptions = () => queryOptions({ queryKey: catalogKeys.list(), queryFn: ({ signal }) => getCatalog(signal) })

export const catalogTemplateQueryOptions = (id: string) =>
  queryOptions({ queryKey: catalogKeys.detail(id), queryFn: ({ signal }) => getCatalogTemplate(id, signal) })

export const useCatalog = () => useQuery(catalogQueryOptions())
export const useCatalogTemplate = (id: string) => useQuery(catalogTemplateQueryOptions(id))
