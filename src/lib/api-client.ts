import { navigate } from 'wouter/use-browser-location'
import type { z } from 'zod'
import { ApiErrorBody, apiPaths, Me, type List } from '../../core/api/index.ts'
import { paths } from '../config/paths.ts'
import { ApiError, textForCode } from './api-error.ts'

/** Anything with a zod-style `safeParse`; responses are checked against the contract with it. */
type Schema<T> = z.ZodType<T>

export type RequestOptions<T> = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** Sent as JSON; no body (and no content-type) when undefined. */
  body?: unknown
  /** Sent as `If-Match: <revision>` for conflict-safe writes. */
  ifMatch?: number
  query?: Record<string, string | number | boolean | undefined>
  /** Validates the response body; a mismatch throws `INVALID_RESPONSE`. */
  schema?: Schema<T>
  signal?: AbortSignal
  /**
   * Whether a 401 answer sends the app to the sign-in page (default). Off for the calls whose 401
   * is an answer for the form that made them (a wrong password).
   */
  redirectOnUnauthenticated?: boolean
}

// The session's CSRF token (from `GET /auth/me` or `POST /auth/login`), sent on unsafe methods.
let csrfToken: string | null = null

export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

export function getCsrfToken(): string | null {
  return csrfToken
}

/** Goes to the sign-in page, coming back to where the app was; never from the sign-in page itself. */
export function redirectToSignIn(): void {
  if (typeof window === 'undefined') return
  const { pathname, search, hash } = window.location
  if (pathname === paths.login.pattern) return
  navigate(paths.login.href(`${pathname}${search}${hash}`), { replace: true })
}

let unauthenticatedHandler: () => void = redirectToSignIn

/** Replaces what a 401 does (tests; the app keeps the default). Returns the previous handler. */
export function setUnauthenticatedHandler(handler: () => void): () => void {
  const previous = unauthenticatedHandler
  unauthenticatedHandler = handler
  return previous
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** A 403 that refuses the CSRF token (missing or from an older session), not the action. */
function isCsrfRefusal(error: ApiError): boolean {
  return error.status === 403 && (/csrf/i.test(String(error.code)) || /csrf/i.test(error.message))
}

/** Reads `GET /auth/me` again for a fresh CSRF token; null when that fails. */
async function refreshCsrfToken(): Promise<string | null> {
  try {
    const me = await apiRequest(apiPaths.me(), { schema: Me })
    setCsrfToken(me.csrfToken)
    return me.csrfToken
  } catch {
    return null
  }
}

/** The code to use when an error answer carries no usable body. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
}

function withQuery(path: string, query: RequestOptions<unknown>['query']): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value))
  }
  const qs = params.toString()
  if (!qs) return path
  return `${path}${path.includes('?') ? '&' : '?'}${qs}`
}

/**
 * Turns any non-2xx answer into an `ApiError`. Accepts the contract's body, Fastify's default
 * error body, plain text and nothing at all, in that order of preference (Backstage-style).
 */
export async function parseErrorResponse(res: Response): Promise<ApiError> {
  const status = res.status
  const headerRequestId = res.headers.get('x-request-id')
  let text = ''
  try {
    text = await res.text()
  } catch {
    text = ''
  }
  let json: unknown = undefined
  if (text) {
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
  }

  const strict = ApiErrorBody.safeParse(json)
  if (strict.success) {
    const { code, message, details } = strict.data.error
    return new ApiError({ code, status, message: message || textForCode(code) || code, details, requestId: strict.data.requestId })
  }

  const fallbackCode = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'HTTP_ERROR')
  if (json && typeof json === 'object') {
    const body = json as Record<string, unknown>
    const inner = body.error && typeof body.error === 'object' ? (body.error as Record<string, unknown>) : null
    const code = typeof inner?.code === 'string' ? inner.code : fallbackCode
    const message =
      (typeof inner?.message === 'string' && inner.message) ||
      (typeof body.message === 'string' && body.message) ||
      (typeof body.error === 'string' && body.error) ||
      textForCode(code) ||
      `HTTP ${status}`
    const requestId = typeof body.requestId === 'string' ? body.requestId : headerRequestId
    return new ApiError({ code, status, message, details: inner?.details ?? body.details, requestId })
  }

  const plain = text.trim().replace(/\s+/g, ' ')
  const message =
    plain && !plain.startsWith('<') ? plain.slice(0, 300) : textForCode(fallbackCode) ?? `HTTP ${status} ${res.statusText}`.trim()
  return new ApiError({ code: fallbackCode, status, message, requestId: headerRequestId })
}

async function send(path: string, options: RequestOptions<unknown>): Promise<Response> {
  const method = options.method ?? 'GET'
  const headers: Record<string, string> = { accept: 'application/json' }
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  if (options.ifMatch !== undefined) headers['if-match'] = String(options.ifMatch)
  if (UNSAFE_METHODS.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken
  try {
    return await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    })
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause
    throw new ApiError({ code: 'NETWORK_ERROR', status: 0, message: 'The control plane could not be reached.', details: String(cause) })
  }
}

/**
 * One request to the API, with the session cookie (same origin) and the CSRF token on unsafe
 * methods. Always resolves with the (validated) body or throws an `ApiError`. A 401 also sends the
 * app to the sign-in page; a 403 for the CSRF token reads a fresh token and tries once more.
 */
export async function apiRequest<T = unknown>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  let res = await send(path, options)
  if (!res.ok) {
    let error = await parseErrorResponse(res)
    if (isCsrfRefusal(error) && UNSAFE_METHODS.has(options.method ?? 'GET') && (await refreshCsrfToken()) !== null) {
      res = await send(path, options)
      error = res.ok ? error : await parseErrorResponse(res)
    }
    if (!res.ok) {
      if (error.status === 401 && options.redirectOnUnauthenticated !== false) unauthenticatedHandler()
      throw error
    }
  }
  if (res.status === 204) return undefined as T

  const text = await res.text()
  let body: unknown = undefined
  if (text) {
    try {
      body = JSON.parse(text)
    } catch {
      throw new ApiError({ code: 'INVALID_RESPONSE', status: res.status, message: 'The server answered with something that is not JSON.' })
    }
  }
  if (!options.schema) return body as T
  const parsed = options.schema.safeParse(body)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    const where = first ? `${first.path.join('.') || '(body)'}: ${first.message}` : ''
    throw new ApiError({
      code: 'INVALID_RESPONSE',
      status: res.status,
      message: `The server's answer does not match the API contract (${where}).`,
      details: parsed.error.issues,
    })
  }
  return parsed.data
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions<T>, 'method' | 'body'>) => apiRequest<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, body: unknown, options?: Omit<RequestOptions<T>, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'POST', body }),
  patch: <T>(path: string, body: unknown, options?: Omit<RequestOptions<T>, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'PATCH', body }),
  delete: <T = void>(path: string, options?: Omit<RequestOptions<T>, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'DELETE' }),
}

export type FetchAllOptions<T> = {
  /** Validates each item; leave out for very large lists where parsing costs more than it is worth. */
  itemSchema?: Schema<T>
  limit?: number
  query?: RequestOptions<unknown>['query']
  signal?: AbortSignal
}

/** Follows `nextCursor` until the last page and returns every item. */
export async function fetchAllPages<T>(path: string, options: FetchAllOptions<T> = {}): Promise<T[]> {
  const items: T[] = []
  let cursor: string | undefined = undefined
  // A server that keeps answering the same cursor must not hang the page.
  const seen = new Set<string>()
  for (;;) {
    const page: List<unknown> = await apiRequest<List<unknown>>(path, {
      query: { ...options.query, limit: options.limit ?? 500, cursor },
      signal: options.signal,
    })
    if (!page || !Array.isArray(page.items)) {
      throw new ApiError({ code: 'INVALID_RESPONSE', status: 200, message: 'The server answered a list without `items`.' })
    }
    for (const raw of page.items) {
      if (!options.itemSchema) {
        items.push(raw as T)
        continue
      }
      const parsed = options.itemSchema.safeParse(raw)
      if (!parsed.success) {
        const first = parsed.error.issues[0]
        throw new ApiError({
          code: 'INVALID_RESPONSE',
          status: 200,
          message: `The server's answer does not match the API contract (items.${first?.path.join('.')}: ${first?.message}).`,
          details: parsed.error.issues,
        })
      }
      items.push(parsed.data)
    }
    if (!page.nextCursor || seen.has(page.nextCursor)) return items
    seen.add(page.nextCursor)
    cursor = page.nextCursor
  }
}
