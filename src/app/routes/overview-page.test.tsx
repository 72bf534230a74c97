import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Environment } from '../../../core/api/index.ts'
import { driftQueryOptions } from '../../features/stacks/api/drift-queries.ts'
import { catalogKeys } from '../../lib/query-keys.ts'
import { makeCatalogTemplate, makeEnvironment } from '../../testing/fixtures.ts'
import { makeDriftReport, makeStackDrift } from '../../testing/stack-fixtures.ts'
import { OverviewPage } from './overview-page.tsx'

/** After a forced removal of the IPsec stack: the template's driver is missing. */
const driverRemoved = makeDriftReport({
  stacks: [
    makeStackDrift({ name: 'network-services', catalogTemplateId: 'network-services', stackId: 'stk-ns' }),
    makeStackDrift({ stackId: null, status: 'missing' }),
  ],
})

function renderOverview(environment: Environment) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } })
  client.setQueryData(driftQueryOptions(environment.id).queryKey, driverRemoved)
  client.setQueryData(catalogKeys.list(), [makeCatalogTemplate(), makeCatalogTemplate({ id: 'network-services', category: 'Network Services' })])
  render(
    <QueryClientProvider client={client}>
      <OverviewPage environment={environment} />
    </QueryClientProvider>,
  )
}

// The rest of the overview (networks, stacks, findings) stays loading: only the banner and the provenance matter here.
beforeEach(() => vi.stubGlobal('fetch', vi.fn(() => new Promise<Response>(() => {}))))
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('the overview', () => {
  it('says why managed containers fail when the network driver stack was removed, and where to add one', () => {
    renderOverview(makeEnvironment({ defaultNetworkId: null }))
    const alert = screen.getByRole('alert')
    expect(alert.textContent).toContain(
      'No default network: the network driver stack was removed, so containers on the managed network have failed networking and new managed containers are refused (no network for network mode managed).',
    )
    expect(within(alert).getByRole('link', { name: 'Add a network driver stack' }).getAttribute('href')).toBe('/environments/env-1/stacks')
  })

  it('shows no such banner while the environment has a default network, and says which template it came from', () => {
    renderOverview(makeEnvironment())
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.getByText(/^Created from template/).closest('p')?.textContent).toContain('Created from template Cattle (revision 1).')
    expect(screen.getByRole('link', { name: 'Cattle' }).getAttribute('href')).toBe('/templates/tpl-cattle')
    expect(screen.getByRole('link', { name: 'Stacks and drift' }).getAttribute('href')).toBe('/environments/env-1/stacks')
  })
})
