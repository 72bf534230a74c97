import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { apiPaths, Matrix, MatrixCell, Trace, type TraceRequest } from '../../../../core/api/index.ts'
import { api } from '../../../lib/api-client.ts'
import { reachabilityKeys } from '../../../lib/query-keys.ts'

export function getMatrix(envId: string, signal?: AbortSignal): Promise<Matrix> {
  return api.get(apiPaths.diagnosticsMatrix(envId), { schema: Matrix, signal })
}

export function getMatrixCell(envId: string, from: string, to: string, signal?: AbortSignal): Promise<MatrixCell> {
  return api.get(apiPaths.diagnosticsMatrixCell(envId, from, to), { schema: MatrixCell, signal })
}

export function postTrace(envId: string, body: TraceRequest, signal?: AbortSignal): Promise<Trace> {
  return api.post(apiPaths.diagnosticsTrace(envId), body, { schema: Trace, signal })
}

// Both keys live under the findings prefix (src/lib/query-keys.ts): the events that re-run the
// checks (findings, hosts, containers, networks, stacks) refresh the matrix and an open trace.
export const matrixQueryOptions = (envId: string) =>
  queryOptions({
    queryKey: reachabilityKeys.matrix(envId),
    queryFn: ({ signal }) => getMatrix(envId, signal),
    placeholderData: keepPreviousData,
  })

export const useMatrix = (envId: string) => useQuery(matrixQueryOptions(envId))

/** A trace is a read: asking again answers from the facts of now. Disabled until both ends are chosen. */
export function useTrace(envId: string, request: TraceRequest | null) {
  return useQuery({
    queryKey: reachabilityKeys.trace(envId, request?.from ?? '', request?.to ?? '', request?.port ?? null),
    queryFn: ({ signal }) => postTrace(envId, request!, signal),
    enabled: request !== null,
  })
}

/**
 * What one cell stands on, fetched when it is hovered, focused or clicked. Kept a few seconds so
 * sweeping the pointer back and forth does not ask again; live events refresh it like the matrix.
 */
export const matrixCellQueryOptions = (envId: string, from: string, to: string) =>
  queryOptions({
    queryKey: reachabilityKeys.cell(envId, from, to),
    queryFn: ({ signal }) => getMatrixCell(envId, from, to, signal),
    staleTime: 5_000,
  })

export function useMatrixCell(envId: string, pair: { from: string; to: string } | null) {
  return useQuery({ ...matrixCellQueryOptions(envId, pair?.from ?? '', pair?.to ?? ''), enabled: pair !== null })
}
