const TONE: Record<string, 'ok' | 'pending' | 'bad' | 'neutral'> = {
  active: 'ok',
  running: 'ok',
  activating: 'pending',
  registering: 'pending',
  creating: 'pending',
  upgrading: 'pending',
  removing: 'pending',
  error: 'bad',
  disconnected: 'bad',
  stopped: 'bad',
  failed: 'bad',
  inactive: 'neutral',
  removed: 'neutral',
}

/** A state as text with a colour; the text alone carries the meaning. */
export function StateBadge({ state, label }: { state: string; label?: string }) {
  const tone = TONE[state] ?? 'neutral'
  return <span className={`badge badge-${tone}`}>{label ?? state}</span>
}

export function Tag({ children, title }: { children: string; title?: string }) {
  return (
    <span className="tag" title={title}>
      {children}
    </span>
  )
}
