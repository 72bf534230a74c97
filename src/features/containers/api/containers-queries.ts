import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { apiPaths, Container, type ContainerCreate } from '../../../../core/api/index.ts'
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

export function createContainer(envId: string, body: ContainerCreate): Promise<Container> {
  return api.post(apiPaths.containers(envId), body, { schema: Container })
}

export function stopContainer(envId: string, id: string): Promise<Container> {
  return api.post(apiPaths.containerStop(envId, id), undefined, { schema: Container })
}

export function startContainer(envId: string, id: string): Promise<Container> {
  return api.post(apiPaths.containerStart(envId, id), undefined, { schema: Container })
}

export function removeContainer(envId: string, id: string): Promise<Container> {
  return api.delete(apiPaths.container(envId, id), { schema: Container })
}

/**
 * The answer is the container as it now is: show it at once, and refetch the lists (which also
 * carry it) rather than patching rows that may be filtered or paged. The live stream refreshes
 * the rest (hosts' and networks' counts) when its change event arrives.
 */
function storeContainer(queryClient: QueryClient, container: Container) {
  queryClient.setQueryData(containerKeys.detail(container.environmentId, container.id), container)
  void queryClient.invalidateQueries({ queryKey: containerKeys.lists(container.environmentId) })
}

export function useCreateContainer(envId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: ContainerCreate) => createContainer(envId, body),
    onSuccess: (container) => storeContainer(queryClient, container),
  })
}

export type ContainerAction = 'stop' | 'start' | 'remove'

const ACTIONS: Record<ContainerAction, (envId: string, id: string) => Promise<Container>> = {
  stop: stopContainer,
  start: startContainer,
  remove: removeContainer,
}

/**
 * Stop, start or remove one container. No `If-Match`: each sets a desired state, so repeating
 * one is harmless, while agent reports bump the revision often enough to make it a nuisance.
 */
export function useContainerAction(envId: string, id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (action: ContainerAction) => ACTIONS[action](envId, id),
    onSuccess: (container) => storeContainer(queryClient, container),
  })
}
