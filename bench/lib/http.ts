import http from 'node:http'

export interface HttpResult {
  status: number
  body: string
}

/**
 * A minimal keep-alive HTTP/1.1 client over one socket (node:http, not fetch, so the client's
 * own overhead in the measured round trip stays small). Sequential use only.
 */
export class HttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  /** `headers` go with every request (the bench server's admin API key). */
  constructor(
    readonly baseUrl: string,
    readonly headers: Record<string, string> = {},
  ) {}

  request(method: string, path: string, body?: unknown): Promise<HttpResult> {
    const payload = body === undefined ? undefined : JSON.stringify(body)
    return new Promise((resolve, reject) => {
      const req = http.request(
        new URL(path, this.baseUrl),
        {
          method,
          agent: this.agent,
          headers: { ...this.headers, ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }) },
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
          res.on('error', reject)
        },
      )
      req.on('error', reject)
      req.end(payload)
    })
  }

  /** Sends and parses JSON; throws unless the status is `expect`. */
  async json<T = any>(method: string, path: string, body: unknown, expect: number): Promise<T> {
    const res = await this.request(method, path, body)
    if (res.status !== expect) throw new Error(`${method} ${path}: HTTP ${res.status} (wanted ${expect}): ${res.body.slice(0, 300)}`)
    return JSON.parse(res.body) as T
  }

  close() {
    this.agent.destroy()
  }
}
