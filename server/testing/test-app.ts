import type { InjectOptions } from 'fastify'
import { Config } from '../config.ts'
import type { Hooks } from '../context.ts'
import type { Dialect } from '../db/database.ts'
import { startServer, type Server } from '../server.ts'
import { freshDatabase } from './test-db.ts'

export interface TestServer {
  server: Server
  /** Sends a request through the real routes; `json` is the parsed body (or null). */
  request(opts: InjectOptions): Promise<{ status: number; json: any; headers: Record<string, unknown>; body: string }>
  close(): Promise<void>
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
  })
  const server = await startServer(config, { hooks: opts.hooks, lab: opts.lab })
  return {
    server,
    async request(o) {
      const res = await server.app.inject(o)
      let json: unknown = null
      try {
        json = res.body ? JSON.parse(res.body) : null
      } catch {
        json = null
      }
      return { status: res.statusCode, json, headers: res.headers, body: res.body }
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
