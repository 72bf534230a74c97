import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { catalogKeys } from '../../../lib/query-keys.ts'
import { makeCatalogTemplate } from '../../../testing/fixtures.ts'
import { makeStack } from '../../../testing/stack-fixtures.ts'
import { AddStackButton } from './add-stack-dialog.tsx'

type Call = { method: string; url: string; body: unknown }

function stubServer(answers: Array<{ status: number; body: unknown }>) {
  const calls: Call[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET'
      if (method === 'GET') return new Promise<Response>(() => {})
      calls.push({ method, url, body: init.body ? JSON.parse(String(init.body)) : undefined })
      const answer = answers.shift() ?? { status: 500, body: {} }
      return Promise.resolve(new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } }))
    }),
  )
  return calls
}

const error = (code: string, message: string, details?: unknown) => ({ error: { code, message, details }, requestId: 'req-1' })

function renderButton() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } } })
  client.setQueryData(catalogKeys.list(), [
    makeCatalogTemplate({ id: 'network-services', name: 'Network Services', category: 'Network Services' }),
    makeCatalogTemplate(),
  ])
  render(
    <QueryClientProvider client={client}>
      <AddStackButton envId="env-1" stacks={[makeStack({ id: 'stk-ns', name: 'network-services' })]} />
    </QueryClientProvider>,
  )
  fireEvent.click(screen.getByRole('button', { name: 'Add stack' }))
  return screen.getByRole('dialog', { name: 'Add an infrastructure stack' })
}

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('adding a stack from the catalog', () => {
  it('adds the driver again after a forced removal, showing each refusal next to the field it names', async () => {
    const calls = stubServer([
      { status: 400, body: error('VALIDATION_FAILED', 'Some fields are not valid.', [{ path: 'answers.SUBNET', message: 'SUBNET overlaps 10.42.0.0/16 of another network' }]) },
      { status: 409, body: error('NAME_TAKEN', 'A stack named ipsec already exists.') },
      { status: 201, body: makeStack({ revision: 1 }) },
    ])
    const dialog = renderButton()
    fireEvent.change(within(dialog).getByLabelText('Catalog template'), { target: { value: 'ipsec' } })
    expect((within(dialog).getByLabelText('Version') as HTMLSelectElement).value).toBe('0.2.5')
    expect((within(dialog).getByLabelText('Stack name') as HTMLInputElement).value).toBe('ipsec')
    expect(within(dialog).getByText(/An environment takes one network driver/)).toBeTruthy()

    const submit = within(dialog).getByRole('button', { name: 'Add stack' })
    fireEvent.click(submit)
    const subnet = within(dialog).getByLabelText(/^Subnet/)
    await waitFor(() => expect(subnet.getAttribute('aria-invalid')).toBe('true'))
    expect(dialog.textContent).toContain('SUBNET overlaps 10.42.0.0/16 of another network')
    // Defaults left alone are not sent: the catalog's defaults apply.
    expect(calls[0]).toEqual({ method: 'POST', url: '/api/v1/environments/env-1/stacks', body: { name: 'ipsec', catalogTemplateId: 'ipsec', version: null, answers: {} } })

    fireEvent.click(submit)
    const name = within(dialog).getByLabelText('Stack name')
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'))
    expect(dialog.textContent).toContain('A stack named ipsec already exists.')

    fireEvent.change(name, { target: { value: 'ipsec-2' } })
    fireEvent.change(within(dialog).getByLabelText('Version'), { target: { value: '0.2.4' } })
    fireEvent.click(submit)
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Add an infrastructure stack' })).toBeNull())
    expect(calls[2]).toEqual({ method: 'POST', url: '/api/v1/environments/env-1/stacks', body: { name: 'ipsec-2', catalogTemplateId: 'ipsec', version: '0.2.4', answers: {} } })
  })
})
