import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { DriftReport } from '../../../../core/api/index.ts'
import { stackKeys } from '../../../lib/query-keys.ts'
import { makeEnvironment } from '../../../testing/fixtures.ts'
import { makeDriftReport, makeStack, makeStackDrift, makeUpgradePreview } from '../../../testing/stack-fixtures.ts'
import { driftQueryOptions } from '../api/drift-queries.ts'
import { DriftPanel } from './drift-panel.tsx'

type Call = { method: string; url: string; body: unknown; ifMatch: string | null }

function stubServer(answers: unknown[]) {
  const calls: Call[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET'
      if (method === 'GET') return new Promise<Response>(() => {})
      const headers = (init.headers ?? {}) as Record<string, string>
      calls.push({ method, url, body: init.body ? JSON.parse(String(init.body)) : undefined, ifMatch: headers['if-match'] ?? null })
      return Promise.resolve(new Response(JSON.stringify(answers.shift()), { status: 200, headers: { 'content-type': 'application/json' } }))
    }),
  )
  return calls
}

function renderPanel(report: DriftReport) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } } })
  client.setQueryData(driftQueryOptions('env-1').queryKey, report)
  // The running IPsec stack after an MTU apply: 1400 where the template says 1500.
  client.setQueryData(stackKeys.list('env-1'), [makeStack({ answers: { MTU: '1400', RANCHER_DEBUG: 'true' } })])
  render(
    <QueryClientProvider client={client}>
      <DriftPanel environment={makeEnvironment()} />
    </QueryClientProvider>,
  )
}

const afterMtuApply = makeDriftReport({
  templateChangedSince: 4,
  stacks: [
    makeStackDrift({ name: 'network-services', catalogTemplateId: 'network-services', stackId: 'stk-ns' }),
    makeStackDrift({ status: 'drifted', changes: [{ field: 'MTU for the network', variable: 'MTU', template: '1500', running: '1400' }] }),
    makeStackDrift({ name: 'healthcheck', catalogTemplateId: 'healthcheck', stackId: null, status: 'missing' }),
    makeStackDrift({ name: 'scheduler', catalogTemplateId: 'scheduler', stackId: 'stk-sched', status: 'in-sync', composeChanged: true }),
  ],
})

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('the drift panel', () => {
  it('says where the environment came from and lists each stack against the template, e.g. MTU 1500 → 1400', () => {
    stubServer([])
    renderPanel(afterMtuApply)

    const panel = screen.getByRole('region', { name: 'Drift from the template' })
    expect(panel.textContent).toContain('Created from template Cattle (revision 1).')
    expect(within(panel).getByRole('link', { name: 'Cattle' }).getAttribute('href')).toBe('/templates/tpl-cattle')
    expect(panel.textContent).toContain('The template has changed since (revision 4).')

    const ipsec = within(panel).getByRole('list', { name: 'How ipsec differs (template → running)' })
    expect(within(ipsec).getByText('MTU 1500 → 1400')).toBeTruthy()
    expect(within(panel).getByRole('list', { name: 'How scheduler differs (template → running)' }).textContent).toBe('compose customised')

    const items = within(within(panel).getByRole('list', { name: 'Stacks against the template' })).getAllByRole('listitem')
    const status = (name: string) => items.find((li) => li.textContent?.startsWith(name))?.querySelector('.badge')?.textContent
    expect([status('network-services'), status('ipsec'), status('healthcheck')]).toEqual(['in sync', 'drifted', 'missing'])
    // Only a drifted stack offers an upgrade back.
    expect(within(panel).getAllByRole('button', { name: 'Preview upgrade to the template' })).toHaveLength(1)
  })

  it('previews an upgrade back to the template’s answers, then applies it at the previewed revision', async () => {
    const calls = stubServer([makeUpgradePreview({ networkChanges: [{ field: 'mtu', from: '1400', to: '1500' }] }), makeStack({ revision: 4 })])
    renderPanel(afterMtuApply)

    fireEvent.click(screen.getByRole('button', { name: 'Preview upgrade to the template' }))
    await screen.findByRole('heading', { name: 'Network changes' })
    expect(screen.getByRole('row', { name: 'MTU 1400 1500' })).toBeTruthy()
    expect(calls[0]).toEqual({
      method: 'POST',
      url: '/api/v1/environments/env-1/stacks/stk-ipsec/upgrade-preview',
      body: { answers: { MTU: '1500', RANCHER_DEBUG: 'true' } },
      ifMatch: null,
    })

    fireEvent.click(screen.getByRole('button', { name: 'Upgrade to the template’s answers' }))
    await waitFor(() => expect(screen.getByRole('status').textContent).toContain('Upgraded: ipsec is at revision 4.'))
    expect(calls[1]).toEqual({
      method: 'PATCH',
      url: '/api/v1/environments/env-1/stacks/stk-ipsec',
      body: { answers: { MTU: '1500', RANCHER_DEBUG: 'true' } },
      ifMatch: '3',
    })
  })
})
