/**
 * The access table: every registered API route × every kind of caller, asserting the class of
 * the answer. No credentials → 401 (open routes excepted); another environment's owner → 404
 * on environment routes (no existence leak); a role without the permission → 403; an allowed
 * caller gets past the policy (any answer but 401/403/5xx or the environment's 404: a 400 from
 * the minimal body, a 404 for a made-up resource id, a 409, or the 503 of lab routes in a
 * server without lab agents counts as allowed).
 */
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROLES, type Role } from '../../../core/api/auth.ts'
import { registeredRoutes } from '../../app.ts'
import { DIALECTS } from '../../testing/test-db.ts'
import { startTestServer, type RequestFn, type TestServer } from '../../testing/test-app.ts'

const API = '/api/v1'

/** The least environment role for each environment-scoped permission (domain §1.2, §1.4). */
const LEAST: Record<string, Role> = {
  'environment:read': 'read-only',
  'infrastructure:read': 'read-only',
  'members:read': 'read-only',
  'environment:write': 'restricted',
  'host:write': 'restricted',
  'infrastructure:write': 'member',
  'members:write': 'owner',
  'environment:owner': 'owner',
  'registration:read': 'member',
  'registration:write': 'owner',
}
const RANK: Record<Role, number> = { 'read-only': 0, restricted: 1, member: 2, owner: 3 }
const OPEN = new Set(['public', 'auth:public'])
/**
 * Global (not environment-scoped) permissions any signed-in account has. agent:register takes a
 * person too (the environment in the body is checked after the policy: `{}` is a 400).
 */
const ANY_ACCOUNT = new Set(['account:self', 'template:read', 'catalog:read', 'environment:read', 'environment:write', 'agent:register'])
/** GET /audit without ?environmentId= is the whole log: admins only. */
const ADMIN_ONLY = new Set(['catalog:write', 'accounts:admin', 'audit:read'])

type ActorName = 'anonymous' | Role | 'other-owner' | 'admin'
const ACTORS: ActorName[] = ['anonymous', ...ROLES, 'other-owner', 'admin']
type Expect = 'unauthenticated' | 'forbidden' | 'hidden' | 'allowed'

function expected(actor: ActorName, permission: string, scoped: boolean): Expect {
  if (OPEN.has(permission)) return 'allowed'
  if (permission === 'agent:report') return 'unauthenticated'
  if (actor === 'anonymous') return 'unauthenticated'
  if (actor === 'admin') return 'allowed'
  if (scoped && LEAST[permission]) {
    if (actor === 'other-owner') return 'hidden'
    return RANK[actor] >= RANK[LEAST[permission]] ? 'allowed' : 'forbidden'
  }
  if (ANY_ACCOUNT.has(permission)) return 'allowed'
  if (ADMIN_ONLY.has(permission)) return 'forbidden'
  throw new Error(`no expectation for ${permission}`)
}

describe.each(DIALECTS)('access table on %s', (dialect) => {
  let t: TestServer
  let envA: string
  let spareAccount: string
  let baseUrl: string
  const callers = {} as Record<ActorName, RequestFn>
  const headersOf = {} as Record<ActorName, Record<string, string>>

  beforeAll(async () => {
    t = await startTestServer(dialect, { lab: false })
    const tpl = (await t.request({ method: 'GET', url: `${API}/templates` })).json.items.find((x: { name: string }) => x.name === 'Cattle').id
    envA = (await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'env-a', environmentTemplateId: tpl } })).json.id
    const envB = (await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'env-b', environmentTemplateId: tpl } })).json.id
    callers.anonymous = (o) => t.request({ ...o, as: 'anonymous' })
    headersOf.anonymous = {}
    for (const role of ROLES) {
      const a = await t.account({ roles: { [envA]: role }, username: `table-${role}` })
      callers[role] = a.request
      headersOf[role] = { authorization: a.authorization }
    }
    const other = await t.account({ roles: { [envB]: 'owner' }, username: 'table-other-owner' })
    callers['other-owner'] = other.request
    headersOf['other-owner'] = { authorization: other.authorization }
    callers.admin = t.request
    headersOf.admin = t.authHeaders
    spareAccount = (await t.account({ username: 'table-spare' })).id
    await t.server.app.listen({ host: '127.0.0.1', port: 0 })
    baseUrl = `http://127.0.0.1:${(t.server.app.server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await t?.close()
  })

  it('covers every registered API route for every caller', async () => {
    const routes = registeredRoutes(t.server.app).filter((r) => r.url.startsWith(`${API}/`) && r.method !== 'HEAD')
    expect(routes.length).toBeGreaterThan(50)
    const failures: string[] = []
    let checked = 0
    for (const route of routes) {
      const permission = route.permission!
      // the event stream is asked for envA's events (?environmentId=): scoped like envA's routes
      const scoped = route.url.includes(':envId') || route.url === `${API}/events`
      const url = route.url
        .replace(':envId', envA)
        .replace(':accountId', spareAccount)
        .replace(':address', '10.255.255.254')
        .replace(/:[a-zA-Z]+/g, 'does-not-exist')
      const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(route.method)
      for (const actor of ACTORS) {
        let status: number
        let code: string | undefined
        let message = ''
        if (route.url === `${API}/events`) {
          // a stream: read the status line and hang up
          const abort = new AbortController()
          const res = await fetch(`${baseUrl}${url}?environmentId=${envA}`, { headers: headersOf[actor], signal: abort.signal })
          status = res.status
          if (status !== 200) {
            const body = await res.json()
            code = body.error?.code
            message = body.error?.message ?? ''
          }
          abort.abort()
        } else {
          const res = await callers[actor]({
            method: route.method as 'GET',
            url,
            // "nope" is not a revision: nothing is deleted or changed by an allowed caller
            headers: { 'if-match': 'nope' },
            ...(unsafe && route.method !== 'DELETE' ? { payload: {} } : {}),
          })
          status = res.status
          code = res.json?.error?.code
          message = res.json?.error?.message ?? ''
        }
        const want = expected(actor, permission, scoped)
        const envHidden = code === 'NOT_FOUND' && message.includes(`environment ${JSON.stringify(envA)}`)
        const ok =
          want === 'unauthenticated'
            ? status === 401 && code === 'UNAUTHENTICATED'
            : want === 'forbidden'
              ? status === 403 && code === 'FORBIDDEN'
              : want === 'hidden'
                ? status === 404 && envHidden
                : (status < 500 || code === 'UNAVAILABLE') && status !== 401 && status !== 403 && !envHidden
        checked++
        if (!ok) failures.push(`${route.method} ${route.url} (${permission}) as ${actor}: wanted ${want}, got ${status} ${code ?? ''} ${message}`)
      }
    }
    expect(failures).toEqual([])
    expect(checked).toBe(routes.length * ACTORS.length)
  })
})
