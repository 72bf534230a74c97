import { readConfig } from './config.ts'
import { startServer } from './server.ts'
import { advertisedUrl } from './lab/owner-forward.ts'
import type { RealLab } from './lab/real/real-lab.ts'
import { parseRealLab, startRealLab } from './lab/real/start-real-lab.ts'

const config = readConfig()
const started = Date.now()
const server = await startServer(config, {
  logger: { level: config.logLevel, ...(process.stdout.isTTY ? {} : {}) },
})
const address = await server.app.listen({ host: config.host, port: config.port })
const url = address.replace('[::1]', 'localhost')
// PostgreSQL replicas: where the others forward lab requests of environments this one runs
await server.lab?.advertise(advertisedUrl(process.env.PADDOCK_REPLICA_URL, config.host, Number(new URL(address).port)))
// the real lab's namespaces and agents must go away with the server, so it is declared before
// the signal handlers and started after them
let realLab: RealLab | null = null
server.app.log.info({ database: server.db.dialect, location: server.db.location, replica: config.replicaId, ms: Date.now() - started }, 'paddock ready')
// the one line a newcomer looks for
console.log(`\nPaddock is running at ${url}  (database: ${server.db.dialect}, ${server.db.location})\n`)
if (server.firstAdmin?.generated) {
  // printed once, on the start that created the account; never logged
  console.log(`Sign in as ${server.firstAdmin.username} with password ${server.firstAdmin.password} (shown once; set PADDOCK_ADMIN_PASSWORD to choose it)\n`)
} else if (server.firstAdmin) {
  console.log(`Sign in as ${server.firstAdmin.username} with the password from PADDOCK_ADMIN_PASSWORD\n`)
}

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    server.app.log.info({ signal }, 'shutting down')
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    Promise.resolve(realLab?.close())
      .then(() => server.close())
      .then(() => process.exit(0))
      .catch((err) => {
        console.error(err)
        process.exit(1)
      })
  })
}

try {
  await startRealLab(server.ctx, server.app.log, { host: config.host === '0.0.0.0' ? '127.0.0.1' : config.host, port: Number(new URL(address).port) }, parseRealLab(process.env.PADDOCK_REAL_LAB), (lab) => {
    realLab = lab
  })
} catch (err) {
  // stopped during bring-up: the signal handler is already tearing down and exiting
  if (!stopping) {
    console.error(`paddock: ${err instanceof Error ? err.message : String(err)}`)
    await server.close().catch(() => {})
    process.exit(1)
  }
}
