import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { stubApi, T0 } from '../testing/access-fixtures.ts'
import { CreateAccountForm } from './create-account-form.tsx'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

function renderForm() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  render(
    <QueryClientProvider client={client}>
      <CreateAccountForm />
    </QueryClientProvider>,
  )
}

const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } })
/** The error text the field's aria-describedby points at. */
const describedText = (label: string) => {
  const id = screen.getByLabelText(label).getAttribute('aria-describedby')
  return id ? (document.getElementById(id)?.textContent ?? '') : ''
}

describe('CreateAccountForm', () => {
  it('checks the password length before sending', () => {
    const calls = stubApi({})
    renderForm()
    type('Username', 'reader')
    type('Password', 'short')
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }))
    expect(describedText('Password')).toBe('At least 12 characters.')
    expect(calls).toEqual([])
  })

  it("shows the server's field errors at their fields", async () => {
    stubApi({
      'POST /api/v1/accounts': {
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED', message: 'invalid', details: [{ path: 'username', message: 'lower-case letters, digits, `.`, `_` and `-`, at most 63' }] }, requestId: 'r' },
      },
    })
    renderForm()
    type('Username', 'Not Valid')
    type('Password', 'a-long-enough-password')
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }))
    await waitFor(() => expect(describedText('Username')).toContain('lower-case letters'))
    expect(screen.getByLabelText('Username').getAttribute('aria-invalid')).toBe('true')
    expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBeNull()
  })

  it('says a taken username at the username, and creates an account', async () => {
    const calls = stubApi({
      'POST /api/v1/accounts': (body) =>
        (body as { username: string }).username === 'admin'
          ? { status: 409, body: { error: { code: 'NAME_TAKEN', message: 'an account named "admin" already exists', details: [{ path: 'username', message: 'is taken' }] }, requestId: 'r' } }
          : { status: 201, body: { id: 'acc-2', revision: 1, createdAt: T0, updatedAt: T0, username: 'reader', displayName: 'Reader', admin: false } },
    })
    renderForm()
    type('Username', 'admin')
    type('Password', 'a-long-enough-password')
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }))
    await waitFor(() => expect(describedText('Username')).toBe('is taken'))

    type('Username', 'reader')
    type('Display name (optional)', 'Reader')
    fireEvent.click(screen.getByRole('button', { name: 'Create account' }))
    expect(await screen.findByText('Account reader created.')).toBeTruthy()
    expect(calls.at(-1)?.body).toEqual({ username: 'reader', displayName: 'Reader', password: 'a-long-enough-password', admin: false })
    expect((screen.getByLabelText('Password') as HTMLInputElement).value).toBe('')
  })
})
