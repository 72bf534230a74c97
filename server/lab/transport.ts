import type { FastifyInstance } from 'fastify'

export interface AgentResponse {
  status: number
  body: unknown
}

/** How an agent reaches the agent API: over HTTP for real agents, in-process for lab agents. */
export type AgentTransport = (method: 'GET' | 'POST', path: string, opts: { token?: string; body?: unknown }) => Promise<AgentResponse>

/**
 * Lab agents call the agent API through Fastify's inject: the same routes, validation,
 * authentication and handlers as an HTTP client, without a socket.
 */
export function injectTransport(app: FastifyInstance): AgentTransport {
  return async (method, path, opts) => {
    const res = await app.inject({
      method,
      url: path,
      headers: opts.token ? { authorization: `Bearer ${opts.token}` } : {},
      ...(opts.body !== undefined ? { payload: opts.body as object } : {}),
    })
    let body: unknown = null
    try {
      body = res.body ? JSON.parse(res.body) : null
    } catch {
      body = res.body
    }
    return { status: res.statusCode, body }
  }
}

/** Real agents: HTTP to the control plane's base URL. */
export function httpTransport(baseUrl: string): AgentTransport {
  return async (method, path, opts) => {
    const res = await fetch(new URL(path, baseUrl), {
      method,
      headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    })
    const text = await res.text()
    let body: unknown = null
    try {
      body = text ? JSON.parse(text) : null
    } catch {
      body = text
    }
    return { status: res.status, body }
  }
}
