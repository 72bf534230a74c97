import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiPaths, Stack } from '../../../../core/api/index.ts'
import { fetchAllPages } from '../../../lib/api-client.ts'
import { stackKeys } from '../../../lib/query-keys.ts'

export function getStacks(envId: string, signal?: AbortSignal): Promise<Stack[]> {
  return fetchAllPages(apiPaths.stacks(envId), { itemSchema: Stack, signal })
}

export const stacksQueryOptions = (envId: string) =>
  queryOptions({ queryKey: stackKeys.list(envId), queryFn: ({ signal }) => getStacks(envId, signal) })

export const useStacks = (envId: string) => useQuery(stacksQueryOptions(envId))
