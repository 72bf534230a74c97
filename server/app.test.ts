import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { RouteOptions } from 'fastify'
import { buildApp } from './app.ts'
import { DIALECTS } from './testing/test-db.ts'
import { startTestServer, type TestServer } from './testing/test-app.ts'
import { ERROR_CODES } from '../core/api/errors.ts'

const API = '/api/v1'

type Json = any

// Every route any app in this file registers, collected with an onRoute hook installed on the
// instance as soon as Fastify creates it (before buildApp registers anything).
const registered = vi.hoisted(() => [] as { method: string; url: string; permission: unknown }[])
vi.mock('fastify', async (importOriginal) => {
  const mod = await importOriginal<typeof import('fastify')>()
  const original = mod.default as unknown as (...args: unknown[]) => { addHook(name: string, fn: (r: RouteOptions) => void): void }
  const wrapped = Object.assign((...args: unknown[]) => {
    const app = original(...args)
    app.addHook('onRoute', (r: RouteOptions) => {
      for (const method of [r.method].flat()) registered.push({ method: String(method), url: r.url, permission: r.config?.permission })
    })
    return app
  }, original)
  return { ...mod, default: wrapped }
})

/** `/environments/:envId/hosts` → `/environments/{envId}/hosts` (OpenAPI path templating). */
const toOpenApi = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')

/** A small deterministic PRNG (mulberry32), so a failing fuzz case can be replayed. */
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

function expectErrorBody(res: { json: Json; status: number }, what: string) {
  expect(res.json, what).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) }, requestId: expect.any(String) })
  expect(ERROR_CODES, what).toContain(res.json.error.code)
}

describe.each(DIALECTS)('app on %s', (dialect) => {
  let t: TestServer
  let appRoutes: { method: string; url: string; permission: unknown }[]
  let envId: string
  let token: string

  beforeAll(async () => {
    registered.length = 0
    t = await startTestServer(dialect, { labIntervalMs: 60_000 })
    appRoutes = registered.filter((r) => r.url.startsWith(`${API}/`))
    const templates = (await t.request({ method: 'GET', url: `${API}/templates` })).json.items
    envId = (await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'fuzz', environmentTemplateId: templates[0].id } })).json.id
    const reg = await t.request({ method: 'POST', url: `${API}/agent/register`, payload: { environmentId: envId, name: 'agent-1', agentIp: '10.1.1.1' } })
    expect(reg.status).toBe(201)
    token = reg.json.token
  })
  afterAll(async () => t?.close())

  it('answers health with the database and version', async () => {
    const res = await t.request({ method: 'GET', url: `${API}/health` })
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ status: 'ok', database: dialect, version: t.server.ctx.version, databaseOk: true })
    expect(res.json.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
  })

  it('documents every API route in openapi.json', async () => {
    const res = await t.request({ method: 'GET', url: `${API}/openapi.json` })
    expect(res.status).toBe(200)
    expect(res.json.openapi).toMatch(/^3\./)
    expect(res.json.info.version).toBe(t.server.ctx.version)
    const documented = new Set<string>()
    for (const [path, ops] of Object.entries(res.json.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`)
    }
    const expected = new Set(
      appRoutes.filter((r) => r.method !== 'HEAD' && r.url !== `${API}/openapi.json`).map((r) => `${r.method} ${toOpenApi(r.url)}`),
    )
    expect(expected.size).toBeGreaterThan(15)
    // sanity: the collected list holds the contract's routes
    for (const route of ['GET /api/v1/health', 'POST /api/v1/environments', 'POST /api/v1/environments/{envId}/hosts', 'GET /api/v1/agent/desired-state', 'GET /api/v1/events']) {
      expect(expected, route).toContain(route)
    }
    expect([...documented].sort()).toEqual([...expected].sort())
    expect(documented).not.toContain(`GET ${API}/openapi.json`)
  })

  it('gives every API route a permission', () => {
    expect(appRoutes.length).toBeGreaterThan(0)
    for (const r of appRoutes) expect(r.permission, `${r.method} ${r.url}`).toEqual(expect.any(String))
  })

  it('refuses to start with an API route that declares no permission', async () => {
    const app = await buildApp(t.server.ctx)
    try {
      const start = async () => {
        await app.register(
          async (api) => {
            api.get('/unguarded', async () => ({ ok: true }))
          },
          { prefix: API },
        )
        await app.ready()
      }
      await expect(start()).rejects.toThrow(/GET \/api\/v1\/unguarded declares no permission/)
    } finally {
      await app.close().catch(() => {})
    }
    // a route outside /api needs none, and one that declares its permission is accepted
    const ok = await buildApp(t.server.ctx)
    try {
      ok.get('/outside', async () => ({ ok: true }))
      await ok.register(async (api) => {
        api.get('/guarded', { config: { permission: 'public' } }, async () => ({ ok: true }))
      }, { prefix: API })
      await ok.ready()
      expect((await ok.inject({ method: 'GET', url: `${API}/guarded` })).statusCode).toBe(200)
    } finally {
      await ok.close()
    }
  })

  it('answers 404 with the error body for unknown routes', async () => {
    for (const [method, url] of [
      ['GET', `${API}/nope`],
      ['POST', `${API}/environments/${envId}/nope`],
      ['DELETE', `${API}/health`],
      ['GET', '/nope'],
      ['PUT', `${API}/environments`],
    ] as const) {
      const res = await t.request({ method, url })
      expect(res.status, `${method} ${url}`).toBe(404)
      expectErrorBody(res, `${method} ${url}`)
      expect(res.json.error.code).toBe('NOT_FOUND')
    }
  })

  it('never answers a malformed body with a 5xx', async () => {
    const writes = appRoutes.filter((r) => r.method === 'POST' || r.method === 'PATCH' || r.method === 'PUT')
    expect(writes.length).toBeGreaterThanOrEqual(5)
    const random = rng(0x5eed + (dialect === 'postgres' ? 1 : 0))
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]
    const scalar = () => pick<unknown>([null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 31), '', ' ', 'x', '10.42.0.1', '../../etc', '\u0000', '😀'.repeat(50), 'a'.repeat(5000), [], {}])
    const value = (depth: number): unknown => {
      const r = random()
      if (depth > 3 || r < 0.5) return scalar()
      if (r < 0.75) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1))
      const o: Record<string, unknown> = {}
      for (let i = 0; i < Math.floor(random() * 4); i++) o[pick(['name', 'agentIp', 'environmentId', 'containers', 'peers', 'ports', '__proto__', 'constructor', 'x'])] = value(depth + 1)
      return o
    }
    // bodies shaped like the real ones, with one field broken
    const shaped = (): Record<string, unknown> => {
      const base: Record<string, unknown> = pick([
        { name: 'fz', environmentTemplateId: 'tpl_x', description: 'd' },
        { environmentId: envId, name: 'fz', agentIp: '10.9.9.9', interfaces: [{ name: 'eth0', cidrs: ['10.9.9.9/24'] }], labels: { a: 'b' } },
        { containers: [{ containerId: 'ctr_x', state: 'running' }], peers: [], ports: [] },
        { name: 'fz-host' },
        {},
      ])
      const keys = [...Object.keys(base), 'extra']
      base[pick(keys)] = value(0)
      return base
    }
    let deep = '0'
    for (let i = 0; i < 5000; i++) deep = `[${deep}]`
    const veryDeep = '['.repeat(100_000) + ']'.repeat(100_000)
    let deepObject = '{}'
    for (let i = 0; i < 5000; i++) deepObject = `{"a":${deepObject}}`
    const raw: { payload: string; contentType?: string }[] = [
      { payload: '{"name": ' },
      { payload: '{' },
      { payload: 'null' },
      { payload: '[]' },
      { payload: '"string"' },
      { payload: '42' },
      { payload: '' },
      { payload: 'not json at all' },
      { payload: '{"name":"a","name":"b"}' },
      { payload: '{"__proto__":{"polluted":true}}' },
      { payload: '{"constructor":{"prototype":{"polluted":true}}}' },
      { payload: deep },
      { payload: deepObject },
      { payload: veryDeep },
      { payload: `{"name":${veryDeep}}` },
      { payload: JSON.stringify({ name: 'x'.repeat(900_000) }) },
      { payload: JSON.stringify({ name: 'x'.repeat(1_100_000) }) },
      { payload: '{"name":"\\ud800"}' },
      { payload: 'name=x', contentType: 'application/x-www-form-urlencoded' },
      { payload: '<xml/>', contentType: 'text/xml' },
      { payload: '{}', contentType: 'application/json; charset=utf-8' },
      { payload: '{}', contentType: 'text/plain' },
    ]

    const failures: string[] = []
    const urlOf = (url: string) => url.replace(':envId', pick([envId, envId, 'env_missing', 'x'.repeat(70)])).replace(':id', pick(['hst_missing', 'x']))
    const send = async (method: string, url: string, payload: string, contentType = 'application/json') => {
      const res = await t.request({ method: method as 'POST', url, payload, headers: { 'content-type': contentType, authorization: `Bearer ${token}` } })
      if (res.status >= 500 || res.status < 200) failures.push(`${method} ${url} ${payload.slice(0, 80)} → ${res.status} ${res.body.slice(0, 200)}`)
      else if (res.status >= 400) expectErrorBody(res, `${method} ${url} ${payload.slice(0, 80)}`)
      return res
    }
    for (const r of writes) {
      for (const { payload, contentType } of raw) await send(r.method, urlOf(r.url), payload, contentType)
      for (let i = 0; i < 40; i++) await send(r.method, urlOf(r.url), JSON.stringify(i % 2 ? value(0) : shaped()))
    }
    expect(failures).toEqual([])
    // nothing leaked into Object.prototype
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    // and the server still answers
    expect((await t.request({ method: 'GET', url: `${API}/health` })).status).toBe(200)
  })

  it('refuses NUL characters in any input with a 400 naming the field', async () => {
    const tpl = (await t.request({ method: 'GET', url: `${API}/templates` })).json.items[0].id
    const cases: [string, string, object | undefined, string][] = [
      ['POST', `${API}/environments`, { name: 'a\u0000b', environmentTemplateId: tpl }, 'name'],
      ['PATCH', `${API}/environments/${envId}`, { name: '\u0000' }, 'name'],
      ['POST', `${API}/agent/register`, { environmentId: envId, name: 'n', agentIp: '10.1.1.2', labels: { ok: 'x', 'k\u0000': 'v' } }, 'labels.k\u0000'],
      ['POST', `${API}/agent/report`, { containers: [{ containerId: 'ctr_x', state: 'error', error: 'boom\u0000' }] }, 'containers.0.error'],
      ['GET', `${API}/environments/a%00b`, undefined, 'envId'],
      ['GET', `${API}/environments/${envId}/containers?hostId=%00`, undefined, 'hostId'],
    ]
    for (const [method, url, payload, path] of cases) {
      // the host token for agent reports; the other routes (registration too) go as the test harness's admin
      const headers = url.includes('/agent/report') ? { authorization: `Bearer ${token}` } : {}
      const res = await t.request({ method: method as 'GET', url, payload: payload as object, headers })
      expect(res.status, `${method} ${url}`).toBe(400)
      expect(res.json.error.code).toBe('VALIDATION_FAILED')
      expect(res.json.error.details).toEqual([{ path, message: expect.stringContaining('NUL') }])
    }
    // nothing was written
    const hosts = await t.server.ctx.db.selectFrom('hosts').select('name').where('environment_id', '=', envId).execute()
    expect(hosts.map((h) => h.name)).not.toContain('n')
  })

  it('never answers a malformed query or header with a 5xx', async () => {
    const gets = appRoutes.filter((r) => r.method === 'GET' && !r.url.endsWith('/events'))
    const queries = ['hostId=%00', 'environmentId=a%00b', 'cursor=%00', 'limit=-1', 'limit=1e3', 'limit=%00', 'cursor=' + 'x'.repeat(300), 'cursor=%E0%A4%A', 'since=abc', 'system[]=true', 'limit=1&limit=2', 'hostId=', 'force=yes']
    const failures: string[] = []
    for (const r of gets) {
      for (const bad of ['%00', 'a%00b', '%C0%80']) {
        const url = r.url.replace(':envId', bad).replace(':id', bad)
        const res = await t.request({ method: 'GET', url })
        if (res.status >= 500) failures.push(`GET ${url} → ${res.status} ${res.body.slice(0, 200)}`)
        if (url.includes(':id')) continue
        const withId = await t.request({ method: 'GET', url: r.url.replace(':envId', envId).replace(':id', bad) })
        if (withId.status >= 500) failures.push(`GET ${r.url} id=${bad} → ${withId.status} ${withId.body.slice(0, 200)}`)
      }
      const url = r.url.replace(':envId', envId).replace(':id', 'x_missing')
      for (const q of queries) {
        const res = await t.request({ method: 'GET', url: `${url}?${q}`, headers: { authorization: `Bearer ${token}`, 'if-match': 'W/"abc"' } })
        if (res.status >= 500) failures.push(`GET ${url}?${q} → ${res.status} ${res.body.slice(0, 200)}`)
      }
    }
    const patch = await t.request({ method: 'PATCH', url: `${API}/environments/${envId}`, headers: { 'if-match': 'abc' }, payload: { name: 'renamed' } })
    expect(patch.status).toBe(400)
    expect(patch.json.error.details[0].path).toBe('If-Match')
    expect(failures).toEqual([])
  })
})
