/**
 * First start with several replicas (issue 8): two real server processes started at the same
 * time on an empty PostgreSQL database, demo on, create exactly one `admin` account and one
 * demo environment between them (its three lab hosts once), and both come up. PostgreSQL only:
 * SQLite is one process.
 */
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { DEMO_ENVIRONMENT } from './lab/demo.ts'
import { killChildServer, startChildServer, type ChildServer } from './testing/child-server.ts'
import { DIALECTS, freshDatabase, type FreshDatabase } from './testing/test-db.ts'

const ADMIN_PASSWORD = 'bootstrap-test-admin-password'

describe.runIf(DIALECTS.includes('postgres'))('first start of two replicas at once on PostgreSQL', () => {
  let fresh: FreshDatabase
  const replicas: ChildServer[] = []

  afterAll(async () => {
    for (const r of replicas) await killChildServer(r)
    await fresh?.drop()
  }, 20_000)

  it('creates one admin account and one demo environment between them', async () => {
    fresh = await freshDatabase('postgres')
    const start = (name: string) =>
      startChildServer(fresh, { adminPassword: ADMIN_PASSWORD, name, env: { PADDOCK_DEMO: 'true', PADDOCK_REPLICA_ID: name } }).then((r) => {
        replicas.push(r)
        return r
      })
    const started = await Promise.allSettled([start('boot-a'), start('boot-b')])
    // both came up (a replica that lost a race on a unique key would have died on start)
    for (const s of started) expect(s.status, s.status === 'rejected' ? String(s.reason) : '').toBe('fulfilled')

    const c = new pg.Client({ connectionString: fresh.databaseUrl })
    await c.connect()
    try {
      const count = async (q: string, params: unknown[] = []) => Number((await c.query<{ n: string }>(q, params)).rows[0].n)
      expect(await count(`select count(*) as n from accounts`)).toBe(1)
      expect(await count(`select count(*) as n from accounts where username = 'admin' and admin = 1`)).toBe(1)
      expect(await count(`select count(*) as n from environments`)).toBe(1)
      expect(await count(`select count(*) as n from environments where name = $1`, [DEMO_ENVIRONMENT])).toBe(1)
      expect(await count(`select count(*) as n from hosts where simulated = 1`)).toBe(3)
      // the admin owns it, once
      expect(await count(`select count(*) as n from memberships where role = 'owner'`)).toBe(1)
    } finally {
      await c.end()
    }
    // and the admin signs in on either replica with the configured password
    for (const r of replicas) {
      const res = await fetch(`${r.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) })
      expect(res.status).toBe(200)
    }
  }, 60_000)
})
