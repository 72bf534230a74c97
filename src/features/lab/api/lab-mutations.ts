import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiPaths, LabFault, type LabFaultSpec } from '../../../../core/api/index.ts'
import { api } from '../../../lib/api-client.ts'
import { findingKeys, hostKeys, labFaultKeys } from '../../../lib/query-keys.ts'

/** Faults have no change events: this client's own mutations refresh the list (findings and hosts follow their events too). */
function useInvalidateLab(envId: string) {
  const queryClient = useQueryClient()
  return () => {
    void queryClient.invalidateQueries({ queryKey: labFaultKeys.environment(envId) })
    void queryClient.invalidateQueries({ queryKey: findingKeys.environment(envId) })
    void queryClient.invalidateQueries({ queryKey: hostKeys.environment(envId) })
  }
}

export function useInjectLabFault(envId: string) {
  const invalidate = useInvalidateLab(envId)
  return useMutation({
    mutationFn: (spec: LabFaultSpec) => api.post(apiPaths.labFaults(envId), spec, { schema: LabFault }),
    onSuccess: invalidate,
  })
}

export function useClearLabFault(envId: string) {
  const invalidate = useInvalidateLab(envId)
  return useMutation({
    mutationFn: (id: string) => api.delete(apiPaths.labFault(envId, id)),
    onSuccess: invalidate,
  })
}
