import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AuditEntry } from '../../../../core/api/index.ts'
import { makeEnvironment } from '../../../testing/fixtures.ts'
import { stubApi } from '../../auth/testing/access-fixtures.ts'
import { AuditLog } from './audit-log.tsx'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const entry = (id: string, overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  id,
  at: '2026-11-28T08:00:00.000Z',
  actorKind: 'account',
  actorId: 'acc-1',
  actorName: 'admin',
  via: 'session',
  method: 'POST',
  route: '/api/v1/accounts',
  params: {},
  environmentId: null,
  status: 201,
  ip: '127.0.0.1',
  requestId: `req-${id}`,
  ...overrides,
})

function renderLog(props: { environmentId?: string } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  render(
    <QueryClientProvider client={client}>
      <AuditLog {...props} environments={[makeEnvironment({ id: 'env-1', name: 'Default' })]} />
    </QueryClientProvider>,
  )
}

describe('AuditLog', () => {
  it('renders the entries newest first, loads older ones and filters by environment', async () => {
    const calls = stubApi({
      'GET /api/v1/audit?limit=50': {
        status: 200,
        body: {
          items: [
            entry('3', { method: 'PUT', route: '/api/v1/environments/:envId/members/:accountId', params: { envId: 'env-1', accountId: 'acc-2' }, environmentId: 'env-1', status: 400 }),
            entry('2', { actorName: 'reader', via: 'api-key', method: 'DELETE', route: '/api/v1/api-keys/:id', params: { id: 'key-1' }, status: 204, ip: '10.0.0.7' }),
          ],
          nextCursor: 'c2',
        },
      },
      'GET /api/v1/audit?limit=50&cursor=c2': { status: 200, body: { items: [entry('1')], nextCursor: null } },
      'GET /api/v1/audit?environmentId=env-1&limit=50': { status: 200, body: { items: [entry('3', { environmentId: 'env-1' })], nextCursor: null } },
    })
    renderLog()
    const table = await screen.findByRole('table', { name: 'Audit log' })
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows).toHaveLength(2)
    expect(rows[0].textContent).toContain('PUT /api/v1/environments/env-1/members/acc-2')
    expect(rows[0].textContent).toContain('Default')
    expect(rows[0].textContent).toContain('400')
    expect(rows[1].textContent).toContain('reader')
    expect(rows[1].textContent).toContain('API key')
    expect(rows[1].textContent).toContain('DELETE /api/v1/api-keys/key-1')
    expect(rows[1].textContent).toContain('10.0.0.7')

    fireEvent.click(screen.getByRole('button', { name: 'Load older' }))
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Audit log' })).getAllByRole('row')).toHaveLength(4))
    expect(screen.queryByRole('button', { name: 'Load older' })).toBeNull()
    expect(within(screen.getByRole('table', { name: 'Audit log' })).getAllByRole('row')[3].textContent).toContain('POST /api/v1/accounts')

    fireEvent.change(screen.getByLabelText('Environment'), { target: { value: 'env-1' } })
    await waitFor(() => expect(calls.at(-1)?.url).toBe('/api/v1/audit?environmentId=env-1&limit=50'))
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Audit log' })).getAllByRole('row')).toHaveLength(2))
  })

  it("shows one environment's log without a filter or an environment column", async () => {
    stubApi({ 'GET /api/v1/audit?environmentId=env-1&limit=50': { status: 200, body: { items: [entry('3', { environmentId: 'env-1' })], nextCursor: null } } })
    renderLog({ environmentId: 'env-1' })
    const table = await screen.findByRole('table', { name: 'Audit log' })
    expect(within(table).queryByRole('columnheader', { name: 'Environment' })).toBeNull()
    expect(screen.queryByLabelText('Environment')).toBeNull()
  })
})
