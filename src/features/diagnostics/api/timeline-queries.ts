import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query'
import { apiPaths, TimelineList, type List, type TimelineEvent } from '../../../../core/api/index.ts'
import { api } from '../../../lib/api-client.ts'
import { reachabilityKeys } from '../../../lib/query-keys.ts'

export const TIMELINE_PAGE_SIZE = 50

export function getTimeline(envId: string, cursor: string | null, signal?: AbortSignal): Promise<List<TimelineEvent>> {
  return api.get(apiPaths.diagnosticsTimeline(envId), {
    schema: TimelineList,
    query: { limit: TIMELINE_PAGE_SIZE, cursor: cursor ?? undefined },
    signal,
  })
}

/**
 * The network timeline, newest first, one page per "Load older". The key sits under the findings
 * prefix, so the change events that re-run the checks refresh it; a refresh refetches the first
 * page and follows each page's fresh cursor, so no event falls between two pages.
 */
export const timelineQueryOptions = (envId: string) =>
  infiniteQueryOptions({
    queryKey: reachabilityKeys.timeline(envId),
    queryFn: ({ pageParam, signal }) => getTimeline(envId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  })

export const useTimeline = (envId: string) => useInfiniteQuery(timelineQueryOptions(envId))
