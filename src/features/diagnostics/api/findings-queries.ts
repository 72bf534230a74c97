import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiPaths, FindingsList } from '../../../../core/api/index.ts'
import { api } from '../../../lib/api-client.ts'
import { findingKeys } from '../../../lib/query-keys.ts'

/** The checklist, run by the server when asked: every call is a fresh run. */
export function getFindings(envId: string, signal?: AbortSignal): Promise<FindingsList> {
  return api.get(apiPaths.findings(envId), { schema: FindingsList, signal })
}

// Live events on hosts, containers, networks, stacks and findings invalidate this key
// (src/lib/live-updates.ts), so an open page re-runs the checks when what they read changes.
export const findingsQueryOptions = (envId: string) =>
  queryOptions({ queryKey: findingKeys.list(envId), queryFn: ({ signal }) => getFindings(envId, signal) })

export const useFindings = (envId: string) => useQuery(findingsQueryOptions(envId))
