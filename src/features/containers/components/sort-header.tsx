import type { ContainerSort, SortKey } from '../utils/sort-containers.ts'

// The header's own look (uppercase, muted) stays; the button only adds the pointer. Kept inline: the
// stylesheet is shared, and these few properties belong to this one control.
const BUTTON = {
  background: 'none',
  border: 0,
  padding: 0,
  font: 'inherit',
  color: 'inherit',
  textTransform: 'inherit',
  letterSpacing: 'inherit',
  textAlign: 'left',
  cursor: 'pointer',
} as const

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const
const ARROW = { asc: ' ▲', desc: ' ▼' } as const

/** A column header that sorts by its column: the state is on the <th> (aria-sort), the arrow is only drawn. */
export function SortHeader({
  label,
  column,
  sort,
  onSort,
}: {
  label: string
  column: SortKey
  sort: ContainerSort | null
  onSort: (column: SortKey) => void
}) {
  const dir = sort?.key === column ? sort.dir : null
  return (
    <th scope="col" aria-sort={dir ? ARIA_SORT[dir] : undefined}>
      <button type="button" style={BUTTON} onClick={() => onSort(column)}>
        {label}
        <span aria-hidden="true" style={dir ? undefined : { opacity: 0.45 }}>
          {dir ? ARROW[dir] : ' ↕'}
        </span>
      </button>
    </th>
  )
}
