import { useSyncExternalStore } from 'react'
import { formatDateTime, formatRelative } from '../../lib/format.ts'

// One shared ticker for every relative time on the page.
const TICK_MS = 10_000
let now = Date.now()
const listeners = new Set<() => void>()
let timer: ReturnType<typeof setInterval> | null = null

function subscribe(listener: () => void) {
  listeners.add(listener)
  if (timer === null) {
    // The clock did not tick while nobody listened; React notices the new snapshot after subscribing.
    now = Date.now()
    timer = setInterval(() => {
      now = Date.now()
      for (const l of listeners) l()
    }, TICK_MS)
  }
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer)
      timer = null
    }
  }
}

export function RelativeTime({ iso, fallback = 'never' }: { iso: string | null; fallback?: string }) {
  const current = useSyncExternalStore(subscribe, () => now)
  if (!iso) return <span className="muted">{fallback}</span>
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {formatRelative(iso, current)}
    </time>
  )
}
