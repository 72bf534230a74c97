import { useId, useState } from 'react'
import type { Environment } from '../../../../core/api/index.ts'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { Loading } from '../../../components/ui/loading.tsx'
import { useAudit } from '../api/audit-api.ts'
import { AuditTable } from './audit-table.tsx'

type Props = {
  /** One environment's log (owners); left out, every environment with a filter (admins). */
  environmentId?: string
  environments?: Environment[]
}

/** The audit log with "Load older"; admins can filter by environment. */
export function AuditLog({ environmentId, environments = [] }: Props) {
  const [filter, setFilter] = useState('')
  const filterId = useId()
  const fixed = environmentId !== undefined
  const envId = fixed ? environmentId : filter || null
  const audit = useAudit(envId)
  const entries = audit.data?.pages.flatMap((p) => p.items) ?? []
  return (
    <>
      {!fixed && (
        <div className="field field-inline">
          <label htmlFor={filterId}>Environment</label>
          <select id={filterId} value={filter} onChange={(e) => setFilter(e.target.value)}>
            <option value="">All environments</option>
            {environments.map((env) => (
              <option key={env.id} value={env.id}>
                {env.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {audit.isPending ? (
        <Loading label="Loading the audit log…" />
      ) : audit.isError && entries.length === 0 ? (
        <ErrorPanel title="Could not load the audit log" error={audit.error} onRetry={() => void audit.refetch()} />
      ) : entries.length === 0 ? (
        <p className="muted">Nothing recorded yet.</p>
      ) : (
        <>
          <AuditTable entries={entries} environments={environments} showEnvironment={!fixed} />
          {audit.isFetchNextPageError && <p className="field-error">Could not load older entries: {audit.error?.message}</p>}
          <div className="form-actions">
            {audit.hasNextPage && (
              <button type="button" className="button" disabled={audit.isFetchingNextPage} onClick={() => void audit.fetchNextPage()}>
                {audit.isFetchingNextPage ? 'Loading older…' : 'Load older'}
              </button>
            )}
            <button type="button" className="button" disabled={audit.isFetching} onClick={() => void audit.refetch()}>
              Refresh
            </button>
          </div>
        </>
      )}
    </>
  )
}
