import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiPaths, Network, NetworkDriver } from '../../../../core/api/index.ts'
import { api, fetchAllPages } from '../../../lib/api-client.ts'
import { networkDriverKeys, networkKeys } from '../../../lib/query-keys.ts'

export function getNetworks(envId: string, signal?: AbortSignal): Promise<Network[]> {
  return fetchAllPages(apiPaths.networks(envId), { itemSchema: Network, signal })
}

export function getNetwork(envId: string, id: string, signal?: AbortSignal): Promise<Network> {
  return api.get(apiPaths.network(envId, id), { schema: Network, signal })
}

export function getNetworkDrivers(envId: string, signal?: AbortSignal): Promise<NetworkDriver[]> {
  return fetchAllPages(apiPaths.networkDrivers(envId), { itemSchema: NetworkDriver, signal })
}

export const networksQueryOptions = (envId: string) =>
  queryOptions({ queryKey: networkKeys.list(envId), queryFn: ({ signal }) => getNetworks(envId, signal) })

export const networkDriversQueryOptions = (envId: string) =>
  queryOptions({ queryKey: networkDriverKeys.list(envId), queryFn: ({ signal }) => getNetworkDrivers(envId, signal) })

export const useNetworks = (envId: string) => useQuery(networksQueryOptions(envId))
export const useNetworkDrivers = (envId: string) => useQuery(networkDriversQueryOptions(envId))

export const networkQueryOptions = (envId: string, id: string) =>
  queryOptions({ queryKey: networkKeys.detail(envId, id), queryFn: ({ signal }) => getNetwork(envId, id, signal) })

export const useNetwork = (envId: string, id: string) => useQuery(networkQueryOptions(envId, id))
