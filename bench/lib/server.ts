import type { AddressInfo } from 'node:net'
import type { Dialect } from '../../server/db/database.ts'
import { Config } from '../../server/config.ts'
import { startServer, type Server } from '../../server/server.ts'
import { freshDatabase } from '../../server/testing/test-db.ts'
import { adminCredentials } from '../../server/testing/test-app.ts'
import { cannonDefaults } from './autocannon.ts'
import { HttpClient } from './http.ts'

export interface BenchServer {
  server: Server
  baseUrl: string
  http: HttpClient
  close(): Promise<void>
}

/** The real server (startServer, no lab agents) on a fresh database, listening on 127.0.0.1:0. */
export async function startBenchServer(dialect: Dialect): Promise<BenchServer> {
  const db = await freshDatabase(dialect)
  let server: Server | null = null
  try {
    const config = Config.parse({
      host: '127.0.0.1',
      port: 0,
      dataDir: db.dataDir,
      databaseUrl: db.databaseUrl,
      demo: 'false',
      logLevel: 'silent',
      // no host may turn "disconnected" during the run
      hostDisconnectMs: 3_600_000,
      labIntervalMs: 60_000,
      staticDir: '/nonexistent',
      adminPassword: 'admin-password-for-benchmarks',
    })
    server = await startServer(config, { logger: false, lab: false })
    await server.app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = server.app.server.address() as AddressInfo
    const baseUrl = `http://127.0.0.1:${port}`
    // every bench client signs in as the bootstrap admin (an API key, HTTP Basic)
    const { authorization } = await adminCredentials(server)
    cannonDefaults.headers = { authorization }
    const http = new HttpClient(baseUrl, { authorization })
    const s = server
    return {
      server: s,
      baseUrl,
      http,
      async close() {
        http.close()
        await s.close()
        await db.drop()
      },
    }
  } catch (err) {
    await server?.close().catch(() => {})
    await db.drop().catch(() => {})
    throw err
  }
}

export async function templateId(http: HttpClient, name: string): Promise<string> {
  const list = await http.json<{ items: { id: string; name: string }[] }>('GET', '/api/v1/templates?limit=500', undefined, 200)
  const t = list.items.find((x) => x.name === name)
  if (!t) throw new Error(`no environment template named ${name}`)
  return t.id
}
