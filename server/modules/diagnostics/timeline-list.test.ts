/**
 * Reading the timeline page by page, and the retention that keeps it bounded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pruneEvents } from '../../events/retention.ts'
import { DIALECTS } from '../../testing/test-db.ts'
import { startDemoServer, type TestServer } from '../../testing/test-app.ts'
import { pruneTimeline, TIMELINE_RETENTION } from './timeline.service.ts'

const API = '/api/v1'

type Json = any

describe.each(DIALECTS)('timeline paging and retention on %s', (dialect) => {
  let t: TestServer
  let envId: string
  const url = (query: string, env = envId) => `${API}/environments/${env}/diagnostics/timeline${query}`

  /** Writes `n` events straight into the table, oldest first, numbered in their messages. */
  async function seed(environmentId: string, n: number, from = 0) {
    const rows = Array.from({ length: n }, (_, i) => ({
      environment_id: environmentId,
      at: new Date(Date.UTC(2030, 0, 1, 0, 0, 0, from + i)).toISOString(),
      kind: 'stack-changed',
      severity: 'info',
      subject_kind: 'environment',
      subject_id: environmentId,
      subject_name: 'seeded',
      peer_id: null,
      peer_name: null,
      message: `seeded event ${from + i}`,
    }))
    for (let i = 0; i < rows.length; i += 500) await t.server.ctx.db.insertInto('timeline_events').values(rows.slice(i, i + 500)).execute()
  }
  const count = async (environmentId: string) =>
    Number((await t.server.ctx.db.selectFrom('timeline_events').select((e) => e.fn.countAll().as('n')).where('environment_id', '=', environmentId).executeTakeFirstOrThrow()).n)

  beforeAll(async () => {
    ;({ t, envId } = await startDemoServer(dialect))
    await seed(envId, 7)
  })
  afterAll(async () => t?.close())

  it('pages newest first with an opaque cursor, each event once', async () => {
    const everything = (await t.request({ method: 'GET', url: url('?limit=500') })).json
    expect(everything.nextCursor).toBeNull()
    expect(everything.items.slice(0, 7).map((e: Json) => e.message)).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `seeded event ${i}`))

    const seen: Json[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const res = await t.request({ method: 'GET', url: url(`?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`) })
      expect(res.status, res.body).toBe(200)
      expect(res.json.items.length).toBeLessThanOrEqual(3)
      seen.push(...res.json.items)
      cursor = res.json.nextCursor
      pages++
    } while (cursor && pages < 50)
    expect(seen.map((e) => e.id)).toEqual(everything.items.map((e: Json) => e.id))
    expect(pages).toBe(Math.ceil(everything.items.length / 3))
  })

  it('answers 400 naming cursor or limit for bad paging, 404 for an unknown environment', async () => {
    const bad = await t.request({ method: 'GET', url: url('?cursor=not-ours') })
    expect(bad.status).toBe(400)
    expect(bad.json.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'cursor' }] })
    const foreign = await t.request({ method: 'GET', url: url(`?cursor=${Buffer.from('ctr_abc').toString('base64url')}`) })
    expect(foreign.status).toBe(400)
    expect(foreign.json.error.details[0].path).toBe('cursor')
    const limit = await t.request({ method: 'GET', url: url('?limit=0') })
    expect(limit.status).toBe(400)
    expect(limit.json.error.details[0].path).toBe('limit')
    const missing = await t.request({ method: 'GET', url: url('', 'env_missing') })
    expect(missing.status).toBe(404)
    expect(missing.json.error.code).toBe('NOT_FOUND')
  })

  it('keeps the newest events per environment', async () => {
    const before = await count(envId)
    await pruneTimeline(t.server.ctx, 5)
    expect(await count(envId)).toBe(5)
    const items = (await t.request({ method: 'GET', url: url('?limit=500') })).json.items as Json[]
    expect(items.map((e) => e.message)).toEqual([6, 5, 4, 3, 2].map((i) => `seeded event ${i}`))
    expect(before).toBeGreaterThan(5)
  })

  it(`the retention timer keeps at most ${TIMELINE_RETENTION} per environment and leaves smaller timelines alone`, async () => {
    const templates = (await t.request({ method: 'GET', url: `${API}/templates` })).json.items as Json[]
    const other = await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'quiet', environmentTemplateId: templates[0].id } })
    expect(other.status, other.body).toBe(201)
    await seed(other.json.id, 3)
    await seed(envId, TIMELINE_RETENTION + 20, 100)

    await pruneEvents(t.server.ctx)
    expect(await count(envId)).toBe(TIMELINE_RETENTION)
    expect(await count(other.json.id)).toBe(3)
    const newest = (await t.request({ method: 'GET', url: url('?limit=1') })).json.items[0]
    expect(newest.message).toBe(`seeded event ${100 + TIMELINE_RETENTION + 19}`)
  })
})
