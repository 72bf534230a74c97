import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from '../../auth/password.ts'
import { DIALECTS } from '../../testing/test-db.ts'
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../../testing/test-app.ts'

const API = '/api/v1'
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('password hashing', () => {
  it('stores scrypt$N$r$p$salt$hash with a random salt and verifies in constant time', async () => {
    const a = await hashPassword('correct horse battery')
    const b = await hashPassword('correct horse battery')
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[\w-]+\$[\w-]+$/)
    expect(a).not.toBe(b)
    expect(await verifyPassword('correct horse battery', a)).toBe(true)
    expect(await verifyPassword('wrong horse battery', a)).toBe(false)
    expect(await verifyPassword('x', 'garbage')).toBe(false)
  })
})

describe.each(DIALECTS)('access control on %s', (dialect) => {
  let t: TestServer
  let tpl: string
  let envA: string
  let envB: string

  const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']).split(';')[0]
  const login = async (username: string, password: string) => {
    const res = await t.request({ method: 'POST', url: `${API}/auth/login`, payload: { username, password }, as: 'anonymous' })
    expect(res.status, res.body).toBe(200)
    return { cookie: cookieOf(res), csrf: res.json.csrfToken as string, res }
  }

  beforeAll(async () => {
    t = await startTestServer(dialect, { lab: false })
    tpl = (await t.request({ method: 'GET', url: `${API}/templates` })).json.items.find((x: { name: string }) => x.name === 'Cattle').id
    envA = (await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'auth-a', environmentTemplateId: tpl } })).json.id
    envB = (await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'auth-b', environmentTemplateId: tpl } })).json.id
  })
  afterAll(async () => {
    await t?.close()
  })

  it('creates the admin on first start with the configured password', async () => {
    expect(t.server.firstAdmin).toEqual({ username: 'admin', password: TEST_ADMIN_PASSWORD, generated: false })
    const row = await t.server.ctx.db.selectFrom('accounts').selectAll().where('username', '=', 'admin').executeTakeFirstOrThrow()
    expect(row.admin).toBe(1)
    expect(row.password_hash).toMatch(/^scrypt\$/)
    expect(row.password_hash).not.toContain(TEST_ADMIN_PASSWORD)
  })

  it('signs in with a cookie (HttpOnly, SameSite=Strict), answers me, and signs out', async () => {
    const { cookie, csrf, res } = await login('admin', TEST_ADMIN_PASSWORD)
    const setCookie = String(res.headers['set-cookie'])
    expect(setCookie).toMatch(/^paddock_session=[\w-]{43}; /)
    expect(setCookie).toContain('HttpOnly')
    expect(setCookie).toContain('SameSite=Strict')
    expect(setCookie).toContain('Path=/')
    expect(setCookie).toMatch(/Max-Age=\d+/)
    expect(setCookie).not.toContain('Secure')
    expect(res.json).toMatchObject({ account: { username: 'admin', admin: true }, via: 'session' })
    expect(res.json.roles[envA]).toBe('owner')
    expect(csrf).toMatch(/^[\w-]{43}$/)
    // the database keeps only the token's hash
    const sessions = await t.server.ctx.db.selectFrom('sessions').select('id').execute()
    expect(sessions.map((s) => s.id)).not.toContain(cookie.split('=')[1])

    const me = await t.request({ method: 'GET', url: `${API}/auth/me`, headers: { cookie } })
    expect(me.status).toBe(200)
    expect(me.json).toMatchObject({ account: { username: 'admin' }, csrfToken: csrf, via: 'session' })

    const out = await t.request({ method: 'POST', url: `${API}/auth/logout`, headers: { cookie, 'x-csrf-token': csrf } })
    expect(out.status).toBe(204)
    expect(String(out.headers['set-cookie'])).toMatch(/^paddock_session=; .*Max-Age=0/)
    const after = await t.request({ method: 'GET', url: `${API}/auth/me`, headers: { cookie } })
    expect(after.status).toBe(401)
    expect(after.json.error.code).toBe('UNAUTHENTICATED')
  })

  it('refuses a wrong password and an unknown user alike', async () => {
    for (const payload of [
      { username: 'admin', password: 'not the password' },
      { username: 'nobody', password: 'not the password' },
    ]) {
      const res = await t.request({ method: 'POST', url: `${API}/auth/login`, payload, as: 'anonymous' })
      expect(res.status).toBe(401)
      expect(res.json.error).toEqual({ code: 'UNAUTHENTICATED', message: 'wrong username or password' })
      expect(res.headers['set-cookie']).toBeUndefined()
    }
    expect((await t.request({ method: 'GET', url: `${API}/auth/me`, as: 'anonymous' })).status).toBe(401)
    expect((await t.request({ method: 'GET', url: `${API}/environments`, as: 'anonymous' })).status).toBe(401)
    expect((await t.request({ method: 'GET', url: `${API}/health`, as: 'anonymous' })).status).toBe(200)
    expect((await t.request({ method: 'GET', url: `${API}/auth/me`, headers: { cookie: 'paddock_session=made-up' } })).status).toBe(401)
  })

  it('refuses unsafe requests of a cookie session without the CSRF token', async () => {
    const { cookie, csrf } = await login('admin', TEST_ADMIN_PASSWORD)
    const payload = { name: 'csrf-env', environmentTemplateId: tpl }
    for (const headers of [{ cookie }, { cookie, 'x-csrf-token': 'wrong' }]) {
      const res = await t.request({ method: 'POST', url: `${API}/environments`, payload, headers })
      expect(res.status).toBe(403)
      expect(res.json.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('missing or wrong CSRF token') })
    }
    // reads need none; with the token the write goes through
    expect((await t.request({ method: 'GET', url: `${API}/environments`, headers: { cookie } })).status).toBe(200)
    const ok = await t.request({ method: 'POST', url: `${API}/environments`, payload, headers: { cookie, 'x-csrf-token': csrf } })
    expect(ok.status, ok.body).toBe(201)
    await t.request({ method: 'DELETE', url: `${API}/environments/${ok.json.id}`, headers: { cookie, 'x-csrf-token': csrf } })
  })

  it('changes a password: too short names newPassword, a wrong current names currentPassword, other sessions end', async () => {
    const u = await t.account({ username: 'pw-user' })
    const s1 = await login(u.username, u.password)
    const s2 = await login(u.username, u.password)
    const change = (payload: object) => t.request({ method: 'POST', url: `${API}/auth/password`, payload, headers: { cookie: s1.cookie, 'x-csrf-token': s1.csrf } })
    const short = await change({ currentPassword: u.password, newPassword: 'short' })
    expect(short.status).toBe(400)
    expect(short.json.error.details.map((d: { path: string }) => d.path)).toEqual(['newPassword'])
    const wrong = await change({ currentPassword: 'not my password', newPassword: 'a-brand-new-password' })
    expect(wrong.status).toBe(400)
    expect(wrong.json.error.details.map((d: { path: string }) => d.path)).toEqual(['currentPassword'])
    expect((await change({ currentPassword: u.password, newPassword: 'a-brand-new-password' })).status).toBe(204)
    expect((await t.request({ method: 'GET', url: `${API}/auth/me`, headers: { cookie: s1.cookie } })).status).toBe(200)
    expect((await t.request({ method: 'GET', url: `${API}/auth/me`, headers: { cookie: s2.cookie } })).status).toBe(401)
    await login(u.username, 'a-brand-new-password')
  })

  it('accounts: admin only, NAME_TAKEN on a taken username', async () => {
    const plain = await t.account()
    expect((await plain.request({ method: 'GET', url: `${API}/accounts` })).status).toBe(403)
    const body = { username: 'carol', password: 'carols-long-password' }
    expect((await plain.request({ method: 'POST', url: `${API}/accounts`, payload: body })).status).toBe(403)
    const created = await t.request({ method: 'POST', url: `${API}/accounts`, payload: body })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({ username: 'carol', displayName: 'carol', admin: false, revision: 1 })
    expect(created.json).not.toHaveProperty('passwordHash')
    const again = await t.request({ method: 'POST', url: `${API}/accounts`, payload: body })
    expect(again.status).toBe(409)
    expect(again.json.error.code).toBe('NAME_TAKEN')
    const list = await t.request({ method: 'GET', url: `${API}/accounts` })
    expect(list.json.items.map((a: { username: string }) => a.username)).toContain('carol')
  })

  it('API keys: secret shown once, Basic auth, revocation, another account cannot revoke', async () => {
    const u = await t.account({ roles: { [envA]: 'member' } })
    const created = await u.request({ method: 'POST', url: `${API}/api-keys`, payload: { name: 'ci' } })
    expect(created.status).toBe(201)
    expect(created.json).toMatchObject({ name: 'ci', environmentId: null, revokedAt: null, lastUsedAt: null })
    const auth = `Basic ${Buffer.from(`${created.json.accessKey}:${created.json.secret}`).toString('base64')}`
    const me = await t.request({ method: 'GET', url: `${API}/auth/me`, headers: { authorization: auth } })
    expect(me.json).toMatchObject({ account: { id: u.id }, via: 'api-key', csrfToken: null, roles: { [envA]: 'member' } })
    // no CSRF token for API keys
    expect((await t.request({ method: 'POST', url: `${API}/environments/${envA}/containers`, payload: {}, headers: { authorization: auth } })).status).toBe(400)
    const list = await u.request({ method: 'GET', url: `${API}/api-keys` })
    const listed = list.json.items.find((k: { id: string }) => k.id === created.json.id)
    expect(listed).not.toHaveProperty('secret')
    expect(listed.lastUsedAt).not.toBeNull()
    const wrongSecret = `Basic ${Buffer.from(`${created.json.accessKey}:nope`).toString('base64')}`
    expect((await t.request({ method: 'GET', url: `${API}/auth/me`, headers: { authorization: wrongSecret } })).status).toBe(401)
    // another account's key is not found
    const other = await t.account()
    expect((await other.request({ method: 'DELETE', url: `${API}/api-keys/${created.json.id}` })).status).toBe(404)
    expect((await u.request({ method: 'DELETE', url: `${API}/api-keys/${created.json.id}` })).status).toBe(204)
    const revoked = await t.request({ method: 'GET', url: `${API}/auth/me`, headers: { authorization: auth } })
    expect(revoked.status).toBe(401)
    expect(revoked.json.error.code).toBe('UNAUTHENTICATED')
  })

  it('an environment-scoped key reaches only its environment', async () => {
    const u = await t.account({ roles: { [envA]: 'owner', [envB]: 'owner' }, keyEnvironmentId: envA })
    expect((await u.request({ method: 'GET', url: `${API}/environments/${envA}` })).status).toBe(200)
    const b = await u.request({ method: 'GET', url: `${API}/environments/${envB}` })
    expect(b.status).toBe(404)
    expect(b.json.error.code).toBe('NOT_FOUND')
    const list = await u.request({ method: 'GET', url: `${API}/environments` })
    expect(list.json.items.map((e: { id: string }) => e.id)).toEqual([envA])
    expect((await u.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'x', environmentTemplateId: tpl } })).status).toBe(403)
    // a key may be limited only to an environment the account may read
    const stranger = await t.account()
    const refused = await stranger.request({ method: 'POST', url: `${API}/api-keys`, payload: { name: 'k', environmentId: envA } })
    expect(refused.status).toBe(422)
    expect(refused.json.error.code).toBe('REFERENCE_NOT_FOUND')
  })

  it('lists only the environments of the caller; the creator becomes owner', async () => {
    const u = await t.account({ roles: { [envB]: 'read-only' } })
    expect((await u.request({ method: 'GET', url: `${API}/environments` })).json.items.map((e: { id: string }) => e.id)).toEqual([envB])
    const created = await u.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'mine', environmentTemplateId: tpl } })
    expect(created.status).toBe(201)
    const members = await u.request({ method: 'GET', url: `${API}/environments/${created.json.id}/members` })
    expect(members.json.items).toEqual([{ environmentId: created.json.id, accountId: u.id, username: u.username, displayName: u.username, role: 'owner' }])
    expect((await u.request({ method: 'GET', url: `${API}/environments` })).json.items).toHaveLength(2)
    // deleting the environment deletes its memberships
    expect((await u.request({ method: 'DELETE', url: `${API}/environments/${created.json.id}` })).status).toBe(204)
    const left = await t.server.ctx.db.selectFrom('memberships').select('account_id').where('environment_id', '=', created.json.id).execute()
    expect(left).toEqual([])
  })

  it('members: owners manage them, unknown accounts are 422, an environment keeps an owner', async () => {
    const owner = await t.account({ roles: { [envA]: 'owner' } })
    const member = await t.account({ roles: { [envA]: 'member' } })
    const newcomer = await t.account()
    expect((await member.request({ method: 'PUT', url: `${API}/environments/${envA}/members/${newcomer.id}`, payload: { role: 'member' } })).status).toBe(403)
    const put = await owner.request({ method: 'PUT', url: `${API}/environments/${envA}/members/${newcomer.id}`, payload: { role: 'read-only' } })
    expect(put.status).toBe(200)
    expect(put.json).toMatchObject({ accountId: newcomer.id, role: 'read-only' })
    expect((await newcomer.request({ method: 'GET', url: `${API}/environments/${envA}` })).status).toBe(200)
    const unknown = await owner.request({ method: 'PUT', url: `${API}/environments/${envA}/members/acc_nobody`, payload: { role: 'member' } })
    expect(unknown.status).toBe(422)
    expect(unknown.json.error.code).toBe('REFERENCE_NOT_FOUND')
    expect((await owner.request({ method: 'DELETE', url: `${API}/environments/${envA}/members/${newcomer.id}` })).status).toBe(204)
    expect((await newcomer.request({ method: 'GET', url: `${API}/environments/${envA}` })).status).toBe(404)
    // an owner who is not an admin cannot list accounts: the username names the account too
    const byName = await owner.request({ method: 'PUT', url: `${API}/environments/${envA}/members/${newcomer.username}`, payload: { role: 'member' } })
    expect(byName.status, byName.body).toBe(200)
    expect(byName.json).toMatchObject({ accountId: newcomer.id, username: newcomer.username, role: 'member' })
    expect((await owner.request({ method: 'DELETE', url: `${API}/environments/${envA}/members/${newcomer.id}` })).status).toBe(204)

    // a fresh environment with one owner: that owner can neither step down nor leave
    const env = (await owner.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'one-owner', environmentTemplateId: tpl } })).json.id
    const demote = await owner.request({ method: 'PUT', url: `${API}/environments/${env}/members/${owner.id}`, payload: { role: 'member' } })
    expect(demote.status).toBe(400)
    expect(demote.json.error.details[0]).toMatchObject({ path: 'role', message: expect.stringContaining('at least one owner') })
    const leave = await owner.request({ method: 'DELETE', url: `${API}/environments/${env}/members/${owner.id}` })
    expect(leave.status).toBe(400)
    expect(leave.json.error.message).toContain('at least one owner')
    // with a second owner, the first may leave
    expect((await owner.request({ method: 'PUT', url: `${API}/environments/${env}/members/${member.id}`, payload: { role: 'owner' } })).status).toBe(200)
    expect((await owner.request({ method: 'DELETE', url: `${API}/environments/${env}/members/${owner.id}` })).status).toBe(204)
  })

  it('the event stream carries only the environments the caller may read', async () => {
    const memberB = await t.account({ roles: { [envB]: 'member' } })
    await t.server.app.listen({ host: '127.0.0.1', port: 0 })
    const base = `http://127.0.0.1:${(t.server.app.server.address() as AddressInfo).port}`
    const hidden = await fetch(`${base}${API}/events?environmentId=${envA}`, { headers: { authorization: memberB.authorization } })
    expect(hidden.status).toBe(404)
    expect((await hidden.json()).error.code).toBe('NOT_FOUND')

    const abort = new AbortController()
    const res = await fetch(`${base}${API}/events`, { headers: { authorization: memberB.authorization }, signal: abort.signal })
    expect(res.status).toBe(200)
    let text = ''
    const reader = res.body!.getReader()
    const pump = (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read()
          if (done) break
          text += new TextDecoder().decode(value)
        }
      } catch {
        // aborted
      }
    })()
    const patch = (envId: string, name: string) => t.request({ method: 'PATCH', url: `${API}/environments/${envId}`, payload: { description: name } })
    await patch(envA, 'secret change in A')
    await patch(envB, 'visible change in B')
    for (let i = 0; i < 100 && !text.includes(envB); i++) await sleep(20)
    await sleep(50)
    abort.abort()
    await pump
    expect(text).toContain(`"environmentId":"${envB}"`)
    expect(text).not.toContain(envA)
  })
})

describe('first start without PADDOCK_ADMIN_PASSWORD', () => {
  it('generates a long admin password, once', async () => {
    const { Config } = await import('../../config.ts')
    const { startServer } = await import('../../server.ts')
    const { freshDatabase } = await import('../../testing/test-db.ts')
    const db = await freshDatabase('sqlite')
    const config = Config.parse({ dataDir: db.dataDir, databaseUrl: db.databaseUrl, demo: 'false', staticDir: '/nonexistent' })
    const s = await startServer(config, { lab: false })
    expect(s.firstAdmin?.generated).toBe(true)
    expect(s.firstAdmin!.password.length).toBeGreaterThanOrEqual(24)
    const res = await s.app.inject({ method: 'POST', url: `${API}/auth/login`, payload: { username: 'admin', password: s.firstAdmin!.password } })
    expect(res.statusCode).toBe(200)
    await s.close()
    const again = await startServer(config, { lab: false })
    expect(again.firstAdmin).toBeNull()
    await again.close()
    await db.drop()
  })
})
