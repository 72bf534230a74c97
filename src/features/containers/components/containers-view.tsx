import { useEffect, useId, useMemo, useState } from 'react'
import { useSearchParams } from 'wouter'
import type { Container } from '../../../../core/api/index.ts'
import { EmptyState } from '../../../components/ui/empty-state.tsx'
import { QueryView } from '../../../components/ui/query-view.tsx'
import { formatNumber } from '../../../lib/format.ts'
import { useContainers } from '../api/containers-queries.ts'
import { filterContainers } from '../utils/filter-containers.ts'
import { ContainersTable } from './containers-table.tsx'

function FilteredContainers({ containers }: { containers: Container[] }) {
  const [searchParams, setSearchParams] = useSearchParams()
  const [text, setText] = useState(() => searchParams.get('q') ?? '')
  const showInfrastructure = searchParams.get('infra') !== '0'
  const filterId = useId()
  const infraId = useId()

  // The filter lives in the URL (replacing the entry), so a reload or a shared link restores it.
  useEffect(() => {
    const current = new URLSearchParams(window.location.search).get('q') ?? ''
    if (current === text) return
    setSearchParams(
      (prev) => {
        const next = new URLSearchParams(prev)
        if (text) next.set('q', text)
        else next.delete('q')
        return next
      },
      { replace: true },
    )
  }, [text, setSearchParams])

  const visible = useMemo(() => filterContainers(containers, { text, showInfrastructure }), [containers, text, showInfrastructure])

  const handleInfraChange = (checked: boolean) => {
    setSearchParams(
      (prev) => {
        const next = new URLSearchParams(prev)
        if (checked) next.delete('infra')
        else next.set('infra', '0')
        return next
      },
      { replace: true },
    )
  }

  return (
    <>
      <div className="toolbar">
        <div className="field field-grow">
          <label htmlFor={filterId}>Filter by name, IP, host or network mode</label>
          <input id={filterId} type="search" value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" spellCheck={false} />
        </div>
        <div className="field field-check">
          <input id={infraId} type="checkbox" checked={showInfrastructure} onChange={(e) => handleInfraChange(e.target.checked)} />
          <label htmlFor={infraId}>Show infrastructure containers</label>
        </div>
        <p className="muted small toolbar-count" aria-live="polite">
          Showing {formatNumber(visible.length)} of {formatNumber(containers.length)} containers
        </p>
      </div>
      {visible.length === 0 ? (
        <EmptyState title={containers.length === 0 ? 'No containers yet' : 'No container matches the filter'} />
      ) : (
        <ContainersTable containers={visible} />
      )}
    </>
  )
}

export function ContainersView({ envId }: { envId: string }) {
  const containers = useContainers(envId)
  return (
    <QueryView query={containers} what="containers">
      {(data) => <FilteredContainers containers={data} />}
    </QueryView>
  )
}
