import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiPaths, Host } from '../../../../core/api/index.ts'
import { api, fetchAllPages } from '../../../lib/api-client.ts'
import { hostKeys } from '../../../lib/query-keys.ts'

export function getHosts(envId: string, signal?: AbortSignal): Promise<Host[]> {
  return fetchAllPages(apiPaths.hosts(envId), { itemSchema: Host, signal })
}

export function getHost(envId: string, id: string, signal?: AbortSignal): Promise<Host> {
  return api.get(apiPaths.host(envId, id), { schema: Host, signal })
}

export const hostsQueryOptions = (envId: string) =>
  queryOptions({ queryKey: hostKeys.list(envId), queryFn: ({ signal }) => getHosts(envId, signal) })

export const useHosts = (envId: string) => useQuery(hostsQueryOptions(envId))

export const hostQueryOptions = (envId: string, id: string) =>
  queryOptions({ queryKey: hostKeys.detail(envId, id), queryFn: ({ signal }) => getHost(envId, id, signal) })

export const useHost = (envId: string, id: string) => useQuery(hostQueryOptions(envId, id))
