import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Router } from 'wouter'
import { memoryLocation } from 'wouter/memory-location'
import { LoginPage } from '../../../app/routes/login-page.tsx'
import { getCsrfToken, setCsrfToken } from '../../../lib/api-client.ts'
import { authKeys } from '../api/auth-api.ts'

const T0 = '2026-11-28T08:00:00.000Z'
const ME = {
  account: { id: 'acc-1', revision: 1, createdAt: T0, updatedAt: T0, username: 'admin', displayName: '', admin: true },
  roles: {},
  csrfToken: 'csrf-1',
  via: 'session',
}

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  setCsrfToken(null)
})

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

function renderLogin(path: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  const location = memoryLocation({ path, record: true })
  render(
    <QueryClientProvider client={client}>
      <Router hook={location.hook} searchHook={location.searchHook}>
        <LoginPage />
      </Router>
    </QueryClientProvider>,
  )
  return { client, location }
}

function signIn(username: string, password: string) {
  fireEvent.change(screen.getByLabelText('Username'), { target: { value: username } })
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } })
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }))
}

describe('LoginPage', () => {
  it('says the username or password is wrong on a 401, and stays', async () => {
    const fetchMock = vi.fn<typeof fetch>().mockResolvedValue(json(401, { error: { code: 'UNAUTHENTICATED', message: 'wrong username or password' }, requestId: 'r' }))
    vi.stubGlobal('fetch', fetchMock)
    const { location } = renderLogin('/login?next=%2Fcatalog')
    expect(screen.getByRole('heading', { name: 'Sign in to Paddock', level: 1 })).toBeTruthy()
    signIn('admin', 'not-the-password')
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong username or password')
    expect(location.history?.at(-1)).toBe('/login?next=%2Fcatalog')
    const [url, init] = fetchMock.mock.calls[0]
    expect(url).toBe('/api/v1/auth/login')
    expect(JSON.parse(String(init?.body))).toEqual({ username: 'admin', password: 'not-the-password' })
  })

  it('signs in, keeps the CSRF token and goes to `next`', async () => {
    vi.stubGlobal('fetch', vi.fn<typeof fetch>().mockResolvedValue(json(200, ME)))
    const { client, location } = renderLogin('/login?next=%2Fenvironments%2Fe1%2Fhosts')
    signIn('admin', 'paddock-e2e-admin-password')
    await waitFor(() => expect(location.history?.at(-1)).toBe('/environments/e1/hosts'))
    expect(getCsrfToken()).toBe('csrf-1')
    expect(client.getQueryData(authKeys.me())).toMatchObject({ account: { username: 'admin' } })
  })

  it('does not follow a `next` to another origin', async () => {
    vi.stubGlobal('fetch', vi.fn<typeof fetch>().mockResolvedValue(json(200, ME)))
    const { location } = renderLogin('/login?next=https%3A%2F%2Fevil.example%2F')
    signIn('admin', 'paddock-e2e-admin-password')
    await waitFor(() => expect(location.history?.at(-1)).toBe('/'))
  })
})
