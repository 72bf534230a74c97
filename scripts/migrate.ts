/**
 * `npm run migrate`: brings the database to the latest schema and exits. Run it before rolling
 * out a new version to several replicas (DATABASE_URL=postgres://…; without it the SQLite file
 * under DATA_DIR). Servers also migrate on start; on PostgreSQL an advisory lock lets only one
 * process migrate at a time.
 */
import path from 'node:path'
import { readConfig } from '../server/config.ts'
import { migrate, openDb } from '../server/db/database.ts'

const config = readConfig()
const handle = openDb({ databaseUrl: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'paddock.sqlite') })
const started = Date.now()
try {
  await migrate(handle)
  console.log(`migrated ${handle.dialect} database ${handle.location} to the latest schema in ${Date.now() - started} ms`)
} catch (err) {
  console.error(`migration failed on ${handle.dialect} database ${handle.location}:`, err)
  process.exitCode = 1
} finally {
  await handle.close()
}
