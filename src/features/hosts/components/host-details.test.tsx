import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Host } from '../../../../core/api/index.ts'
import { makeHost } from '../../../testing/fixtures.ts'
import { HostDetails } from './host-details.tsx'
import { SLICE_TITLE } from './host-slice.tsx'

// the checklist and the host's containers never answer: only the host's own facts are under test
beforeEach(() => vi.stubGlobal('fetch', vi.fn(() => new Promise<Response>(() => {}))))
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

function renderHost(host: Host) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  render(
    <QueryClientProvider client={client}>
      <HostDetails host={host} />
    </QueryClientProvider>,
  )
}

/** The "Router IP" fact's value. */
const routerFact = () => screen.getByText('Router IP', { selector: 'dt' }).parentElement!.querySelector('dd')!

describe('the host page facts', () => {
  it('shows the slice next to the router IP, with a title saying why', () => {
    renderHost(makeHost({ name: 'ns-1', simulated: false, routerIp: '10.42.1.1', slice: '10.42.1.0/24' }))
    const fact = routerFact()
    expect(fact.textContent).toContain('10.42.1.1 Slice 10.42.1.0/24')
    expect(screen.getByText('10.42.1.0/24').closest('[title]')!.getAttribute('title')).toBe(SLICE_TITLE)
  })

  it('shows no slice for a host without one', () => {
    renderHost(makeHost({ routerIp: '10.42.0.2', slice: null }))
    expect(routerFact().textContent).toContain('10.42.0.2')
    expect(routerFact().textContent).not.toContain('Slice')
  })
})
