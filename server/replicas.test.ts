/**
 * Replicas (issue 8): two real server processes (`node --import tsx server/main.ts`) on one
 * fresh PostgreSQL database behave as one: an SSE client of replica B hears what replica A
 * committed (LISTEN/NOTIFY), every event exactly once; concurrent launches split across both
 * get distinct managed addresses; an environment's lab agents run on one replica only, and
 * the other takes them over when the owner is killed (SIGKILL). PostgreSQL only.
 */
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminApiKey, killChildServer, startChildServer, type ChildServer } from './testing/child-server.ts'
import { DIALECTS, freshDatabase, type FreshDatabase } from './testing/test-db.ts'

const API = '/api/v1'
const ADMIN_PASSWORD = 'replica-test-admin-password'
/** How often a replica tries to take over lab environments nobody owns (PADDOCK_LAB_OWNERSHIP_RETRY_MS). */
const RETRY_MS = 500

type Json = any

interface Replica extends ChildServer {
  name: string
}

async function startReplica(db: FreshDatabase, name: string): Promise<Replica> {
  const child = await startChildServer(db, {
    adminPassword: ADMIN_PASSWORD,
    name,
    env: { PADDOCK_REPLICA_ID: name, PADDOCK_LAB_OWNERSHIP_RETRY_MS: String(RETRY_MS), LAB_INTERVAL_MS: '200' },
  })
  const replica = { ...child, name }
  started.push(replica)
  return replica
}

/** Every child this file started: afterAll kills them whatever happened. */
const started: Replica[] = []
const kill = killChildServer
const apiKey = (url: string) => adminApiKey(url, ADMIN_PASSWORD, 'replica test')

/** A live SSE stream: the change events received so far, in arrival order. */
function sse(url: string, authorization: string) {
  const events: Json[] = []
  const abort = new AbortController()
  const opened = fetch(`${url}${API}/events`, { headers: { authorization, accept: 'text/event-stream' }, signal: abort.signal }).then(async (res) => {
    expect(res.status).toBe(200)
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let buffer = ''
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read()
          if (done) return
          buffer += decoder.decode(value, { stream: true })
          let end: number
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end)
            buffer = buffer.slice(end + 2)
            const data = frame.split('\n').find((l) => l.startsWith('data: '))
            if (data && frame.includes('event: change')) events.push(JSON.parse(data.slice(6)))
          }
        }
      } catch {
        // aborted
      }
    })()
  })
  return {
    events,
    opened,
    close: () => abort.abort(),
    async waitFor(pred: (e: Json) => boolean, ms: number): Promise<Json> {
      const deadline = Date.now() + ms
      for (;;) {
        const hit = events.find(pred)
        if (hit) return hit
        if (Date.now() > deadline) throw new Error(`no matching event in ${ms} ms (${events.length} received)`)
        await new Promise((r) => setTimeout(r, 10))
      }
    },
  }
}

async function until<T>(what: string, ms: number, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const v = await probe()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe.runIf(DIALECTS.includes('postgres'))('two replicas on one PostgreSQL database', () => {
  let db: FreshDatabase
  let a: Replica
  let b: Replica
  let authorization: string
  let stream: ReturnType<typeof sse>
  let envId: string
  let labHostId: string

  const call = async (r: Replica, method: string, p: string, body?: unknown): Promise<{ status: number; json: Json }> => {
    const res = await fetch(`${r.url}${API}${p}`, {
      method,
      headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, json: text ? JSON.parse(text) : null }
  }
  const health = async (r: Replica) => (await fetch(`${r.url}${API}/health`)).json() as Promise<Json>

  beforeAll(async () => {
    db = await freshDatabase('postgres')
    // one at a time: the first start creates the admin account
    a = await startReplica(db, 'replica-a')
    authorization = await apiKey(a.url)
    b = await startReplica(db, 'replica-b')
    stream = sse(b.url, authorization)
    await stream.opened
  }, 45_000)

  afterAll(async () => {
    stream?.close()
    for (const r of started) await kill(r)
    await db?.drop()
  }, 20_000)

  it('answers health on both replicas with the database answering', async () => {
    const [ha, hb] = [await health(a), await health(b)]
    expect(ha).toMatchObject({ status: 'ok', database: 'postgres', databaseOk: true, replica: 'replica-a' })
    expect(hb).toMatchObject({ status: 'ok', database: 'postgres', databaseOk: true, replica: 'replica-b' })
    expect(typeof ha.databaseLatencyMs).toBe('number')
  })

  it('delivers an environment created on replica A to an SSE client of replica B within 2 s', async () => {
    const templates = await call(a, 'GET', '/templates')
    const cattle = templates.json.items.find((t: Json) => t.name === 'Cattle').id
    const created = await call(a, 'POST', '/environments', { name: 'across', environmentTemplateId: cattle })
    expect(created.status).toBe(201)
    envId = created.json.id
    const started = Date.now()
    const e = await stream.waitFor((x) => x.kind === 'environment' && x.action === 'created' && x.id === envId, 2_000)
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(e.environmentId).toBe(envId)
  })

  it('runs an environment’s lab agents on one replica only', async () => {
    const added = await call(a, 'POST', `/environments/${envId}/hosts`, {})
    expect(added.status, JSON.stringify(added.json)).toBe(201)
    labHostId = added.json.id
    // B has had several retry periods to (wrongly) start the agent too
    await new Promise((r) => setTimeout(r, RETRY_MS * 3))
    expect((await health(a)).labAgents).toBe(1)
    expect((await health(b)).labAgents).toBe(0)
    // lab requests on the replica that does not run the environment's lab say which one does
    const elsewhere = await call(b, 'POST', `/environments/${envId}/hosts`, {})
    expect(elsewhere.status).toBe(503)
    expect(elsewhere.json.error.code).toBe('UNAVAILABLE')
    expect(elsewhere.json.error.message).toContain('replica-a')
    const fault = await call(b, 'POST', `/environments/${envId}/lab/faults`, { type: 'router-stopped', hostId: labHostId })
    expect(fault.status).toBe(503)
  })

  it('gives 50 concurrent launches split across both replicas 50 distinct managed addresses', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => call(i % 2 ? b : a, 'POST', `/environments/${envId}/containers`, { name: `burst-${i}`, image: 'nginx:1.27' })),
    )
    for (const r of results) expect(r.status, JSON.stringify(r.json)).toBe(201)
    const ips = results.map((r) => r.json.managedIp)
    expect(new Set(ips).size).toBe(50)
    for (const ip of ips) expect(ip).toMatch(/^10\.42\.\d+\.\d+$/)
    // B's stream carries every launch, whichever replica committed it
    const ids = new Set(results.map((r) => r.json.id))
    await until('all 50 container events on B', 5_000, async () => ids.size === new Set(stream.events.filter((e) => e.kind === 'container' && e.action === 'created' && ids.has(e.id)).map((e) => e.id)).size)
  })

  it('delivers every committed event to replica B’s stream exactly once', async () => {
    const c = new pg.Client({ connectionString: db.databaseUrl })
    await c.connect()
    try {
      const { rows } = await c.query<{ seq: number }>('select seq from events where seq >= $1 order by seq', [stream.events[0].seq])
      const want = rows.map((r) => Number(r.seq))
      await until('B caught up with the events table', 5_000, async () => stream.events.length >= want.length)
      const got = stream.events.map((e) => e.seq)
      expect(new Set(got).size).toBe(got.length)
      expect([...got].sort((x, y) => x - y)).toEqual(want)
    } finally {
      await c.end()
    }
  })

  it('lets replica B take over the lab when replica A is killed', async () => {
    await kill(a)
    const took = Date.now()
    await until('B runs the lab agent', RETRY_MS * 4 + 3_000, async () => (await health(b)).labAgents === 1)
    expect(Date.now() - took).toBeLessThan(RETRY_MS * 4 + 3_000)
    // the agent B started reports: its host keeps heartbeating through B
    const before = (await call(b, 'GET', `/environments/${envId}/hosts/${labHostId}`)).json
    await until('a heartbeat after the takeover', 3_000, async () => {
      const h = (await call(b, 'GET', `/environments/${envId}/hosts/${labHostId}`)).json
      return h.lastHeartbeatAt && h.lastHeartbeatAt !== before.lastHeartbeatAt && h.state === 'active'
    })
    // and lab requests now land on B
    const fault = await call(b, 'POST', `/environments/${envId}/lab/faults`, { type: 'router-stopped', hostId: labHostId })
    expect(fault.status, JSON.stringify(fault.json)).toBe(201)
  })
})
