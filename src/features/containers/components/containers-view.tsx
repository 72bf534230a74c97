import { useDeferredValue, useEffect, useId, useMemo, useState } from 'react'
import { useSearchParams } from 'wouter'
import type { Container } from '../../../../core/api/index.ts'
import { EmptyState } from '../../../components/ui/empty-state.tsx'
import { QueryView } from '../../../components/ui/query-view.tsx'
import { formatNumber } from '../../../lib/format.ts'
import { useContainers } from '../api/containers-queries.ts'
import { filterContainers } from '../utils/filter-containers.ts'
import { readSort, sortContainers, toggleSort, writeSort, type SortKey } from '../utils/sort-containers.ts'
import { ContainersTable } from './containers-table.tsx'
import { FilterHelp } from './filter-help.tsx'
import { LaunchContainerButton } from './launch-container-button.tsx'

/** How long typing pauses before the filter is written to the URL (browsers throttle history updates). */
const URL_WRITE_DELAY_MS = 300

function FilteredContainers({ containers }: { containers: Container[] }) {
  const [searchParams, setSearchParams] = useSearchParams()
  const urlText = searchParams.get('q') ?? ''
  const [text, setText] = useState(urlText)
  const [seenUrlText, setSeenUrlText] = useState(urlText)
  const showInfrastructure = searchParams.get('infra') !== '0'
  const sort = readSort(searchParams)
  const sortKey = sort?.key
  const sortDir = sort?.dir
  const filterId = useId()
  const infraId = useId()
  const helpId = useId()
  const hintId = useId()

  // Something else changed ?q= (a link to this page, back/forward): the input follows the URL.
  if (urlText !== seenUrlText) {
    setSeenUrlText(urlText)
    setText(urlText)
  }

  // Filter and sort live in the URL (replacing the entry), so a reload or a shared link restores them.
  // The text goes in once typing pauses; until then the URL still holds the previous text.
  useEffect(() => {
    if (text === urlText) return
    const timer = setTimeout(() => {
      setSearchParams(
        (prev) => {
          const next = new URLSearchParams(prev)
          if (text) next.set('q', text)
          else next.delete('q')
          return next
        },
        { replace: true },
      )
    }, URL_WRITE_DELAY_MS)
    return () => clearTimeout(timer)
  }, [text, urlText, setSearchParams])

  // Sorting 10,000 rows happens when the data or the order changes, not on every keystroke.
  const sorted = useMemo(
    () => sortContainers(containers, sortKey && sortDir ? { key: sortKey, dir: sortDir } : null),
    [containers, sortKey, sortDir],
  )
  // Typing stays responsive: the table catches up with the input instead of holding it back.
  const deferredText = useDeferredValue(text)
  const visible = useMemo(
    () => filterContainers(sorted, { text: deferredText, showInfrastructure }),
    [sorted, deferredText, showInfrastructure],
  )

  const handleSort = (column: SortKey) => {
    setSearchParams((prev) => writeSort(prev, toggleSort(readSort(prev), column)), { replace: true })
  }

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
          <input
            id={filterId}
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${hintId} ${helpId}`}
          />
        </div>
        <div className="field field-check">
          <input id={infraId} type="checkbox" checked={showInfrastructure} onChange={(e) => handleInfraChange(e.target.checked)} />
          <label htmlFor={infraId}>Show infrastructure containers</label>
        </div>
        <p className="muted small toolbar-count" aria-live="polite">
          Showing {formatNumber(visible.length)} of {formatNumber(containers.length)} containers
        </p>
        <LaunchContainerButton />
      </div>
      <FilterHelp text={text} helpId={helpId} hintId={hintId} />
      {visible.length === 0 ? (
        <EmptyState title={containers.length === 0 ? 'No containers yet' : 'No container matches the filter'} />
      ) : (
        <ContainersTable containers={visible} sort={sort} onSort={handleSort} />
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
