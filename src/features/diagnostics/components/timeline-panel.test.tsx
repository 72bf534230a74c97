import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { apiPaths } from '../../../../core/api/index.ts'
import { findingKeys } from '../../../lib/query-keys.ts'
import { makeTimelineEvent, stubApi } from '../../../testing/diagnostics-fixtures.ts'
import { TimelinePanel } from './timeline-panel.tsx'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const cleared = makeTimelineEvent({
  id: 'tl-3',
  at: '2026-11-28T08:05:00.000Z',
  kind: 'fault-cleared',
  severity: 'info',
  subject: { kind: 'host', id: 'hst-2', name: 'lab-2', peerId: null, peerName: null },
  message: 'Lab fault cleared on lab-2: UDP 4500 to lab-3 no longer blocked.',
})
const blocked = makeTimelineEvent({ id: 'tl-2', at: '2026-11-28T08:01:00.000Z' })
const stackChanged = makeTimelineEvent({
  id: 'tl-1',
  kind: 'stack-changed',
  severity: 'warning',
  subject: { kind: 'stack', id: 'stk-ipsec', name: 'ipsec', peerId: null, peerName: null },
  message: 'Stack ipsec upgraded.',
})

function renderPanel() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  render(
    <QueryClientProvider client={client}>
      <TimelinePanel envId="env-1" />
    </QueryClientProvider>,
  )
  return client
}

describe('TimelinePanel', () => {
  it('lists the network events newest first with time, severity, message and subject links, and loads older ones', async () => {
    const api = stubApi(({ url }) => {
      if (url.pathname !== apiPaths.diagnosticsTimeline('env-1')) return undefined
      return url.searchParams.get('cursor') === 'older-than-tl-2'
        ? { body: { items: [stackChanged], nextCursor: null } }
        : { body: { items: [cleared, blocked], nextCursor: 'older-than-tl-2' } }
    })
    renderPanel()
    const region = screen.getByRole('region', { name: 'Network timeline' })
    const items = await within(region).findAllByRole('listitem')
    expect(items.map((li) => li.lastChild?.textContent)).toEqual([cleared.message, blocked.message])

    const first = within(items[0])
    // Relative time in the text, the absolute one in the title.
    expect(first.getByText(/ago|just now/).getAttribute('dateTime')).toBe(cleared.at)
    expect(first.getByText(/ago|just now/).getAttribute('title')).toBeTruthy()
    expect(first.getByText('info')).toBeTruthy()
    expect(first.getByRole('link', { name: 'lab-2' }).getAttribute('href')).toBe('/environments/env-1/hosts/hst-2')
    const pair = within(items[1])
    expect(pair.getByText('error')).toBeTruthy()
    expect(pair.getByRole('link', { name: 'lab-3' }).getAttribute('href')).toBe('/environments/env-1/hosts/hst-3')

    fireEvent.click(within(region).getByRole('button', { name: 'Load older' }))
    await waitFor(() => expect(within(region).getAllByRole('listitem')).toHaveLength(3))
    const last = within(region).getAllByRole('listitem')[2]
    expect(last.lastChild?.textContent).toBe('Stack ipsec upgraded.')
    expect(within(last).getByRole('link', { name: 'ipsec' }).getAttribute('href')).toBe('/environments/env-1/stacks/stk-ipsec')
    expect(within(region).queryByRole('button', { name: 'Load older' })).toBeNull()
    expect(api.requests()).toEqual([
      'GET /api/v1/environments/env-1/diagnostics/timeline?limit=50',
      'GET /api/v1/environments/env-1/diagnostics/timeline?limit=50&cursor=older-than-tl-2',
    ])
  })

  it('shows a new event when the live stream refreshes the findings of the environment', async () => {
    let items = [blocked]
    stubApi(({ url }) => (url.pathname === apiPaths.diagnosticsTimeline('env-1') ? { body: { items, nextCursor: null } } : undefined))
    const client = renderPanel()
    await screen.findByText(blocked.message)
    items = [cleared, blocked]
    // What src/lib/live-updates.ts does for a change that re-runs the checks.
    await client.invalidateQueries({ queryKey: findingKeys.environment('env-1') })
    expect(await screen.findByText(cleared.message)).toBeTruthy()
  })

  it('says when there is nothing yet', async () => {
    stubApi(() => ({ body: { items: [], nextCursor: null } }))
    renderPanel()
    expect(await screen.findByText('No network events yet.')).toBeTruthy()
  })
})
