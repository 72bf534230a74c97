import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiPaths, DriftReport } from '../../../../core/api/index.ts'
import { api } from '../../../lib/api-client.ts'
import { stackKeys } from '../../../lib/query-keys.ts'

export function getDrift(envId: string, signal?: AbortSignal): Promise<DriftReport> {
  return api.get(apiPaths.drift(envId), { schema: DriftReport, signal })
}

/**
 * The drift is computed from the running stacks, so it lives under the stack lists' key: every
 * stack or service event (and every stack write of this client) refreshes it with the lists.
 */
export const driftQueryOptions = (envId: string) =>
  queryOptions({ queryKey: stackKeys.list(envId, { view: 'drift' }), queryFn: ({ signal }) => getDrift(envId, signal) })

export const useDrift = (envId: string) => useQuery(driftQueryOptions(envId))
