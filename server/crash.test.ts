/**
 * Crash safety (issue 8): the real server (`node --import tsx server/main.ts`, a child process)
 * is killed with SIGKILL in the middle of a storm of container launches and removals, then
 * restarted on the same database. Everything the clients saw committed (a 201 launch, a 200
 * removal) must still be so, no managed address may be held twice, the IPAM check must be
 * clean and the restarted server must accept new launches.
 */
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Dialect } from './db/database.ts'
import { adminApiKey, killChildServer, startChildServer, type ChildServer } from './testing/child-server.ts'
import { DIALECTS, freshDatabase, type FreshDatabase } from './testing/test-db.ts'

const API = '/api/v1'
const ADMIN_PASSWORD = 'crash-test-admin-password'
const WORKERS = 20
const SEED = 0x5eed8

type Json = any

/** mulberry32: a small deterministic PRNG, so every run kills at the same offsets. */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const startChild = (db: FreshDatabase) => startChildServer(db, { adminPassword: ADMIN_PASSWORD, env: { LAB_INTERVAL_MS: '100' } })
const kill = killChildServer
const apiKey = (url: string) => adminApiKey(url, ADMIN_PASSWORD, 'crash test')
type Child = ChildServer

function client(url: string, authorization: string) {
  return async (method: string, p: string, body?: unknown): Promise<{ status: number; json: Json }> => {
    const res = await fetch(`${url}${API}${p}`, {
      method,
      headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    let json: Json = null
    try {
      json = text ? JSON.parse(text) : null
    } catch {
      json = text
    }
    return { status: res.status, json }
  }
}

interface Allocation {
  subnet_id: string
  address_num: number
  container_id: string
  system: number
}

/** Rows of ip_addresses held by a live container, read straight from the database. */
async function liveAllocations(dialect: Dialect, db: FreshDatabase): Promise<Allocation[]> {
  const sql = `select ip.subnet_id, ip.address_num, ip.container_id, c.system from ip_addresses ip join containers c on c.id = ip.container_id where c.state <> 'removed'`
  if (dialect === 'sqlite') {
    const sqlite = new Database(path.join(db.dataDir, 'paddock.sqlite'), { readonly: true, fileMustExist: true })
    try {
      return sqlite.prepare(sql).all() as Allocation[]
    } finally {
      sqlite.close()
    }
  }
  const c = new pg.Client({ connectionString: db.databaseUrl })
  await c.connect()
  try {
    const r = await c.query<{ subnet_id: string; address_num: string | number; container_id: string; system: string | number }>(sql)
    return r.rows.map((row) => ({ ...row, address_num: Number(row.address_num), system: Number(row.system) }))
  } finally {
    await c.end()
  }
}

describe.each(DIALECTS)('crash safety on %s', (dialect) => {
  let db: FreshDatabase | null = null
  let first: Child | null = null
  let second: Child | null = null

  beforeAll(async () => {
    db = await freshDatabase(dialect)
  })
  afterAll(async () => {
    await kill(first)
    await kill(second)
    await db?.drop().catch(() => {})
  })

  it('SIGKILL during a launch/remove storm loses nothing committed and leaves IPAM clean', { timeout: 60_000 }, async () => {
    const random = prng(SEED + (dialect === 'postgres' ? 1 : 0))
    first = await startChild(db!)
    let call = client(first.url, await apiKey(first.url))

    const templates = await call('GET', '/templates?limit=500')
    const cattle = (templates.json.items as Json[]).find((t) => t.name === 'Cattle')
    expect(cattle).toBeDefined()
    const env = await call('POST', '/environments', { name: 'crash', environmentTemplateId: cattle.id })
    expect(env.status, JSON.stringify(env.json)).toBe(201)
    const envId = env.json.id as string
    const host = await call('POST', `/environments/${envId}/hosts`, {})
    expect(host.status, JSON.stringify(host.json)).toBe(201)
    // wait for the lab host to become active (the scheduler needs one)
    for (let i = 0; ; i++) {
      const hosts = await call('GET', `/environments/${envId}/hosts`)
      if ((hosts.json.items as Json[]).some((h) => h.state === 'active')) break
      if (i > 100) throw new Error(`no active host: ${JSON.stringify(hosts.json)}`)
      await new Promise((r) => setTimeout(r, 50))
    }

    // the storm: what each client saw committed
    const launched = new Map<string, { name: string; managedIp: string | null }>()
    const removed = new Set<string>()
    /** Every DELETE sent: answered 200, or in flight when the server died (outcome unknown). */
    const deleting = new Set<string>()
    let attempts = 0
    let dead = false
    const worker = async (w: number) => {
      const mine: string[] = []
      for (let n = 0; !dead; n++) {
        try {
          attempts++
          if (mine.length > 0 && random() < 0.4) {
            const id = mine.splice(Math.floor(random() * mine.length), 1)[0]
            deleting.add(id)
            const res = await call('DELETE', `/environments/${envId}/containers/${id}`)
            if (res.status === 200) removed.add(id)
            else expect.soft(res.status, `DELETE ${id}: ${JSON.stringify(res.json)}`).toBe(200)
          } else {
            // some ask for an address in a small pool, so requests collide with each other and with next-free
            const labels = random() < 0.3 ? { 'io.rancher.container.requested_ip': `10.42.200.${1 + Math.floor(random() * 30)}` } : {}
            const res = await call('POST', `/environments/${envId}/containers`, { name: `w${w}-${n}`, image: 'nginx:1.27', networkMode: 'managed', labels })
            if (res.status === 201) {
              launched.set(res.json.id, { name: res.json.name, managedIp: res.json.managedIp })
              mine.push(res.json.id)
            } else if (!dead) {
              expect.soft(res.status, `launch w${w}-${n}: ${JSON.stringify(res.json)}`).toBe(201)
            }
          }
        } catch {
          // the server died under this request: its outcome is unknown, and the worker stops
          return
        }
      }
    }
    const killAfter = 300 + Math.floor(random() * 500)
    const storm = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)))
    await new Promise((r) => setTimeout(r, killAfter))
    first.process.kill('SIGKILL')
    await first.exited
    dead = true
    await storm
    // the kill really landed mid-storm: work was committed before it
    expect(launched.size, `no launch committed in ${killAfter} ms (${attempts} attempts)`).toBeGreaterThan(5)
    expect(removed.size, 'no removal committed before the kill').toBeGreaterThan(0)
    console.info(`[crash ${dialect}] SIGKILL after ${killAfter} ms: ${attempts} requests, ${launched.size} launches and ${removed.size} removals answered, ${deleting.size - removed.size} removals in flight`)

    second = await startChild(db!)
    call = client(second.url, await apiKey(second.url))
    expect((await call('GET', '/health')).status).toBe(200)

    // nothing committed was lost
    for (const [id, c] of launched) {
      const res = await call('GET', `/environments/${envId}/containers/${id}`)
      expect(res.status, `launched ${c.name} (${id}) is gone after the restart`).toBe(200)
      if (removed.has(id)) expect(res.json.state, `${c.name} was removed before the kill`).toBe('removed')
      else if (!deleting.has(id)) {
        expect(res.json.state, `${c.name} was launched and not removed`).not.toBe('removed')
        expect(res.json.managedIp, `${c.name} keeps its managed IP`).toBe(c.managedIp)
      }
    }

    // no managed address is held twice: the API's list of live containers...
    const live: Json[] = []
    for (let cursor: string | null = null; ; ) {
      const page: { status: number; json: Json } = await call('GET', `/environments/${envId}/containers?limit=500&system=false${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      expect(page.status).toBe(200)
      live.push(...page.json.items)
      cursor = page.json.nextCursor
      if (!cursor) break
    }
    const liveIds = new Set(live.map((c) => c.id))
    for (const id of removed) expect(liveIds.has(id), `removed ${id} is listed again`).toBe(false)
    for (const id of launched.keys()) if (!deleting.has(id)) expect(liveIds.has(id), `launched ${id} is not listed`).toBe(true)
    const ips = live.map((c) => c.managedIp).filter((ip): ip is string => ip !== null)
    expect(ips.length).toBe(live.length)
    expect(new Set(ips).size, 'a managed IP is listed twice').toBe(ips.length)
    // ...and the database: one allocation per live container, no address of a subnet twice
    const rows = await liveAllocations(dialect, db!)
    const keys = rows.map((r) => `${r.subnet_id}/${r.address_num}`)
    expect(new Set(keys).size, 'an address is allocated twice in ip_addresses').toBe(keys.length)
    expect(new Set(rows.filter((r) => Number(r.system) === 0).map((r) => r.container_id))).toEqual(liveIds)

    // The IPAM check is clean once the restarted lab agent has reported: removals it had not
    // confirmed before the kill are still in its desired state (desiredState 'removed'), so it
    // confirms them even though it forgot what it ran.
    let ipam: Json[] = []
    for (let i = 0; i < 50; i++) {
      const res = await call('GET', `/environments/${envId}/diagnostics/findings`)
      expect(res.status).toBe(200)
      ipam = (res.json.items as Json[]).filter((f) => String(f.checkId).startsWith('ipam.'))
      if (ipam.length === 0) break
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(ipam.map((f) => `${f.checkId}: ${f.message}`)).toEqual([])

    // and the restarted server accepts new launches, with an address nobody holds
    const fresh = await call('POST', `/environments/${envId}/containers`, { name: 'after-restart', image: 'nginx:1.27', networkMode: 'managed' })
    expect(fresh.status, JSON.stringify(fresh.json)).toBe(201)
    expect(fresh.json.managedIp).not.toBeNull()
    expect(ips).not.toContain(fresh.json.managedIp)
  })
})
