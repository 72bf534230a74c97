import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiPaths, type Container, Network, NetworkDriver } from '../../../../core/api/index.ts'
import { api, fetchAllPages } from '../../../lib/api-client.ts'
import { containerKeys, networkDriverKeys, networkKeys } from '../../../lib/query-keys.ts'

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

/**
 * The containers whose network mode resolved to this network (`?networkId=`), 500 a page. Not
 * parsed item by item, like the environment's list: the default network can hold every container.
 * Keyed under the containers lists, so container change events refresh it.
 */
export function getNetworkContainers(envId: string, networkId: string, signal?: AbortSignal): Promise<Container[]> {
  return fetchAllPages<Container>(apiPaths.containers(envId), { limit: 500, query: { networkId }, signal })
}

export const networkContainersQueryOptions = (envId: string, networkId: string) =>
  queryOptions({ queryKey: containerKeys.list(envId, { networkId }), queryFn: ({ signal }) => getNetworkContainers(envId, networkId, signal) })

export const useNetworkContainers = (envId: string, networkId: string) => useQuery(networkContainersQueryOptions(envId, networkId))
