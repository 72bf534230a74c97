/**
 * Login rate limits kept in the database: every replica counts the same failures (two limiters
 * on one database stand for two replicas; on PostgreSQL also two real server processes), the
 * window slides, and failures that left the window are deleted rather than kept forever.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { migrate, openDb, type Db } from '../db/database.ts'
import { killChildServer, startChildServer, type ChildServer } from '../testing/child-server.ts'
import { DIALECTS, freshDatabase, type FreshDatabase } from '../testing/test-db.ts'
import { LOGIN_LIMITS, LoginLimiter } from './rate-limit.ts'

const T0 = Date.parse('2030-01-01T00:00:00Z')
const WINDOW = LOGIN_LIMITS.windowMs

describe.each(DIALECTS)('login limits in the database on %s', (dialect) => {
  let fresh: FreshDatabase
  let handle: Db
  /** Two limiters on one database: two replicas. Both read one clock the test moves. */
  let a: LoginLimiter
  let b: LoginLimiter
  let now = T0

  beforeEach(async () => {
    fresh = await freshDatabase(dialect)
    handle = openDb({ databaseUrl: fresh.databaseUrl, sqliteFile: `${fresh.dataDir}/paddock.sqlite` })
    await migrate(handle)
    now = T0
    a = new LoginLimiter(handle.db)
    b = new LoginLimiter(handle.db)
    a.now = b.now = () => now
  })
  afterEach(async () => {
    await handle?.close()
    await fresh?.drop()
  })

  const rows = async () => (await handle.db.selectFrom('login_failures').select('at').execute()).map((r) => Number(r.at))

  it('shares one budget between replicas: 5 failures on each make the 11th attempt wait', async () => {
    for (let i = 0; i < 5; i++) {
      await a.failed('10.1.0.1', 'alice')
      await b.failed('10.1.0.1', 'alice')
      expect(await a.retryAfter('10.1.0.1', 'alice'), `after ${2 * (i + 1)} failures`).toBe(i === 4 ? WINDOW / 1000 : null)
    }
    expect(await b.retryAfter('10.1.0.1', 'alice')).toBe(WINDOW / 1000)
    // the username is matched as the login matches it (trimmed, any case)
    expect(await b.retryAfter('10.1.0.1', ' ALICE ')).toBe(WINDOW / 1000)
    // another IP, or another username from that IP, may still try
    expect(await a.retryAfter('10.1.0.2', 'alice')).toBeNull()
    expect(await b.retryAfter('10.1.0.1', 'bob')).toBeNull()
  })

  it('limits one IP across usernames and replicas (50 failures)', async () => {
    for (let i = 0; i < 50; i++) await (i % 2 ? a : b).failed('10.2.0.1', `user-${i}`)
    expect(await a.retryAfter('10.2.0.1', 'someone-else')).toBe(WINDOW / 1000)
    expect(await b.retryAfter('10.2.0.2', 'someone-else')).toBeNull()
  })

  it('answers the seconds until the 10th most recent failure leaves the window', async () => {
    for (let i = 0; i < 12; i++) {
      now = T0 + i * 1000
      await (i % 2 ? a : b).failed('10.3.0.1', 'carol')
    }
    // the 10th most recent failure happened at T0 + 2 s: attempts resume at T0 + 2 s + window
    now = T0 + 20_000
    expect(await a.retryAfter('10.3.0.1', 'carol')).toBe((2_000 + WINDOW - 20_000) / 1000)
    now = T0 + 2_000 + WINDOW - 1
    expect(await b.retryAfter('10.3.0.1', 'carol')).toBe(1)
    now = T0 + 2_000 + WINDOW
    expect(await b.retryAfter('10.3.0.1', 'carol')).toBeNull()
  })

  it('a success on one replica clears the (IP, username) count for all, not the IP’s', async () => {
    for (let i = 0; i < 10; i++) await a.failed('10.4.0.1', 'dave')
    expect(await b.retryAfter('10.4.0.1', 'dave')).not.toBeNull()
    await b.succeeded('10.4.0.1', 'dave')
    expect(await a.retryAfter('10.4.0.1', 'dave')).toBeNull()
    // the IP's 10 failures still count: 40 more from it, any username, and it waits
    for (let i = 0; i < 40; i++) await a.failed('10.4.0.1', `other-${i}`)
    expect(await a.retryAfter('10.4.0.1', 'dave')).not.toBeNull()
  })

  it('deletes failures that left the window when new ones come in', async () => {
    for (let i = 0; i < 10; i++) await a.failed('10.5.0.1', 'erin')
    expect(await rows()).toHaveLength(20)
    now = T0 + WINDOW + 1
    await b.failed('10.5.0.2', 'frank')
    // only the new failure's two keys are left
    expect(await rows()).toEqual([now, now])
    expect(await a.retryAfter('10.5.0.1', 'erin')).toBeNull()
  })
})

describe.runIf(DIALECTS.includes('postgres'))('login limits across two server processes on PostgreSQL', () => {
  const ADMIN_PASSWORD = 'rate-limit-test-admin-password'
  let fresh: FreshDatabase
  const replicas: ChildServer[] = []

  afterAll(async () => {
    for (const r of replicas) await killChildServer(r)
    await fresh?.drop()
  }, 20_000)

  const login = async (r: ChildServer, password: string) =>
    fetch(`${r.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) })

  it('refuses the 11th sign-in after 5 failures on each replica, on both', async () => {
    fresh = await freshDatabase('postgres')
    // one at a time: the first start creates the admin account
    replicas.push(await startChildServer(fresh, { adminPassword: ADMIN_PASSWORD, name: 'limit-a' }))
    replicas.push(await startChildServer(fresh, { adminPassword: ADMIN_PASSWORD, name: 'limit-b' }))
    const [a, b] = replicas
    for (let i = 0; i < 5; i++) {
      expect((await login(a, 'wrong-password-x')).status).toBe(401)
      expect((await login(b, 'wrong-password-x')).status).toBe(401)
    }
    // each replica saw only 5 failures itself; together they are the limit (even with the right password)
    for (const r of [a, b]) {
      const res = await login(r, ADMIN_PASSWORD)
      expect(res.status).toBe(429)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED')
      const retry = Number(res.headers.get('retry-after'))
      expect(retry).toBeGreaterThan(0)
      expect(retry).toBeLessThanOrEqual(WINDOW / 1000)
    }
  }, 60_000)
})
