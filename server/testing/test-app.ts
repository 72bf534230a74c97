import type { InjectOptions } from 'fastify'
import type { Role } from '../../core/api/auth.ts'
import { insertApiKey } from '../auth/api-keys.ts'
import { createAccount } from '../modules/auth/auth.service.ts'
import { nowIso } from '../ids.ts'
import { Config } from '../config.ts'
import type { Hooks } from '../context.ts'
import type { Dialect } from '../db/database.ts'
import { startServer, type Server } from '../server.ts'
import { freshDatabase } from './test-db.ts'

/** The bootstrap admin's password in every test server. */
export const TEST_ADMIN_PASSWORD = 'admin-password-for-tests'

/** `as: 'anonymous'` sends no credentials; a request with its own authorization or cookie header keeps it. */
export type TestRequestOptions = InjectOptions & { as?: 'anonymous' }
export type TestResponse = { status: number; json: any; headers: Record<string, unknown>; body: string }
export type RequestFn = (opts: TestRequestOptions) => Promise<TestResponse>

export interface TestAccount {
  id: string
  username: string
  password: string
  /** `Basic …` of an API key of the account (unscoped unless `keyEnvironmentId` was given). */
  authorization: string
  /** Requests with that API key. */
  request: RequestFn
}

export interface TestServer {
  server: Server
  /**
   * Sends a request through the real routes; `json` is the parsed body (or null). Requests are
   * authenticated as the bootstrap admin (an API key) unless they carry their own
   * `authorization` or `cookie` header or say `as: 'anonymous'`.
   */
  request: RequestFn
  /** `{ authorization }` of the admin's API key, for fetch against a listening server. */
  authHeaders: { authorization: string }
  adminId: string
  /** A new account (username `<role>-<n>`) with `role` in `envId`, and a request function using its API key. */
  as(role: Role, envId: string): Promise<RequestFn>
  /** A new account with the given roles (no roles: a member of nothing); admin when asked. */
  account(opts?: { roles?: Record<string, Role>; admin?: boolean; keyEnvironmentId?: string | null; username?: string }): Promise<TestAccount>
  close(): Promise<void>
}

const basic = (accessKey: string, secret: string) => `Basic ${Buffer.from(`${accessKey}:${secret}`).toString('base64')}`

/** A fixed admin API key on a started server (tests and benchmarks authenticate with it). */
export async function adminCredentials(server: Server): Promise<{ adminId: string; authorization: string }> {
  const admin = await server.ctx.db.selectFrom('accounts').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()
  const key = await insertApiKey(server.ctx, admin.id, 'test harness', null)
  return { adminId: admin.id, authorization: basic(key.accessKey, key.secret) }
}

/** A real server on a fresh database of `dialect` (no listening socket). */
export async function startTestServer(
  dialect: Dialect,
  opts: { demo?: boolean; lab?: boolean; hooks?: Hooks; labIntervalMs?: number; hostDisconnectMs?: number } = {},
): Promise<TestServer> {
  const db = await freshDatabase(dialect)
  const config = Config.parse({
    dataDir: db.dataDir,
    databaseUrl: db.databaseUrl,
    demo: opts.demo ? 'true' : 'false',
    labIntervalMs: opts.labIntervalMs ?? 60_000,
    hostDisconnectMs: opts.hostDisconnectMs ?? 3_600_000,
    staticDir: '/nonexistent',
    adminPassword: TEST_ADMIN_PASSWORD,
  })
  const server = await startServer(config, { hooks: opts.hooks, lab: opts.lab })
  const { adminId, authorization } = await adminCredentials(server)
  const send = async (o: TestRequestOptions, auth: string | null): Promise<TestResponse> => {
    const { as, ...inject } = o
    const headers = { ...(inject.headers ?? {}) } as Record<string, string>
    const own = Object.keys(headers).some((h) => h.toLowerCase() === 'authorization' || h.toLowerCase() === 'cookie')
    if (as !== 'anonymous' && !own && auth) headers.authorization = auth
    const res = await server.app.inject({ ...inject, headers })
    let json: unknown = null
    try {
      json = res.body ? JSON.parse(res.body) : null
    } catch {
      json = null
    }
    return { status: res.statusCode, json, headers: res.headers, body: res.body }
  }
  let n = 0
  const account: TestServer['account'] = async (a = {}) => {
    n++
    const username = a.username ?? `user-${n}`
    const password = `password-of-${username}`
    const created = await createAccount(server.ctx, { username, displayName: '', password, admin: a.admin ?? false })
    for (const [envId, role] of Object.entries(a.roles ?? {})) {
      await server.ctx.db.insertInto('memberships').values({ environment_id: envId, account_id: created.id, role, created_at: nowIso() }).execute()
    }
    const key = await insertApiKey(server.ctx, created.id, 'test', a.keyEnvironmentId ?? null)
    const auth = basic(key.accessKey, key.secret)
    return { id: created.id, username, password, authorization: auth, request: (o) => send(o, auth) }
  }
  return {
    server,
    request: (o) => send(o, authorization),
    authHeaders: { authorization },
    adminId,
    account,
    async as(role, envId) {
      return (await account({ roles: { [envId]: role }, username: `${role}-${n + 1}` })).request
    },
    async close() {
      await server.close()
      await db.drop()
    },
  }
}

/**
 * A real server with the demo environment whose lab agents have run two rounds (every demo
 * container running and reported). The interval never fires by itself: tests drive rounds
 * with `server.lab!.tickAll()`.
 */
export async function startDemoServer(dialect: Dialect, opts: { hostDisconnectMs?: number } = {}): Promise<{ t: TestServer; envId: string }> {
  const t = await startTestServer(dialect, { demo: true, labIntervalMs: 60_000, ...opts })
  const envId = (await t.request({ method: 'GET', url: '/api/v1/environments' })).json.items[0].id as string
  await t.server.lab!.tickAll()
  await t.server.lab!.tickAll()
  return { t, envId }
}
