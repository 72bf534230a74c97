import { queryOptions, useQuery } from '@tanstack/react-query'
import { apiPaths, LabFault } from '../../../../core/api/index.ts'
import { fetchAllPages } from '../../../lib/api-client.ts'
import { labFaultKeys } from '../../../lib/query-keys.ts'

export function getLabFaults(envId: string, signal?: AbortSignal): Promise<LabFault[]> {
  return fetchAllPages(apiPaths.labFaults(envId), { itemSchema: LabFault, signal })
}

export const labFaultsQueryOptions = (envId: string) =>
  queryOptions({ queryKey: labFaultKeys.list(envId), queryFn: ({ signal }) => getLabFaults(envId, signal) })

export const useLabFaults = (envId: string) => useQuery(labFaultsQueryOptions(envId))
