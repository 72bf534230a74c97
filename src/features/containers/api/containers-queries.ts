import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiPaths, type Container } from '../../../../core/api/index.ts'
import { fetchAllPages } from '../../../lib/api-client.ts'
import { containerKeys } from '../../../lib/query-keys.ts'

/** Every container of the environment, 500 a page. Not parsed item by item: lists run to 10,000 rows. */
export function getAllContainers(envId: string, signal?: AbortSignal): Promise<Container[]> {
  return fetchAllPages<Container>(apiPaths.containers(envId), { limit: 500, signal })
}

export const containersQueryOptions = (envId: string) =>
  queryOptions({ queryKey: containerKeys.list(envId, { all: true }), queryFn: ({ signal }) => getAllContainers(envId, signal) })

export const useContainers = (envId: string) => useQuery(containersQueryOptions(envId))
