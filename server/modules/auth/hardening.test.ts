/**
 * Hardening: login rate limiting, security headers on every answer, and the audit log of
 * mutations (who, what, when, from where; never bodies or secrets).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY } from '../../app.ts'
import { loginLimiter } from '../../auth/rate-limit.ts'
import { DIALECTS } from '../../testing/test-db.ts'
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../../testing/test-app.ts'
import { flushAudit, pruneAudit } from '../audit/audit.service.ts'

const API = '/api/v1'
type Json = any

describe.each(DIALECTS)('hardening on %s', (dialect) => {
  let t: TestServer
  let envA: string
  let envB: string

  const login = (username: string, password: string, ip = '10.0.0.1') =>
    t.request({ method: 'POST', url: `${API}/auth/login`, payload: { username, password }, as: 'anonymous', remoteAddress: ip })
  const audit = async (query = '', request = t.request) => {
    await flushAudit(t.server.ctx)
    return request({ method: 'GET', url: `${API}/audit${query}` })
  }

  beforeAll(async () => {
    t = await startTestServer(dialect, { lab: false })
    const tpl = (await t.request({ method: 'GET', url: `${API}/templates` })).json.items.find((x: Json) => x.name === 'Cattle').id
    envA = (await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'hard-a', environmentTemplateId: tpl } })).json.id
    envB = (await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'hard-b', environmentTemplateId: tpl } })).json.id
  })
  afterAll(async () => t?.close())

  describe('login rate limiting', () => {
    it('answers 429 with Retry-After after 10 failures of one username from one IP, even with the right password', async () => {
      const user = await t.account({ username: 'limited' })
      for (let i = 0; i < 10; i++) expect((await login('limited', 'wrong-password-x', '10.0.0.2')).status).toBe(401)
      const res = await login('limited', user.password, '10.0.0.2')
      expect(res.status).toBe(429)
      expect(res.json.error.code).toBe('RATE_LIMITED')
      const retry = Number(res.headers['retry-after'])
      expect(retry).toBeGreaterThan(0)
      expect(retry).toBeLessThanOrEqual(600)
      // another IP, or another username from that IP, is not blocked
      expect((await login('limited', user.password, '10.0.0.3')).status).toBe(200)
      expect((await login('admin', TEST_ADMIN_PASSWORD, '10.0.0.2')).status).toBe(200)
      // after the window it may try again
      const limiter = loginLimiter(t.server.ctx)
      const realNow = limiter.now
      limiter.now = () => realNow() + 11 * 60_000
      try {
        expect((await login('limited', user.password, '10.0.0.2')).status).toBe(200)
      } finally {
        limiter.now = realNow
      }
    })

    it('a success resets the (IP, username) count', async () => {
      const user = await t.account({ username: 'forgetful' })
      for (let i = 0; i < 9; i++) expect((await login('forgetful', 'wrong-password-x', '10.0.0.4')).status).toBe(401)
      expect((await login('forgetful', user.password, '10.0.0.4')).status).toBe(200)
      for (let i = 0; i < 9; i++) expect((await login('forgetful', 'wrong-password-x', '10.0.0.4')).status).toBe(401)
      expect((await login('forgetful', user.password, '10.0.0.4')).status).toBe(200)
    })

    it('limits one IP across usernames (50 failures)', async () => {
      for (let i = 0; i < 50; i++) expect((await login(`nobody-${i % 5}`, 'wrong-password-x', '10.0.0.5')).status).toBe(401)
      const res = await login('admin', TEST_ADMIN_PASSWORD, '10.0.0.5')
      expect(res.status).toBe(429)
      expect(res.headers['retry-after']).toBeDefined()
    })
  })

  describe('security headers', () => {
    it('sends them on API answers, errors and unknown routes; HSTS only over https', async () => {
      const answers = [
        await t.request({ method: 'GET', url: `${API}/health` }),
        await t.request({ method: 'GET', url: `${API}/environments/nope` }),
        await t.request({ method: 'GET', url: `${API}/no-such-route` }),
        await t.request({ method: 'GET', url: `${API}/auth/me`, as: 'anonymous' }),
        await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 1 } }),
      ]
      for (const res of answers) {
        expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
        expect(res.headers).toMatchObject({
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
          'x-frame-options': 'DENY',
          'cross-origin-opener-policy': 'same-origin',
        })
        expect(res.headers['strict-transport-security']).toBeUndefined()
      }
      const csp = String(answers[0].headers['content-security-policy'])
      for (const d of ["default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "worker-src 'self' blob:", "frame-ancestors 'none'", "base-uri 'none'"]) {
        expect(csp).toContain(d)
      }
      expect(csp).not.toMatch(/script-src[^;]*unsafe/)
    })
  })

  describe('audit log', () => {
    it('records mutations with who, what and where, refused ones included, never bodies or secrets', async () => {
      const member = await t.account({ roles: { [envA]: 'read-only' }, username: 'audited-reader' })
      const created = await t.request({ method: 'POST', url: `${API}/environments/${envA}/registration-tokens` })
      expect(created.status).toBe(201)
      const refused = await member.request({ method: 'PATCH', url: `${API}/environments/${envA}`, payload: { name: 'renamed' }, headers: { 'if-match': '1' } })
      expect(refused.status).toBe(403)
      await t.request({ method: 'POST', url: `${API}/environments/${envA}/hosts`, payload: {}, as: 'anonymous' })
      const secretPassword = 'a-very-secret-password-123'
      await t.request({ method: 'POST', url: `${API}/accounts`, payload: { username: 'audited-new', password: secretPassword } })
      await login('admin', TEST_ADMIN_PASSWORD, '10.0.0.9')
      // reads are not recorded
      await t.request({ method: 'GET', url: `${API}/environments/${envA}` })

      const res = await audit()
      expect(res.status).toBe(200)
      const items = res.json.items as Json[]
      const text = JSON.stringify(items)
      expect(text).not.toContain(secretPassword)
      expect(text).not.toContain(TEST_ADMIN_PASSWORD)
      expect(text).not.toContain(created.json.token)
      expect(items.every((e) => e.method !== 'GET')).toBe(true)
      const signIn = items[0]
      expect(signIn).toMatchObject({ method: 'POST', route: `${API}/auth/login`, status: 200, actorKind: 'account', actorName: 'admin', via: 'session', ip: '10.0.0.9', environmentId: null })
      expect(items[1]).toMatchObject({ route: `${API}/accounts`, status: 201, actorKind: 'account', actorId: t.adminId, actorName: 'admin', via: 'api-key' })
      expect(items[2]).toMatchObject({ route: `${API}/environments/:envId/hosts`, status: 401, actorKind: 'anonymous', via: 'anonymous', environmentId: envA, params: { envId: envA } })
      expect(items[3]).toMatchObject({ method: 'PATCH', route: `${API}/environments/:envId`, status: 403, actorName: 'audited-reader', environmentId: envA })
      expect(items[4]).toMatchObject({ method: 'POST', route: `${API}/environments/:envId/registration-tokens`, status: 201, environmentId: envA, requestId: expect.stringMatching(/^req_/) })
      expect(Number(items[0].id)).toBeGreaterThan(Number(items[1].id))
    })

    it('records agent registration (with its environment) but not heartbeats or reports', async () => {
      const token = (await t.request({ method: 'POST', url: `${API}/environments/${envB}/registration-tokens` })).json.token
      const reg = await t.request({ method: 'POST', url: `${API}/agent/register`, payload: { environmentId: envB, name: 'audited-host', agentIp: '10.8.0.1' }, headers: { authorization: `Bearer ${token}` } })
      expect(reg.status).toBe(201)
      const hostAuth = { authorization: `Bearer ${reg.json.token}` }
      await t.request({ method: 'POST', url: `${API}/agent/heartbeat`, payload: {}, headers: hostAuth })
      await t.request({ method: 'POST', url: `${API}/agent/report`, payload: { containers: [] }, headers: hostAuth })
      const items = (await audit(`?environmentId=${envB}`)).json.items as Json[]
      expect(items[0]).toMatchObject({ route: `${API}/agent/register`, status: 201, actorKind: 'agent', via: 'agent', environmentId: envB })
      expect(items.some((e) => e.route.endsWith('/heartbeat') || e.route.endsWith('/report'))).toBe(false)
    })

    it('lets admins read all, owners their environment given, and no one else', async () => {
      const owner = await t.account({ roles: { [envA]: 'owner' }, username: 'audit-owner' })
      const member = await t.account({ roles: { [envA]: 'member' }, username: 'audit-member' })
      expect((await audit('', owner.request)).status).toBe(403)
      const mine = await audit(`?environmentId=${envA}`, owner.request)
      expect(mine.status).toBe(200)
      expect(mine.json.items.length).toBeGreaterThan(0)
      expect(mine.json.items.every((e: Json) => e.environmentId === envA)).toBe(true)
      expect((await audit(`?environmentId=${envB}`, owner.request)).status).toBe(404)
      expect((await audit(`?environmentId=${envA}`, member.request)).status).toBe(403)
      expect((await t.request({ method: 'GET', url: `${API}/audit`, as: 'anonymous' })).status).toBe(401)
    })

    it('pages newest first with a cursor and refuses foreign cursors', async () => {
      const first = await audit('?limit=2')
      expect(first.json.items).toHaveLength(2)
      expect(first.json.nextCursor).toEqual(expect.any(String))
      const second = await audit(`?limit=2&cursor=${first.json.nextCursor}`)
      expect(Number(second.json.items[0].id)).toBeLessThan(Number(first.json.items[1].id))
      expect((await audit('?cursor=Zm9v')).status).toBe(400)
      expect((await audit('?limit=0')).status).toBe(400)
    })

    it('keeps the newest entries in all and per environment', async () => {
      await flushAudit(t.server.ctx)
      const count = async (envId?: string) => {
        let q = t.server.ctx.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n'))
        if (envId) q = q.where('environment_id', '=', envId)
        return Number((await q.executeTakeFirstOrThrow()).n)
      }
      expect(await count(envA)).toBeGreaterThan(2)
      await pruneAudit(t.server.ctx, { total: 1_000, perEnvironment: 2 })
      expect(await count(envA)).toBe(2)
      const newest = (await audit(`?environmentId=${envA}`)).json.items
      expect(newest).toHaveLength(2)
      await pruneAudit(t.server.ctx, { total: 3, perEnvironment: 2 })
      // the GET above wrote nothing; three remain in all
      expect(await count()).toBe(3)
    })
  })
})
