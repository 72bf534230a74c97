import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Member } from '../../../../core/api/index.ts'
import { makeEnvironment } from '../../../testing/fixtures.ts'
import { authKeys } from '../../auth/api/auth-api.ts'
import { list, makeMe, stubApi } from '../../auth/testing/access-fixtures.ts'
import { MembersSection } from './members-section.tsx'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const member = (accountId: string, username: string, role: Member['role']): Member => ({ environmentId: 'env-1', accountId, username, displayName: '', role })
const MEMBERS = '/api/v1/environments/env-1/members'

function renderSection(me = makeMe({ id: 'acc-1', username: 'alice', roles: { 'env-1': 'owner' } })) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } } })
  client.setQueryData(authKeys.me(), me)
  render(
    <QueryClientProvider client={client}>
      <MembersSection environment={makeEnvironment({ id: 'env-1' })} />
    </QueryClientProvider>,
  )
  return client
}

describe('MembersSection', () => {
  it('changes a role with PUT …/members/:accountId and shows the new role', async () => {
    let bob = member('acc-2', 'bob', 'member')
    const calls = stubApi({
      [`GET ${MEMBERS}`]: () => ({ status: 200, body: list([member('acc-1', 'alice', 'owner'), bob]) }),
      [`PUT ${MEMBERS}/acc-2`]: (body) => {
        bob = { ...bob, role: (body as { role: Member['role'] }).role }
        return { status: 200, body: bob }
      },
    })
    renderSection()
    const select = (await screen.findByLabelText('Role of bob')) as HTMLSelectElement
    expect(select.value).toBe('member')
    fireEvent.change(select, { target: { value: 'read-only' } })
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true))
    expect(calls.find((c) => c.method === 'PUT')).toEqual({ method: 'PUT', url: `${MEMBERS}/acc-2`, body: { role: 'read-only' } })
    await waitFor(() => expect((screen.getByLabelText('Role of bob') as HTMLSelectElement).value).toBe('read-only'))
  })

  it('shows the last-owner refusal at the role it was about, and keeps the role', async () => {
    const refusal = 'an environment keeps at least one owner: make another member owner first'
    stubApi({
      [`GET ${MEMBERS}`]: { status: 200, body: list([member('acc-1', 'alice', 'owner'), member('acc-2', 'bob', 'member')]) },
      [`PUT ${MEMBERS}/acc-1`]: { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: 'invalid', details: [{ path: 'role', message: refusal }] }, requestId: 'r' } },
      [`DELETE ${MEMBERS}/acc-1`]: { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: 'invalid', details: [{ path: 'accountId', message: refusal }] }, requestId: 'r' } },
    })
    renderSection()
    const select = (await screen.findByLabelText('Role of alice')) as HTMLSelectElement
    fireEvent.change(select, { target: { value: 'member' } })
    await waitFor(() => expect(select.getAttribute('aria-invalid')).toBe('true'))
    const describedBy = select.getAttribute('aria-describedby') ?? ''
    expect(document.getElementById(describedBy)?.textContent).toBe(refusal)
    expect(select.value).toBe('owner')

    // removing the last owner: refused at that row too, after the confirmation
    fireEvent.click(screen.getByRole('button', { name: 'Remove alice' }))
    fireEvent.click(screen.getByRole('button', { name: 'Yes, remove' }))
    const row = screen.getByRole('row', { name: /alice/ })
    await waitFor(() => expect(within(row).getAllByText(refusal).length).toBeGreaterThan(0))
  })

  it('lists members read-only for someone who is not an owner', async () => {
    const calls = stubApi({ [`GET ${MEMBERS}`]: { status: 200, body: list([member('acc-9', 'carol', 'owner'), member('acc-1', 'alice', 'read-only')]) } })
    renderSection(makeMe({ id: 'acc-1', roles: { 'env-1': 'read-only' } }))
    expect(await screen.findByRole('cell', { name: 'carol' })).toBeTruthy()
    expect(screen.queryByLabelText('Role of carol')).toBeNull()
    expect(screen.queryByRole('button', { name: 'Add member' })).toBeNull()
    expect(calls.every((c) => c.method === 'GET')).toBe(true)
  })

  it('lets an owner who is not an admin add someone by username', async () => {
    const calls = stubApi({
      [`GET ${MEMBERS}`]: { status: 200, body: list([member('acc-1', 'alice', 'owner')]) },
      [`PUT ${MEMBERS}/nobody`]: { status: 422, body: { error: { code: 'REFERENCE_NOT_FOUND', message: 'accountId: account "nobody" does not exist', details: [{ path: 'accountId', message: 'account "nobody" does not exist' }] }, requestId: 'r' } },
    })
    renderSection()
    fireEvent.change(await screen.findByLabelText('Username'), { target: { value: 'nobody' } })
    fireEvent.click(screen.getByRole('button', { name: 'Add member' }))
    expect(await screen.findByText(/No account named "nobody"/)).toBeTruthy()
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({ role: 'member' })
  })
})
