import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query'
import { apiPaths, AuditList } from '../../../../core/api/index.ts'
import { api } from '../../../lib/api-client.ts'

export const AUDIT_PAGE_SIZE = 50

export const auditKeys = {
  all: ['audit'] as const,
  /** `null`: every environment (admins). */
  list: (environmentId: string | null) => [...auditKeys.all, environmentId ?? '*'] as const,
}

export function getAudit(environmentId: string | null, cursor: string | null, signal?: AbortSignal): Promise<AuditList> {
  return api.get(apiPaths.audit({ environmentId: environmentId ?? undefined, limit: AUDIT_PAGE_SIZE, cursor: cursor ?? undefined }), {
    schema: AuditList,
    signal,
  })
}

/** The audit log, newest first, one page per "Load older"; `environmentId` limits it to one environment (owners must give one). */
export const auditQueryOptions = (environmentId: string | null) =>
  infiniteQueryOptions({
    queryKey: auditKeys.list(environmentId),
    queryFn: ({ pageParam, signal }) => getAudit(environmentId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  })

export const useAudit = (environmentId: string | null) => useInfiniteQuery(auditQueryOptions(environmentId))
