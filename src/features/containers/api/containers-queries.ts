import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiPaths, Container } from '../../../../core/api/index.ts'
import { api, fetchAllPages } from '../../../lib/api-client.ts'
import { containerKeys } from '../../../lib/query-keys.ts'

/** Every container of the environment, 500 a page. Not parsed item by item: lists run to 10,000 rows. */
export function getAllContainers(envId: string, signal?: AbortSignal): Promise<Container[]> {
  return fetchAllPages<Container>(apiPaths.containers(envId), { limit: 500, signal })
}

/** The containers on one host (`?hostId=`), 500 a page; a host holds few enough to check each one. */
export function getHostContainers(envId: string, hostId: string, signal?: AbortSignal): Promise<Container[]> {
  return fetchAllPages(apiPaths.containers(envId), { itemSchema: Container, limit: 500, query: { hostId }, signal })
}

export function getContainer(envId: string, id: string, signal?: AbortSignal): Promise<Container> {
  return api.get(apiPaths.container(envId, id), { schema: Container, signal })
}

export const containersQueryOptions = (envId: string) =>
  queryOptions({ queryKey: containerKeys.list(envId, { all: true }), queryFn: ({ signal }) => getAllContainers(envId, signal) })

export const hostContainersQueryOptions = (envId: string, hostId: string) =>
  queryOptions({ queryKey: containerKeys.list(envId, { hostId }), queryFn: ({ signal }) => getHostContainers(envId, hostId, signal) })

export const containerQueryOptions = (envId: string, id: string) =>
  queryOptions({ queryKey: containerKeys.detail(envId, id), queryFn: ({ signal }) => getContainer(envId, id, signal) })

export const useContainers = (envId: string) => useQuery(containersQueryOptions(envId))
export const useHostContainers = (envId: string, hostId: string) => useQuery(hostContainersQueryOptions(envId, hostId))
export const useContainer = (envId: string, id: string) => useQuery(containerQueryOptions(envId, id))
