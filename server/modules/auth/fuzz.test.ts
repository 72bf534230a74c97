/**
 * Fuzz: every registered API route (the access table's collector), as the admin, gets N random
 * or malformed requests: bodies (random JSON, deep nesting, long strings under 1 MiB, wrong
 * types, NUL bytes, unicode, broken JSON), query strings and path parameters (random text, the
 * real environment id, NUL, very long). No answer may be a 5xx or take longer than the
 * per-request timeout. The seed is fixed, so a failure replays; the failing case is printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registeredRoutes } from '../../app.ts'
import { flushAudit } from '../audit/audit.service.ts'
import { DIALECTS } from '../../testing/test-db.ts'
import { startTestServer, type TestServer } from '../../testing/test-app.ts'

const API = '/api/v1'
const PER_ROUTE = 30
const TIMEOUT_MS = 5_000
const SEED = 0xf022

/** mulberry32: small and deterministic. */
function rng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = a
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

/** encodeURIComponent that survives lone surrogates (they become U+FFFD, as a browser sends them). */
const enc = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'))

describe.each(DIALECTS)('fuzz every route on %s', (dialect) => {
  let t: TestServer
  let envId: string

  beforeAll(async () => {
    t = await startTestServer(dialect, { labIntervalMs: 60_000 })
    const tpl = (await t.request({ method: 'GET', url: `${API}/templates` })).json.items.find((x: { name: string }) => x.name === 'Cattle').id
    envId = (await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'fuzzed', environmentTemplateId: tpl } })).json.id
    await t.request({ method: 'POST', url: `${API}/environments/${envId}/hosts`, payload: {} })
  })
  afterAll(async () => t?.close())

  it('never answers a 5xx or hangs', { timeout: 120_000 }, async () => {
    const random = rng(SEED)
    const int = (n: number) => Math.floor(random() * n)
    const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]
    const text = (): string =>
      pick([
        () => '',
        () => 'x',
        () => '\u0000',
        () => `a\u0000b`,
        () => '😀ü中\u202e\ufeff',
        () => '\ud800',
        () => 'a'.repeat(int(300)),
        () => '../../etc/passwd',
        () => "' OR 1=1 --",
        () => '%00%ff',
        () => '10.42.0.1',
        () => '10.42.0.0/16',
        () => String(random()),
        () => envId,
        () => 'y'.repeat(100_000 + int(800_000)),
      ])()
    const scalar = (): unknown => pick<() => unknown>([() => null, () => true, () => 0, () => -1, () => 1e308, () => 2 ** 53 + 1, () => 0.5, text, () => [], () => ({})])()
    const value = (depth: number): unknown => {
      if (depth > 4 || random() < 0.45) return scalar()
      if (random() < 0.4) return Array.from({ length: int(4) }, () => value(depth + 1))
      const o: Record<string, unknown> = {}
      const keys = ['name', 'environmentId', 'environmentTemplateId', 'agentIp', 'role', 'password', 'labels', 'containers', 'ports', 'hostId', 'image', 'networkMode', 'cidr', 'type', 'answers', '__proto__', 'constructor', text()]
      for (let i = int(5); i > 0; i--) o[pick(keys)] = value(depth + 1)
      return o
    }
    const nested = (n: number) => '['.repeat(n) + ']'.repeat(n)
    const body = (): { payload?: string; contentType?: string } => {
      const r = random()
      if (r < 0.55) return { payload: JSON.stringify(value(0)) ?? 'null' }
      if (r < 0.65) return { payload: `{"name":${nested(1 + int(20_000))}}` }
      if (r < 0.75) return { payload: pick(['{', '{"a":', 'nul', '"\\u00', '[1,]', '{"a":1}{"b":2}', '\u0000', '']) }
      if (r < 0.85) return { payload: JSON.stringify(value(0)), contentType: pick(['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'multipart/form-data']) }
      return {}
    }
    const param = (name: string): string => {
      if (name === 'envId' && random() < 0.5) return envId
      return enc(pick([text, () => '%00', () => 'z'.repeat(65 + int(2000)), () => '..', () => String(int(1e9))])().slice(0, 4000)) || 'x'
    }
    const query = (): string => {
      const parts: string[] = []
      for (let i = int(4); i > 0; i--) {
        const key = pick(['limit', 'cursor', 'environmentId', 'since', 'force', 'hostId', 'from', 'to', 'kind', 'q', text().slice(0, 50)])
        const v = pick([() => '-1', () => '0', () => '1e999', () => 'NaN', () => 'true', () => '%00', () => enc(text().slice(0, 2000)), () => ''])()
        parts.push(`${enc(key)}=${v}`)
      }
      return parts.length > 0 ? `?${parts.join('&')}` : ''
    }

    // the event stream is a long poll by design: the access table and events tests cover it
    const routes = registeredRoutes(t.server.app).filter((r) => r.url.startsWith(`${API}/`) && r.method !== 'HEAD' && r.url !== `${API}/events`)
    expect(routes.length).toBeGreaterThan(50)
    const failures: string[] = []
    let sent = 0
    const byClass = new Map<string, number>()
    for (const route of routes) {
      for (let i = 0; i < PER_ROUTE; i++) {
        const url = route.url.replace(/:([a-zA-Z]+)/g, (_, name: string) => param(name)) + query()
        const b = route.method === 'GET' || route.method === 'DELETE' ? (random() < 0.2 ? body() : {}) : body()
        const headers: Record<string, string> = { 'if-match': pick(['1', 'nope', '"1"', '-1', '99999999999999999999']) }
        if (b.payload !== undefined) headers['content-type'] = b.contentType ?? 'application/json'
        const what = `${route.method} ${url.slice(0, 200)} body=${(b.payload ?? '').slice(0, 200)}`
        let timer: NodeJS.Timeout | undefined
        const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS)))
        const res = await Promise.race([t.request({ method: route.method as 'GET', url, headers, ...(b.payload !== undefined ? { payload: b.payload } : {}) }), timeout])
        clearTimeout(timer)
        sent++
        if (res === 'timeout') failures.push(`timeout: ${what}`)
        else byClass.set(`${Math.floor(res.status / 100)}xx`, (byClass.get(`${Math.floor(res.status / 100)}xx`) ?? 0) + 1)
        if (res !== 'timeout' && res.status >= 500) failures.push(`${res.status} ${res.body.slice(0, 300)}: ${what}`)
      }
    }
    await flushAudit(t.server.ctx)
    expect(failures).toEqual([])
    expect(sent).toBe(routes.length * PER_ROUTE)
    if (process.env.FUZZ_VERBOSE) console.log(dialect, Object.fromEntries(byClass))
    // the requests got past validation sometimes, not only refused at the door
    expect(byClass.get('2xx') ?? 0).toBeGreaterThan(routes.length)
    // still healthy afterwards
    expect((await t.request({ method: 'GET', url: `${API}/health` })).status).toBe(200)
  })
})
