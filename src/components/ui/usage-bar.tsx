/** A small used/size bar; the numbers next to it carry the meaning, the bar is decoration. */
export function UsageBar({ used, size }: { used: number; size: number }) {
  const ratio = size > 0 ? Math.min(1, used / size) : 0
  const tone = ratio >= 0.9 ? 'bad' : ratio >= 0.75 ? 'pending' : 'ok'
  return (
    <span className="usage-bar" aria-hidden="true">
      <span className={`usage-bar-fill usage-${tone}`} style={{ width: `${Math.max(ratio * 100, used > 0 ? 1 : 0)}%` }} />
    </span>
  )
}
