/**
 * The agent API client: plain HTTP to `http://host:port` or through a unix socket
 * (`unix:/path/to.sock`), which is how agents inside the real lab's network namespaces reach
 * a Paddock listening on the root namespace's loopback without any address or route being
 * added to the root namespace.
 */
import http from 'node:http'
import https from 'node:https'

export interface ApiAnswer<T = unknown> {
  status: number
  body: T
}

export class ApiClient {
  constructor(
    private readonly server: string,
    public token: string | null = null,
  ) {}

  request<T = unknown>(method: string, path: string, body?: unknown, bearer = this.token): Promise<ApiAnswer<T>> {
    const payload = body === undefined ? undefined : JSON.stringify(body)
    const headers: Record<string, string> = { accept: 'application/json' }
    if (payload !== undefined) headers['content-type'] = 'application/json'
    if (bearer) headers.authorization = `Bearer ${bearer}`
    let opts: http.RequestOptions
    let lib: typeof http | typeof https = http
    if (this.server.startsWith('unix:')) {
      opts = { socketPath: this.server.slice('unix:'.length), path, method, headers }
    } else {
      const url = new URL(path, this.server)
      lib = url.protocol === 'https:' ? https : http
      opts = { hostname: url.hostname, port: url.port, path: url.pathname + url.search, method, headers }
    }
    return new Promise((resolve, reject) => {
      const req = lib.request({ ...opts, timeout: 10_000 }, (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (d: string) => (text += d))
        res.on('end', () => {
          let parsed: unknown = text
          try {
            parsed = text ? JSON.parse(text) : null
          } catch {
            // not JSON: keep the text (an error page from a proxy, say)
          }
          resolve({ status: res.statusCode ?? 0, body: parsed as T })
        })
      })
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 10 s`)))
      req.on('error', reject)
      req.end(payload)
    })
  }
}
