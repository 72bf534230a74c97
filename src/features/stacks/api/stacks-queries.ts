import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiPaths, Stack } from '../../../../core/api/index.ts'
import { api, fetchAllPages } from '../../../lib/api-client.ts'
import { stackKeys } from '../../../lib/query-keys.ts'

export function getStacks(envId: string, signal?: AbortSignal): Promise<Stack[]> {
  return fetchAllPages(apiPaths.stacks(envId), { itemSchema: Stack, signal })
}

export function getStack(envId: string, id: string, signal?: AbortSignal): Promise<Stack> {
  return api.get(apiPaths.stack(envId, id), { schema: Stack, signal })
}

export const stacksQueryOptions = (envId: string) =>
  queryOptions({ queryKey: stackKeys.list(envId), queryFn: ({ signal }) => getStacks(envId, signal) })

export const useStacks = (envId: string) => useQuery(stacksQueryOptions(envId))

export const stackQueryOptions = (envId: string, id: string) =>
  queryOptions({ queryKey: stackKeys.detail(envId, id), queryFn: ({ signal }) => getStack(envId, id, signal) })

export const useStack = (envId: string, id: string) => useQuery(stackQueryOptions(envId, id))
