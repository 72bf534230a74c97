import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiPaths, Probe, type CreateProbe } from '../../../../core/api/index.ts'
import { api } from '../../../lib/api-client.ts'

/** How often a pending probe is asked again: agents answer within a round (lab) or a few seconds (real). */
export const PROBE_POLL_MS = 500

/**
 * A probe's key. It is not under the findings prefix on purpose: events that re-run the checks
 * must not refetch a finished probe; polling while it is pending is what refreshes it.
 */
const probeKey = (envId: string, id: string) => ['probes', envId, 'detail', id] as const

export function postProbe(envId: string, body: CreateProbe): Promise<Probe> {
  return api.post(apiPaths.probes(envId), body, { schema: Probe })
}

export function getProbe(envId: string, id: string, signal?: AbortSignal): Promise<Probe> {
  return api.get(apiPaths.probe(envId, id), { schema: Probe, signal })
}

/** Sends a probe; its answer (pending) seeds the cache so the result view shows at once. */
export function useSendProbe(envId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: CreateProbe) => postProbe(envId, body),
    onSuccess: (probe) => queryClient.setQueryData(probeKey(envId, probe.id), probe),
  })
}

/** One probe, asked again every PROBE_POLL_MS while it is pending; done or expired ends the polling. */
export function useProbe(envId: string, id: string | null) {
  return useQuery({
    queryKey: probeKey(envId, id ?? ''),
    queryFn: ({ signal }) => getProbe(envId, id!, signal),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data?.state === 'pending' ? PROBE_POLL_MS : false),
  })
}
