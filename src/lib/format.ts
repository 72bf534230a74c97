const numberFormat = new Intl.NumberFormat('en')
const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'short' })

export function formatNumber(n: number): string {
  return numberFormat.format(n)
}

/** "12 sec. ago", "3 min. ago", "yesterday"… relative to `now`. */
export function formatRelative(iso: string, now: number): string {
  const then = Date.parse(iso)
  if (Number.isNaN(then)) return iso
  // A server clock slightly ahead of ours must not read "in 3 sec.".
  const seconds = Math.min(0, Math.round((then - now) / 1000))
  const abs = Math.abs(seconds)
  if (abs < 5) return 'just now'
  if (abs < 60) return relativeFormat.format(seconds, 'second')
  if (abs < 3600) return relativeFormat.format(Math.round(seconds / 60), 'minute')
  if (abs < 86_400) return relativeFormat.format(Math.round(seconds / 3600), 'hour')
  return relativeFormat.format(Math.round(seconds / 86_400), 'day')
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString()
}
