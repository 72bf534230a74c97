import net from 'node:net'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../db/schema.ts'
import { startTestServer, type TestServer } from '../../testing/test-app.ts'
import { DIALECTS } from '../../testing/test-db.ts'

describe.each(DIALECTS)('GET /health on %s', (dialect) => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer(dialect)
  })
  afterAll(async () => t?.close())

  it('answers ok with the database, its latency and the replica, without credentials', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/health', as: 'anonymous' })
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ status: 'ok', database: dialect, databaseOk: true, replica: t.server.ctx.config.replicaId, labAgents: 0 })
    expect(res.json.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(res.json.databaseLatencyMs).toBeGreaterThanOrEqual(0)
  })

  it('answers 503 degraded when the database does not answer within the timeout', async () => {
    // a TCP peer that accepts and never speaks: the query hangs, health gives up after 2 s
    const silent = net.createServer(() => {})
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()))
    const port = (silent.address() as net.AddressInfo).port
    const pool = new pg.Pool({ connectionString: `postgres://x:y@127.0.0.1:${port}/none`, connectionTimeoutMillis: 2_500 })
    const hanging = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    const ctx = t.server.ctx as { db: Kysely<Database> }
    const real = ctx.db
    ctx.db = hanging
    try {
      const started = Date.now()
      const res = await t.request({ method: 'GET', url: '/api/v1/health', as: 'anonymous' })
      expect(res.status).toBe(503)
      expect(res.json).toMatchObject({ status: 'degraded', database: dialect, databaseOk: false, databaseLatencyMs: null })
      expect(Date.now() - started).toBeLessThan(4_000)
    } finally {
      ctx.db = real
      // the pending connect gives up after its own timeout; no need to wait for it
      void hanging.destroy().catch(() => {})
      silent.close()
    }
    expect((await t.request({ method: 'GET', url: '/api/v1/health', as: 'anonymous' })).status).toBe(200)
  })
})
