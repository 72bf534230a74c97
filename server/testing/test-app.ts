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
