import { afterEach, describe, expect, it, vi } from 'vitest'
import { Environment } from '../../core/api/index.ts'
import { makeEnvironment } from '../testing/fixtures.ts'
import { api, apiRequest, fetchAllPages, getCsrfToken, setCsrfToken } from './api-client.ts'
import { ApiError } from './api-error.ts'
import { shouldRetry } from './query-client.ts'

function respond(status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  return new Response(status === 204 ? null : text, { status, headers })
}

function mockFetch(...responses: Array<Response | Error>) {
  const fn = vi.fn<typeof fetch>()
  for (const r of responses) {
    if (r instanceof Error) fn.mockRejectedValueOnce(r)
    else fn.mockResolvedValueOnce(r)
  }
  vi.stubGlobal('fetch', fn)
  return fn
}

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError)
    return error as ApiError
  }
  throw new Error('expected the request to fail')
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('api-client errors', () => {
  it('reads the contract body: code, status, message, details and request id', async () => {
    mockFetch(
      respond(400, {
        error: { code: 'VALIDATION_FAILED', message: 'name: too long', details: [{ path: 'name', message: 'at most 63 characters' }] },
        requestId: 'req-1',
      }),
    )
    const error = await caught(api.post('/api/v1/environments', { name: 'x'.repeat(99) }))
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, message: 'name: too long', requestId: 'req-1' })
    expect(error.isValidation).toBe(true)
    expect(error.isConflict).toBe(false)
    expect(error.fieldErrors).toEqual([{ path: 'name', message: 'at most 63 characters' }])
  })

  it('exposes the current revision of a REVISION_MISMATCH', async () => {
    mockFetch(respond(409, { error: { code: 'REVISION_MISMATCH', message: 'stale', details: { current: 4 } }, requestId: 'r' }))
    const error = await caught(api.patch('/api/v1/environments/e', { name: 'b' }, { ifMatch: 3 }))
    expect(error.isConflict).toBe(true)
    expect(error.isRevisionMismatch).toBe(true)
    expect(error.currentRevision).toBe(4)
  })

  it('accepts a foreign JSON body (Fastify default) and keeps its message', async () => {
    mockFetch(respond(400, { statusCode: 400, code: 'FST_ERR_CTP_EMPTY_JSON_BODY', error: 'Bad Request', message: 'Body cannot be empty' }))
    const error = await caught(api.get('/api/v1/environments'))
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', status: 400, message: 'Body cannot be empty' })
  })

  it('keeps an unknown server code rather than hiding it', async () => {
    mockFetch(respond(409, { error: { code: 'SOMETHING_NEW', message: 'new conflict' }, requestId: 'r' }))
    const error = await caught(api.get('/x'))
    expect(error).toMatchObject({ code: 'SOMETHING_NEW', status: 409, message: 'new conflict' })
  })

  it('turns an HTML gateway page into a 5xx ApiError with a readable message', async () => {
    mockFetch(respond(502, '<html><body>Bad Gateway</body></html>', { 'content-type': 'text/html' }))
    const error = await caught(api.get('/api/v1/environments'))
    expect(error).toMatchObject({ code: 'INTERNAL', status: 502, message: 'The server failed unexpectedly.' })
    expect(error.isClientError).toBe(false)
  })

  it('turns an empty 404 into NOT_FOUND', async () => {
    mockFetch(respond(404, '', { 'x-request-id': 'req-404' }))
    const error = await caught(api.get('/api/v1/environments/nope'))
    expect(error).toMatchObject({ code: 'NOT_FOUND', status: 404, requestId: 'req-404' })
    expect(error.isNotFound).toBe(true)
  })

  it('uses a plain-text body as the message', async () => {
    mockFetch(respond(503, 'database unreachable'))
    const error = await caught(api.get('/api/v1/health'))
    expect(error).toMatchObject({ code: 'UNAVAILABLE', status: 503, message: 'database unreachable' })
  })

  it('reports a request that never got an answer as NETWORK_ERROR', async () => {
    mockFetch(new TypeError('Failed to fetch'))
    const error = await caught(api.get('/api/v1/environments'))
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', status: 0 })
    expect(error.isNetworkError).toBe(true)
  })

  it('rejects a 2xx answer that breaks the contract with INVALID_RESPONSE', async () => {
    mockFetch(respond(200, { ...makeEnvironment(), hostCount: 'three' }))
    const error = await caught(apiRequest('/api/v1/environments/env-1', { schema: Environment }))
    expect(error.code).toBe('INVALID_RESPONSE')
    expect(error.message).toContain('hostCount')
  })
})

describe('api-client requests', () => {
  it('sends JSON and If-Match only when asked, and no content-type without a body', async () => {
    const fetchMock = mockFetch(respond(200, makeEnvironment()), respond(204, null))
    await api.patch('/api/v1/environments/env-1', { name: 'b' }, { ifMatch: 3, schema: Environment })
    await api.delete('/api/v1/environments/env-1')

    const [, patchInit] = fetchMock.mock.calls[0]
    expect(patchInit?.method).toBe('PATCH')
    expect(patchInit?.body).toBe('{"name":"b"}')
    expect(patchInit?.headers).toMatchObject({ 'content-type': 'application/json', 'if-match': '3' })

    const [, deleteInit] = fetchMock.mock.calls[1]
    expect(deleteInit?.method).toBe('DELETE')
    expect(deleteInit?.body).toBeUndefined()
    expect(deleteInit?.headers).not.toHaveProperty('content-type')
  })

  it('follows nextCursor until the last page', async () => {
    const fetchMock = mockFetch(
      respond(200, { items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'c1' }),
      respond(200, { items: [{ id: 'c' }], nextCursor: null }),
    )
    const items = await fetchAllPages<{ id: string }>('/api/v1/environments/e/containers', { limit: 500 })
    expect(items.map((i) => i.id)).toEqual(['a', 'b', 'c'])
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual([
      '/api/v1/environments/e/containers?limit=500',
      '/api/v1/environments/e/containers?limit=500&cursor=c1',
    ])
  })
})

describe('query retries', () => {
  it('never retries a 4xx, retries transient failures twice', () => {
    const conflict = new ApiError({ code: 'NAME_TAKEN', status: 409, message: 'taken' })
    const unavailable = new ApiError({ code: 'UNAVAILABLE', status: 503, message: 'down' })
    expect(shouldRetry(0, conflict)).toBe(false)
    expect(shouldRetry(0, unavailable)).toBe(true)
    expect(shouldRetry(2, unavailable)).toBe(false)
  })
})

describe('api-client sessions', () => {
  const me = (csrfToken: string) => ({
    account: { id: 'acc-1', revision: 1, createdAt: '2026-11-28T08:00:00.000Z', updatedAt: '2026-11-28T08:00:00.000Z', username: 'admin', displayName: '', admin: true },
    roles: {},
    csrfToken,
    via: 'session',
  })

  afterEach(() => {
    setCsrfToken(null)
    window.history.replaceState(null, '', '/')
  })

  it('sends the session cookie and the CSRF token on POST, not on GET', async () => {
    setCsrfToken('tok-1')
    const fn = mockFetch(respond(200, { ok: true }), respond(201, { ok: true }), respond(204, null))
    await api.get('/api/v1/environments')
    await api.post('/api/v1/environments', { name: 'a' })
    await api.delete('/api/v1/environments/e')
    const [getInit, postInit, deleteInit] = fn.mock.calls.map((call) => call[1] as RequestInit)
    expect(getInit.credentials).toBe('same-origin')
    expect(getInit.headers).not.toHaveProperty('x-csrf-token')
    expect(postInit.credentials).toBe('same-origin')
    expect(postInit.headers).toMatchObject({ 'x-csrf-token': 'tok-1' })
    expect(deleteInit.headers).toMatchObject({ 'x-csrf-token': 'tok-1' })
  })

  it('sends the app to /login?next=<the page> on a 401', async () => {
    window.history.replaceState(null, '', '/environments/e1/hosts?q=lab')
    mockFetch(respond(401, { error: { code: 'UNAUTHENTICATED', message: 'Sign in to continue.' }, requestId: 'r' }))
    const error = await caught(api.get('/api/v1/environments/e1/hosts'))
    expect(error.status).toBe(401)
    expect(window.location.pathname).toBe('/login')
    expect(new URLSearchParams(window.location.search).get('next')).toBe('/environments/e1/hosts?q=lab')
  })

  it('does not leave the sign-in page on a 401, nor when the call asked not to', async () => {
    window.history.replaceState(null, '', '/login?next=%2Fcatalog')
    mockFetch(respond(401, {}))
    await caught(api.get('/api/v1/auth/me'))
    expect(`${window.location.pathname}${window.location.search}`).toBe('/login?next=%2Fcatalog')

    window.history.replaceState(null, '', '/account')
    mockFetch(respond(401, {}))
    await caught(api.post('/api/v1/auth/password', {}, { redirectOnUnauthenticated: false }))
    expect(window.location.pathname).toBe('/account')
  })

  it('reads a fresh CSRF token and retries once on a CSRF refusal', async () => {
    setCsrfToken('stale')
    const fn = mockFetch(
      respond(403, { error: { code: 'FORBIDDEN', message: 'missing or wrong CSRF token' }, requestId: 'r' }),
      respond(200, me('fresh')),
      respond(201, { id: 'x' }),
    )
    expect(await api.post('/api/v1/environments', { name: 'a' })).toEqual({ id: 'x' })
    expect(fn).toHaveBeenCalledTimes(3)
    expect(fn.mock.calls[1][0]).toBe('/api/v1/auth/me')
    expect((fn.mock.calls[2][1] as RequestInit).headers).toMatchObject({ 'x-csrf-token': 'fresh' })
    expect(getCsrfToken()).toBe('fresh')
  })

  it('retries a CSRF refusal only once, and not other 403s', async () => {
    const csrf = respond(403, { error: { code: 'FORBIDDEN', message: 'CSRF token mismatch' }, requestId: 'r' })
    const fn = mockFetch(csrf, respond(200, me('t2')), respond(403, { error: { code: 'FORBIDDEN', message: 'CSRF token mismatch' }, requestId: 'r' }))
    expect((await caught(api.post('/api/v1/environments', {}))).status).toBe(403)
    expect(fn).toHaveBeenCalledTimes(3)

    const other = mockFetch(respond(403, { error: { code: 'FORBIDDEN', message: 'read-only members cannot change stacks' }, requestId: 'r' }))
    expect((await caught(api.post('/api/v1/environments', {}))).status).toBe(403)
    expect(other).toHaveBeenCalledTimes(1)
  })
})
