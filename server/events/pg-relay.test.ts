import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChangeEvent } from '../../core/api/events.ts'
import { startTestServer, type TestServer } from '../testing/test-app.ts'
import { DIALECTS } from '../testing/test-db.ts'
import { EVENTS_CHANNEL } from './pg-relay.ts'

/** What another replica does when it commits: an events row and a NOTIFY, in one transaction. */
async function insertEvent(c: pg.Client, id: string, commit = true): Promise<number> {
  await c.query('begin')
  const { rows } = await c.query<{ seq: string }>(
    `insert into events (kind, action, resource_id, environment_id, revision, at) values ('finding', 'created', $1, null, 1, $2) returning seq`,
    [id, new Date().toISOString()],
  )
  const seq = Number(rows[0].seq)
  await c.query('select pg_notify($1, $2)', [EVENTS_CHANNEL, String(seq)])
  if (commit) await c.query('commit')
  return seq
}

async function until(what: string, ms: number, ok: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe.runIf(DIALECTS.includes('postgres'))('PostgreSQL event relay (events committed by other replicas)', () => {
  let t: TestServer
  let url: string
  const received: ChangeEvent[] = []
  const clients: pg.Client[] = []
  const connect = async (applicationName?: string) => {
    const c = new pg.Client({ connectionString: url, application_name: applicationName })
    await c.connect()
    clients.push(c)
    return c
  }

  beforeAll(async () => {
    t = await startTestServer('postgres', { lab: false })
    url = t.server.db.databaseUrl!
    t.server.ctx.bus.subscribe((e) => received.push(e))
  })
  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => {})
    await t?.close()
  })

  it('publishes another replica’s committed event once, and a local one once', async () => {
    const other = await connect()
    const seq = await insertEvent(other, 'fnd_remote1')
    await until('the remote event', 2_000, () => received.some((e) => e.seq === seq))
    // a change made through this server: published by its transaction, read back by the relay, delivered once
    const env = await t.request({ method: 'GET', url: '/api/v1/templates' })
    const created = await t.request({ method: 'POST', url: '/api/v1/environments', payload: { name: 'local', environmentTemplateId: env.json.items.find((x: { name: string }) => x.name === 'Cattle').id } })
    expect(created.status).toBe(201)
    await t.server.relay!.settle()
    await new Promise((r) => setTimeout(r, 200))
    await t.server.relay!.settle()
    const seqs = received.map((e) => e.seq)
    expect(new Set(seqs).size).toBe(seqs.length)
    expect(received.filter((e) => e.kind === 'environment' && e.id === created.json.id)).toHaveLength(1)
  })

  it('delivers an event whose lower seq committed after a higher one', async () => {
    const slow = await connect()
    const fast = await connect()
    const low = await insertEvent(slow, 'fnd_slow', false)
    const high = await insertEvent(fast, 'fnd_fast')
    await until('the higher seq', 2_000, () => received.some((e) => e.seq === high))
    expect(received.some((e) => e.seq === low)).toBe(false)
    await slow.query('commit')
    await until('the lower seq, committed late', 2_000, () => received.some((e) => e.seq === low))
  })

  it('reconnects a dropped LISTEN connection and catches up from the table', async () => {
    const admin = await connect()
    const killed = await admin.query(`select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = 'paddock-events' and datname = current_database()`)
    expect(killed.rows.length).toBeGreaterThan(0)
    // committed while the relay is not listening
    const seq = await insertEvent(admin, 'fnd_while_down')
    await until('the event committed while disconnected', 5_000, () => received.some((e) => e.seq === seq))
    await until('listening again', 5_000, () => t.server.relay!.listening)
    const after = await insertEvent(admin, 'fnd_after')
    await until('an event after the reconnect', 2_000, () => received.some((e) => e.seq === after))
  })
})
