import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ApiKey } from '../../../../core/api/index.ts'
import { environmentKeys } from '../../../lib/query-keys.ts'
import { makeEnvironment } from '../../../testing/fixtures.ts'
import { list, stubApi, T0 } from '../../auth/testing/access-fixtures.ts'
import { ApiKeysSection } from './api-keys-section.tsx'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const SECRET = 'pk-secret-shown-once-0123456789'
const key = (overrides: Partial<ApiKey> = {}): ApiKey => ({
  id: 'key-1',
  name: 'backup script',
  accessKey: 'AK12345678',
  environmentId: 'env-1',
  createdAt: T0,
  lastUsedAt: null,
  revokedAt: null,
  ...overrides,
})

function renderSection() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } } })
  client.setQueryData(environmentKeys.list(), [makeEnvironment({ id: 'env-1', name: 'Default' })])
  render(
    <QueryClientProvider client={client}>
      <ApiKeysSection />
    </QueryClientProvider>,
  )
  return client
}

describe('ApiKeysSection', () => {
  it('shows the secret once after create, with a curl example, and never again', async () => {
    let keys: ApiKey[] = []
    const calls = stubApi({
      'GET /api/v1/api-keys': () => ({ status: 200, body: list(keys) }),
      'POST /api/v1/api-keys': () => {
        keys = [key()]
        return { status: 201, body: { ...key(), secret: SECRET } }
      },
    })
    const client = renderSection()
    expect(await screen.findByText('No API keys yet.')).toBeTruthy()

    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'backup script' } })
    fireEvent.change(screen.getByLabelText('Environment (optional)'), { target: { value: 'env-1' } })
    fireEvent.click(screen.getByRole('button', { name: 'Create API key' }))

    expect((await screen.findByTestId('api-key-secret')).textContent).toBe(SECRET)
    expect(screen.getByTestId('api-key-access-key').textContent).toBe('AK12345678')
    expect(screen.getByText(/not shown again/)).toBeTruthy()
    expect(screen.getByText(`curl -u AK12345678:${SECRET} ${window.location.origin}/api/v1/environments`)).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Copy the secret' })).toBeTruthy()
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'backup script', environmentId: 'env-1' })

    // the list shows the key, without its secret, and the cache never holds it
    const table = await screen.findByRole('table', { name: 'API keys' })
    expect(within(table).getByText('backup script')).toBeTruthy()
    expect(within(table).getByText('Default')).toBeTruthy()
    expect(within(table).queryByText(SECRET)).toBeNull()
    expect(JSON.stringify(client.getQueryCache().getAll().map((q) => q.state.data))).not.toContain(SECRET)

    fireEvent.click(screen.getByRole('button', { name: 'I have copied the secret' }))
    expect(screen.queryByTestId('api-key-secret')).toBeNull()
    expect(document.body.textContent).not.toContain(SECRET)
  })

  it('revokes a key after asking', async () => {
    let keys = [key()]
    const calls = stubApi({
      'GET /api/v1/api-keys': () => ({ status: 200, body: list(keys) }),
      'DELETE /api/v1/api-keys/key-1': () => {
        keys = [key({ revokedAt: T0 })]
        return { status: 204 }
      },
    })
    renderSection()
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke backup script' }))
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false)
    fireEvent.click(screen.getByRole('button', { name: 'Yes, revoke' }))
    await waitFor(() => expect(calls.some((c) => c.method === 'DELETE' && c.url === '/api/v1/api-keys/key-1')).toBe(true))
    expect(await screen.findByText('revoked')).toBeTruthy()
  })
})
