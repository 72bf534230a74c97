/**
 * Agent registration tokens: one per environment from its creation, rotated and revoked by
 * owners, listed without secrets; POST /agent/register takes the environment's token or a
 * person's credentials with host:write there; lab agents register with the lab's own token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../testing/test-db.ts'
import { startTestServer, TEST_ADMIN_PASSWORD, type TestServer } from '../../testing/test-app.ts'

const API = '/api/v1'
type Json = any

describe.each(DIALECTS)('registration tokens on %s', (dialect) => {
  let t: TestServer
  let envA: string
  let envB: string
  let n = 0
  const hostBody = (environmentId: string) => ({ environmentId, name: `reg-host-${++n}`, agentIp: `10.9.0.${n}` })
  const register = (environmentId: string, headers: Record<string, string>) =>
    t.request({ method: 'POST', url: `${API}/agent/register`, payload: hostBody(environmentId), headers })
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

  beforeAll(async () => {
    t = await startTestServer(dialect)
    const tpl = (await t.request({ method: 'GET', url: `${API}/templates` })).json.items.find((x: Json) => x.name === 'Cattle').id
    envA = (await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'reg-a', environmentTemplateId: tpl } })).json.id
    envB = (await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'reg-b', environmentTemplateId: tpl } })).json.id
  })
  afterAll(async () => t?.close())

  it('gives every new environment a token and lists tokens without secrets', async () => {
    const res = await t.request({ method: 'GET', url: `${API}/environments/${envA}/registration-tokens` })
    expect(res.status).toBe(200)
    expect(res.json.items).toHaveLength(1)
    expect(res.json.items[0]).toEqual({ id: expect.any(String), environmentId: envA, createdAt: expect.any(String), revokedAt: null, createdBy: null })
    expect(JSON.stringify(res.json)).not.toMatch(/token"|hash/i)
    // members list them; restricted and read-only do not
    expect((await (await t.as('member', envA))({ method: 'GET', url: `${API}/environments/${envA}/registration-tokens` })).status).toBe(200)
    expect((await (await t.as('restricted', envA))({ method: 'GET', url: `${API}/environments/${envA}/registration-tokens` })).status).toBe(403)
  })

  it('rotates (owners): the new token registers, the previous one stops working', async () => {
    const first = await t.request({ method: 'POST', url: `${API}/environments/${envA}/registration-tokens` })
    expect(first.status).toBe(201)
    expect(first.json).toMatchObject({ environmentId: envA, revokedAt: null, createdBy: t.adminId, token: expect.stringMatching(/^[\w-]{43}$/) })
    const ok = await register(envA, bearer(first.json.token))
    expect(ok.status).toBe(201)
    expect(ok.json).toMatchObject({ environmentId: envA, hostId: expect.any(String), token: expect.any(String) })

    const second = await t.request({ method: 'POST', url: `${API}/environments/${envA}/registration-tokens` })
    expect((await register(envA, bearer(first.json.token))).status).toBe(401)
    expect((await register(envA, bearer(second.json.token))).status).toBe(201)
    const list = (await t.request({ method: 'GET', url: `${API}/environments/${envA}/registration-tokens` })).json.items
    expect(list[0]).toMatchObject({ id: second.json.id, revokedAt: null })
    expect(list.filter((x: Json) => x.revokedAt === null)).toHaveLength(1)
    // a member may not rotate
    const member = await t.as('member', envA)
    expect((await member({ method: 'POST', url: `${API}/environments/${envA}/registration-tokens` })).status).toBe(403)
  })

  it('revokes: a revoked token is a 401; hosts keep their own tokens', async () => {
    const made = (await t.request({ method: 'POST', url: `${API}/environments/${envA}/registration-tokens` })).json
    const host = await register(envA, bearer(made.token))
    expect(host.status).toBe(201)
    const del = await t.request({ method: 'DELETE', url: `${API}/environments/${envA}/registration-tokens/${made.id}` })
    expect(del.status).toBe(204)
    const refused = await register(envA, bearer(made.token))
    expect(refused.status).toBe(401)
    expect(refused.json.error.code).toBe('UNAUTHENTICATED')
    const hb = await t.request({ method: 'POST', url: `${API}/agent/heartbeat`, payload: {}, headers: bearer(host.json.token) })
    expect(hb.status).toBe(200)
    // another environment's token id, or a made-up one: 404
    const otherId = (await t.request({ method: 'GET', url: `${API}/environments/${envB}/registration-tokens` })).json.items[0].id
    expect((await t.request({ method: 'DELETE', url: `${API}/environments/${envA}/registration-tokens/${otherId}` })).status).toBe(404)
    expect((await t.request({ method: 'DELETE', url: `${API}/environments/${envA}/registration-tokens/rtk_nope` })).status).toBe(404)
  })

  it('refuses registering without credentials, with an unknown token, or into another environment', async () => {
    const none = await t.request({ method: 'POST', url: `${API}/agent/register`, payload: hostBody(envA), as: 'anonymous' })
    expect(none.status).toBe(401)
    expect((await register(envA, bearer('not-a-token'))).status).toBe(401)
    const tokenB = (await t.request({ method: 'POST', url: `${API}/environments/${envB}/registration-tokens` })).json.token
    const cross = await register(envA, bearer(tokenB))
    expect(cross.status).toBe(403)
    expect(cross.json.error.code).toBe('FORBIDDEN')
    // the same answer for an environment that does not exist: nothing leaks
    expect((await register('env_does_not_exist', bearer(tokenB))).status).toBe(403)
    // a host token is not a registration token
    const host = await register(envB, bearer(tokenB))
    expect((await register(envB, bearer(host.json.token))).status).toBe(401)
    const hosts = await t.server.ctx.db.selectFrom('hosts').select('environment_id').where('name', 'like', 'reg-host-%').execute()
    expect(hosts.every((h) => h.environment_id === envA || h.environment_id === envB)).toBe(true)
  })

  it('lets people with host:write register (API key, or a session with its CSRF token)', async () => {
    const restricted = await t.as('restricted', envA)
    expect((await restricted({ method: 'POST', url: `${API}/agent/register`, payload: hostBody(envA) })).status).toBe(201)
    const readOnly = await t.as('read-only', envA)
    expect((await readOnly({ method: 'POST', url: `${API}/agent/register`, payload: hostBody(envA) })).status).toBe(403)
    // not a member of B: B does not exist for them (as a missing environment: 422)
    const outsider = await restricted({ method: 'POST', url: `${API}/agent/register`, payload: hostBody(envB) })
    expect(outsider.status).toBe(422)
    expect(outsider.json.error.code).toBe('REFERENCE_NOT_FOUND')

    const login = await t.request({ method: 'POST', url: `${API}/auth/login`, payload: { username: 'admin', password: TEST_ADMIN_PASSWORD }, as: 'anonymous' })
    const cookie = String(login.headers['set-cookie']).split(';')[0]
    expect((await register(envA, { cookie })).status).toBe(403)
    expect((await register(envA, { cookie, 'x-csrf-token': login.json.csrfToken })).status).toBe(201)
  })

  it('lab agents register through the agent API with the lab token, untouched by rotation', async () => {
    const res = await t.request({ method: 'POST', url: `${API}/environments/${envB}/hosts`, payload: {} })
    expect(res.status).toBe(201)
    const lab = await t.server.ctx.db.selectFrom('registration_tokens').select(['purpose', 'revoked_at']).where('environment_id', '=', envB).where('purpose', '=', 'lab').execute()
    expect(lab).toEqual([{ purpose: 'lab', revoked_at: null }])
    // never listed; an owner's rotation does not cut the lab off
    const listed = (await t.request({ method: 'GET', url: `${API}/environments/${envB}/registration-tokens` })).json.items
    expect(listed).toHaveLength((await t.server.ctx.db.selectFrom('registration_tokens').select('id').where('environment_id', '=', envB).where('purpose', '=', 'agent').execute()).length)
    await t.request({ method: 'POST', url: `${API}/environments/${envB}/registration-tokens` })
    expect((await t.request({ method: 'POST', url: `${API}/environments/${envB}/hosts`, payload: {} })).status).toBe(201)
    // a lab token revoked behind the lab's back: it makes a new one and registers again
    await t.server.ctx.db.updateTable('registration_tokens').set({ revoked_at: new Date().toISOString() }).where('purpose', '=', 'lab').execute()
    expect((await t.request({ method: 'POST', url: `${API}/environments/${envB}/hosts`, payload: {} })).status).toBe(201)
  })
})
