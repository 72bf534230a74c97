import type { Container } from '../../../../core/api/index.ts'
import { ipv4ToNumber } from './ip.ts'

/** The sortable columns; the names are what `?sort=` holds. */
export const SORT_KEYS = ['name', 'host', 'mode', 'dockerIp', 'managedIp', 'state'] as const
export type SortKey = (typeof SORT_KEYS)[number]
export type SortDir = 'asc' | 'desc'
export type ContainerSort = { key: SortKey; dir: SortDir }

const isSortKey = (value: string | null): value is SortKey => (SORT_KEYS as readonly string[]).includes(value ?? '')

/** `?sort=managedIp&dir=desc` → the sort; no (or an unknown) `sort` keeps the list in API order. */
export function readSort(params: URLSearchParams): ContainerSort | null {
  const key = params.get('sort')
  if (!isSortKey(key)) return null
  return { key, dir: params.get('dir') === 'desc' ? 'desc' : 'asc' }
}

/** The search params with the sort written in (or taken out), everything else kept. */
export function writeSort(params: URLSearchParams, sort: ContainerSort | null): URLSearchParams {
  const next = new URLSearchParams(params)
  if (sort) {
    next.set('sort', sort.key)
    next.set('dir', sort.dir)
  } else {
    next.delete('sort')
    next.delete('dir')
  }
  return next
}

/** A header click: a new column sorts ascending, the sorted column flips direction. */
export function toggleSort(current: ContainerSort | null, key: SortKey): ContainerSort {
  if (current?.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' }
  return { key, dir: 'asc' }
}

// `numeric` so web-9 sorts before web-10, as people read names.
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })

type SortValue = string | number | null

function valueOf(container: Container, key: SortKey): SortValue {
  switch (key) {
    case 'name':
      return container.name
    case 'host':
      return container.hostName || null
    case 'mode':
      return container.networkMode
    case 'state':
      return container.state
    case 'dockerIp':
      return ipv4ToNumber(container.dockerIp)
    case 'managedIp':
      return ipv4ToNumber(container.managedIp)
  }
}

/**
 * A sorted copy (the input is returned as is with no sort). Empty cells go last in both
 * directions, so flipping the direction never buries every address under the blanks; ties keep
 * their API order.
 */
export function sortContainers(containers: readonly Container[], sort: ContainerSort | null): Container[] {
  if (!sort) return containers as Container[]
  const sign = sort.dir === 'asc' ? 1 : -1
  // Each value is read once, not once per comparison.
  const rows = containers.map((container) => ({ container, value: valueOf(container, sort.key) }))
  rows.sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === b.value ? 0 : a.value === null ? 1 : -1
    const order = typeof a.value === 'number' ? a.value - (b.value as number) : collator.compare(a.value, b.value as string)
    return sign * order
  })
  return rows.map((row) => row.container)
}
