import { useId } from 'react'
import { Link } from 'wouter'
import type { TimelineEvent } from '../../../../core/api/index.ts'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { Loading } from '../../../components/ui/loading.tsx'
import { RelativeTime } from '../../../components/ui/relative-time.tsx'
import { paths } from '../../../config/paths.ts'
import { useTimeline } from '../api/timeline-queries.ts'

const SEVERITY_TONE = { error: 'bad', warning: 'pending', info: 'neutral' } as const

/** Where an event points: host pages for hosts (both ends of a pair), the stack page for a stack. */
function Subject({ envId, subject }: { envId: string; subject: TimelineEvent['subject'] }) {
  switch (subject.kind) {
    case 'host':
      return <Link href={paths.host.href(envId, subject.id)}>{subject.name}</Link>
    case 'host-pair':
      return (
        <>
          <Link href={paths.host.href(envId, subject.id)}>{subject.name}</Link>
          {subject.peerId && (
            <>
              {' → '}
              <Link href={paths.host.href(envId, subject.peerId)}>{subject.peerName ?? subject.peerId}</Link>
            </>
          )}
        </>
      )
    case 'stack':
      return <Link href={paths.stack.href(envId, subject.id)}>{subject.name}</Link>
    case 'environment':
      return null
  }
}

/**
 * The environment's network events, newest first: hosts going up and down, peers and tunnel
 * ports changing, routers, stacks and lab faults. Refreshed by the live stream; older pages on demand.
 */
export function TimelinePanel({ envId }: { envId: string }) {
  const headingId = useId()
  const timeline = useTimeline(envId)
  // A refresh between two pages can repeat an event at the seam; show it once.
  const seen = new Set<string>()
  const events = (timeline.data?.pages ?? []).flatMap((page) => page.items).filter((e) => !seen.has(e.id) && Boolean(seen.add(e.id)))

  return (
    <section aria-labelledby={headingId} className="timeline-panel" style={{ flex: '1 1 20rem', minWidth: '16rem', maxWidth: '36rem' }}>
      <h2 id={headingId}>Network timeline</h2>
      {timeline.isPending ? (
        <Loading label="Loading the timeline…" />
      ) : timeline.isError && events.length === 0 ? (
        <ErrorPanel title="Could not load the timeline" error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : events.length === 0 ? (
        <p className="muted">No network events yet.</p>
      ) : (
        <>
          <ol
            className="plain-list"
            aria-label="Network events, newest first"
            // Beside the matrix it scrolls on its own rather than push the trace down the page; focusable to scroll by keyboard.
            tabIndex={0}
            style={{ maxHeight: '36rem', overflowY: 'auto' }}
          >
            {events.map((event) => (
              <li key={event.id} style={{ marginBottom: '0.6rem' }}>
                <div className="small muted">
                  <RelativeTime iso={event.at} /> <span className={`badge badge-${SEVERITY_TONE[event.severity]}`}>{event.severity}</span>{' '}
                  <Subject envId={envId} subject={event.subject} />
                </div>
                <div>{event.message}</div>
              </li>
            ))}
          </ol>
          {timeline.isFetchNextPageError && <p className="field-error">Could not load older events: {timeline.error?.message}</p>}
          {timeline.hasNextPage && (
            <button
              type="button"
              className="button button-small"
              disabled={timeline.isFetchingNextPage}
              onClick={() => void timeline.fetchNextPage()}
            >
              {timeline.isFetchingNextPage ? 'Loading older…' : 'Load older'}
            </button>
          )}
        </>
      )}
    </section>
  )
}
