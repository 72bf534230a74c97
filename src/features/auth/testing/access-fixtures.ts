import { vi } from 'vitest'
import type { Me, Role } from '../../../../core/api/index.ts'

export const T0 = '2026-11-28T08:00:00.000Z'

export function makeMe(overrides: { admin?: boolean; roles?: Record<string, Role>; id?: string; username?: string } = {}): Me {
  return {
    account: {
      id: overrides.id ?? 'acc-1',
      revision: 1,
      createdAt: T0,
      updatedAt: T0,
      username: overrides.username ?? 'alice',
      displayName: '',
      admin: overrides.admin ?? false,
    },
    roles: overrides.roles ?? {},
    csrfToken: 'csrf-1',
    via: 'session',
  }
}

export type Call = { method: string; url: string; body: unknown }
type Answer = { status: number; body?: unknown }

/**
 * A fetch that answers by "METHOD url" (a function gets the body) and records every call;
 * anything else answers 404 so a test sees what it did not expect.
 */
export function stubApi(routes: Record<string, Answer | ((body: unknown) => Answer)>) {
  const calls: Call[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET'
      const body = init.body ? JSON.parse(String(init.body)) : undefined
      calls.push({ method, url, body })
      const route = routes[`${method} ${url}`]
      const answer = typeof route === 'function' ? route(body) : (route ?? { status: 404, body: { error: { code: 'NOT_FOUND', message: `no stub for ${method} ${url}` }, requestId: 'r' } })
      return answer.status === 204
        ? new Response(null, { status: 204 })
        : new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } })
    }),
  )
  return calls
}

export const list = <T,>(items: T[]) => ({ items, nextCursor: null })
