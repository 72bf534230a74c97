/**
 * Replicas (issue 8): two real server processes (`node --import tsx server/main.ts`) on one
 * fresh PostgreSQL database behave as one: an SSE client of replica B hears what replica A
 * committed (LISTEN/NOTIFY), every event exactly once; concurrent launches split across both
 * get distinct managed addresses; an environment's lab agents run on one replica only, lab
 * requests sent to the other are forwarded to it (or answer 503 naming it, never hang), and
 * the other takes them over when the owner is killed (SIGKILL). PostgreSQL only.
 */
import net from 'node:net'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LAB_LOCK_CLASS } from './lab/lab-manager.ts'
import { FORWARD_TIMEOUT_MS, FORWARDED_BY_HEADER, SERVED_BY_HEADER } from './lab/owner-forward.ts'
import { adminApiKey, freePort, killChildServer, startChildServer, type ChildServer } from './testing/child-server.ts'
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

  const call = async (r: Replica, method: string, p: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Json; servedBy: string | null }> => {
    const res = await fetch(`${r.url}${API}${p}`, {
      method,
      headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).catch((err) => {
      // a replica that died says why
      throw new Error(`${method} ${p} on ${r.name} failed (${err.cause?.message ?? err}); exit ${r.process.exitCode ?? r.process.signalCode}; stderr: ${r.stderr()}`)
    })
    const text = await res.text()
    return { status: res.status, json: text ? JSON.parse(text) : null, servedBy: res.headers.get(SERVED_BY_HEADER) }
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
  })

  it('forwards lab requests sent to the replica that does not run the lab to the one that does', async () => {
    // a lab host added through B registers with A's lab
    const added = await call(b, 'POST', `/environments/${envId}/hosts`, { name: 'via-b' })
    expect(added.status, JSON.stringify(added.json)).toBe(201)
    expect(added.servedBy).toBe('replica-a')
    expect(added.json).toMatchObject({ name: 'via-b', simulated: true })
    expect((await health(a)).labAgents).toBe(2)
    expect((await health(b)).labAgents).toBe(0)
    expect((await call(a, 'GET', `/environments/${envId}/hosts/${added.json.id}`)).json.state).toBe('active')

    // a fault injected through B takes effect in A's lab, and B lists A's faults
    const fault = await call(b, 'POST', `/environments/${envId}/lab/faults`, { type: 'router-stopped', hostId: added.json.id })
    expect(fault.status, JSON.stringify(fault.json)).toBe(201)
    expect(fault.servedBy).toBe('replica-a')
    expect((await call(a, 'GET', `/environments/${envId}/lab/faults`)).json.items.map((f: Json) => f.id)).toEqual([fault.json.id])
    expect((await call(b, 'GET', `/environments/${envId}/lab/faults`)).json.items.map((f: Json) => f.id)).toEqual([fault.json.id])
    // the owner's refusals come back as they are
    const unknownHost = await call(b, 'POST', `/environments/${envId}/lab/faults`, { type: 'router-stopped', hostId: 'hst_nope' })
    expect(unknownHost.status).toBe(422)
    expect(unknownHost.json.error.code).toBe('REFERENCE_NOT_FOUND')

    // an unknown environment is answered where it is asked
    expect((await call(b, 'POST', '/environments/env_nope/hosts', {})).status).toBe(404)

    const cleared = await call(b, 'DELETE', `/environments/${envId}/lab/faults/${fault.json.id}`)
    expect(cleared.status).toBe(204)
    expect((await call(a, 'GET', `/environments/${envId}/lab/faults`)).json.items).toEqual([])
  })

  it('answers 503 naming the owner when it cannot be reached, never hanging, and forwards a request once only', async () => {
    const templates = await call(a, 'GET', '/templates')
    const cattle = templates.json.items.find((t: Json) => t.name === 'Cattle').id
    const other = (await call(a, 'POST', '/environments', { name: 'ghost-lab', environmentTemplateId: cattle })).json.id as string
    // a "replica" that holds the environment's lab lock but is no server: a bare session
    const ghost = new pg.Client({ connectionString: db.databaseUrl, application_name: 'paddock-lab ghost-replica' })
    await ghost.connect()
    // a socket that accepts connections and never answers
    const held: net.Socket[] = []
    const silent = net.createServer((socket) => void held.push(socket))
    const silentPort = await freePort()
    await new Promise<void>((r) => silent.listen(silentPort, '127.0.0.1', () => r()))
    try {
      await ghost.query('select pg_advisory_lock($1, hashtext($2))', [LAB_LOCK_CLASS, other])
      const expectUnavailable = (r: { status: number; json: Json }, text: string) => {
        expect(r.status, JSON.stringify(r.json)).toBe(503)
        expect(r.json.error.code).toBe('UNAVAILABLE')
        expect(r.json.error.message).toContain('ghost-replica')
        expect(r.json.error.message).toContain(text)
      }
      expectUnavailable(await call(b, 'POST', `/environments/${other}/hosts`, {}), 'advertises no address')

      await ghost.query(`insert into replicas (id, url, heartbeat_at) values ('ghost-replica', $1, $2)`, [`http://127.0.0.1:${silentPort}`, new Date().toISOString()])
      const t0 = Date.now()
      expectUnavailable(await call(b, 'POST', `/environments/${other}/hosts`, {}), 'did not answer')
      expect(Date.now() - t0).toBeGreaterThanOrEqual(FORWARD_TIMEOUT_MS - 100)
      expect(Date.now() - t0).toBeLessThan(FORWARD_TIMEOUT_MS + 2_000)

      const closedPort = await freePort()
      await ghost.query(`update replicas set url = $1 where id = 'ghost-replica'`, [`http://127.0.0.1:${closedPort}`])
      const t1 = Date.now()
      expectUnavailable(await call(b, 'DELETE', `/environments/${other}/lab/faults/flt_x`), 'did not answer')
      expect(Date.now() - t1).toBeLessThan(2_000)
    } finally {
      await ghost.end()
      for (const socket of held) socket.destroy()
      await new Promise((r) => silent.close(r))
    }
    // a request another replica already forwarded is not forwarded again
    const twice = await call(b, 'POST', `/environments/${envId}/lab/faults`, { type: 'router-stopped', hostId: labHostId }, { [FORWARDED_BY_HEADER]: 'replica-x' })
    expect(twice.status).toBe(503)
    expect(twice.json.error.message).toContain('replica-a')
    expect((await call(a, 'GET', `/environments/${envId}/lab/faults`)).json.items).toEqual([])
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
      // the lab agents keep committing: compare up to the last event read from the table
      const last = want[want.length - 1]
      const upToLast = () => stream.events.map((e) => e.seq as number).filter((seq) => seq <= last)
      await until('B caught up with the events table', 5_000, async () => upToLast().length >= want.length)
      const got = stream.events.map((e) => e.seq)
      expect(new Set(got).size).toBe(got.length)
      expect(upToLast().sort((x, y) => x - y)).toEqual(want)
    } finally {
      await c.end()
    }
  })

  it('lets replica B take over the lab when replica A is killed', async () => {
    await kill(a)
    const took = Date.now()
    await until('B runs the lab agents', RETRY_MS * 4 + 3_000, async () => (await health(b)).labAgents === 2)
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
