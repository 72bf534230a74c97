import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Router } from 'wouter'
import { memoryLocation } from 'wouter/memory-location'
import { apiPaths, REAL_LAB_LABEL, type Host, type Me } from '../../core/api/index.ts'
import { stubApi } from '../testing/diagnostics-fixtures.ts'
import { makeEnvironment, makeHost } from '../testing/fixtures.ts'
import { useHosts } from '../features/hosts/api/hosts-queries.ts'
import { Shell } from './shell.tsx'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const ENV = 'env-1'
const T0 = '2026-11-28T08:00:00.000Z'
const me: Me = {
  account: { id: 'acc-1', revision: 1, createdAt: T0, updatedAt: T0, username: 'admin', displayName: 'Admin', admin: true },
  roles: {},
  csrfToken: 'csrf',
  via: 'session',
}

/** The page inside the frame: it reads the same hosts query as the nav, so once it shows them the nav has them too. */
function HostsLoaded() {
  const hosts = useHosts(ENV)
  return <p>{hosts.data ? `${hosts.data.length} hosts loaded` : 'loading'}</p>
}

/** A signed-in admin on the environment's Hosts page; the server knows `hosts` in it. */
function renderShellWith(hosts: Host[]) {
  stubApi(({ url }) => {
    if (url.pathname === apiPaths.me()) return { body: me }
    if (url.pathname === apiPaths.environments()) return { body: { items: [makeEnvironment({ id: ENV, name: 'Real lab (VXLAN)' })], nextCursor: null } }
    if (url.pathname === apiPaths.hosts(ENV)) return { body: { items: hosts, nextCursor: null } }
    return undefined
  })
  const location = memoryLocation({ path: `/environments/${ENV}/hosts` })
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  render(
    <QueryClientProvider client={client}>
      <Router hook={location.hook} searchHook={location.searchHook}>
        <Shell>
          <HostsLoaded />
        </Shell>
      </Router>
    </QueryClientProvider>,
  )
}

const realLabHost = (n: number) => makeHost({ id: `hst-${n}`, name: `host-${n}`, simulated: false, labels: { [REAL_LAB_LABEL]: 'real' } })

describe('the environment nav', () => {
  it('offers the Lab page on a real-lab environment (network-namespace hosts, not simulated)', async () => {
    renderShellWith([realLabHost(1), realLabHost(2)])
    const nav = await screen.findByRole('navigation', { name: 'Environment pages' })
    const lab = await within(nav).findByRole('link', { name: 'Lab' })
    expect(lab.getAttribute('href')).toBe(`/environments/${ENV}/lab`)
  })

  it('has no Lab page for real hosts outside the lab (another label value counts as none)', async () => {
    renderShellWith([makeHost({ simulated: false, labels: { [REAL_LAB_LABEL]: 'no' } }), makeHost({ id: 'hst-2', simulated: false })])
    await screen.findByText('2 hosts loaded')
    const nav = screen.getByRole('navigation', { name: 'Environment pages' })
    expect(within(nav).getByRole('link', { name: 'Hosts' })).toBeTruthy()
    expect(within(nav).queryByRole('link', { name: 'Lab' })).toBeNull()
  })

  it('has no Lab page once the real lab’s hosts are removed', async () => {
    renderShellWith([{ ...realLabHost(1), state: 'removed' }])
    await screen.findByText('1 hosts loaded')
    const nav = screen.getByRole('navigation', { name: 'Environment pages' })
    expect(within(nav).queryByRole('link', { name: 'Lab' })).toBeNull()
  })
})
