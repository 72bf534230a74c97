import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { catalogKeys } from '../../../lib/query-keys.ts'
import { makeCatalogTemplate } from '../../../testing/fixtures.ts'
import { makeStack, makeUpgradePreview } from '../../../testing/stack-fixtures.ts'
import { UpgradeStackButton } from './upgrade-answers-dialog.tsx'

type Call = { method: string; url: string; body: unknown; ifMatch: string | null }

function stubServer(answers: Array<{ status: number; body: unknown }>) {
  const calls: Call[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET'
      if (method === 'GET') return new Promise<Response>(() => {})
      const headers = (init.headers ?? {}) as Record<string, string>
      calls.push({ method, url, body: init.body ? JSON.parse(String(init.body)) : undefined, ifMatch: headers['if-match'] ?? null })
      const answer = answers.shift() ?? { status: 500, body: {} }
      return Promise.resolve(new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } }))
    }),
  )
  return calls
}

function renderButton() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } } })
  client.setQueryData(catalogKeys.detail('ipsec'), makeCatalogTemplate())
  render(
    <QueryClientProvider client={client}>
      <UpgradeStackButton envId="env-1" stack={makeStack()} />
    </QueryClientProvider>,
  )
  fireEvent.click(screen.getByRole('button', { name: 'Upgrade stack ipsec' }))
  return screen.getByRole('dialog', { name: 'Upgrade ipsec: answers' })
}

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('upgrading a stack with new answers', () => {
  it('refuses an answer out of bounds in the form, before asking the server', () => {
    const calls = stubServer([])
    const dialog = renderButton()
    const mtu = within(dialog).getByLabelText(/MTU for the network/)
    fireEvent.change(mtu, { target: { value: '50' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Preview the upgrade' }))

    expect(mtu.getAttribute('aria-invalid')).toBe('true')
    expect(mtu.getAttribute('aria-describedby')?.split(' ').map((id) => document.getElementById(id)?.textContent).join(' ')).toMatch(/MTU.*68/)
    expect(calls).toEqual([])
  })

  it('shows what the new answers change, then applies them with If-Match at the previewed revision', async () => {
    const calls = stubServer([
      { status: 200, body: makeUpgradePreview() },
      { status: 200, body: makeStack({ revision: 4, answers: { MTU: '1400' } }) },
    ])
    const dialog = renderButton()
    fireEvent.change(within(dialog).getByLabelText(/MTU for the network/), { target: { value: '1400' } })
    expect(within(dialog).getByRole('list', { name: 'Changed answers' }).textContent).toBe('MTU: 1500 → 1400')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Preview the upgrade' }))

    await within(dialog).findByRole('heading', { name: 'Network changes' })
    expect(within(dialog).getByRole('row', { name: 'Effective MTU (container eth0) 1402 1302' })).toBeTruthy()
    fireEvent.click(within(dialog).getByRole('button', { name: 'Apply upgrade' }))
    await waitFor(() => expect(within(dialog).getByRole('status').textContent).toBe('Upgraded: ipsec is at revision 4.'))

    expect(calls).toEqual([
      { method: 'POST', url: '/api/v1/environments/env-1/stacks/stk-ipsec/upgrade-preview', body: { answers: { MTU: '1400' } }, ifMatch: null },
      { method: 'PATCH', url: '/api/v1/environments/env-1/stacks/stk-ipsec', body: { answers: { MTU: '1400' } }, ifMatch: '3' },
    ])
  })

  it('says when the server would refuse the upgrade, and offers no Apply', async () => {
    stubServer([{ status: 200, body: makeUpgradePreview({ refused: { code: 'READDRESS_REFUSED', message: 'Addresses are allocated in 10.42.0.0/16.' } }) }])
    const dialog = renderButton()
    fireEvent.change(within(dialog).getByLabelText(/MTU for the network/), { target: { value: '1400' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Preview the upgrade' }))

    const alert = await within(dialog).findByRole('alert')
    expect(alert.textContent).toContain('The upgrade would be refused')
    expect(alert.textContent).toContain('Addresses are allocated in 10.42.0.0/16.')
    expect(within(dialog).queryByRole('button', { name: 'Apply upgrade' })).toBeNull()
  })
})
