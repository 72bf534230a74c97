import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiPaths, Host } from '../../../../core/api/index.ts'
import { fetchAllPages } from '../../../lib/api-client.ts'
import { hostKeys } from '../../../lib/query-keys.ts'

export function getHosts(envId: string, signal?: AbortSignal): Promise<Host[]> {
  return fetchAllPages(apiPaths.hosts(envId), { itemSchema: Host, signal })
}

export const hostsQueryOptions = (envId: string) =>
  queryOptions({ queryKey: hostKeys.list(envId), queryFn: ({ signal }) => getHosts(envId, signal) })

export const useHosts = (envId: string) => useQuery(hostsQueryOptions(envId))
