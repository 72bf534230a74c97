import { useLiveState } from '../lib/live-updates-context.tsx'

const TEXT = { connecting: 'Connecting…', connected: 'Live', reconnecting: 'Reconnecting…' } as const
const TITLE = {
  connecting: 'Opening the live event stream',
  connected: 'Changes appear as they happen',
  reconnecting: 'The live event stream was interrupted; the page refreshes when it is back',
} as const

export function LiveIndicator() {
  const state = useLiveState()
  return (
    <span className={`live live-${state}`} role="status" title={TITLE[state]}>
      <span className="live-dot" aria-hidden="true" />
      {TEXT[state]}
    </span>
  )
}
