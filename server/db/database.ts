import fs from 'node:fs'
import path from 'node:path'
import SQLite from 'better-sqlite3'
import pg from 'pg'
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration } from 'kysely'
import type { Database } from './schema.ts'
import { initial } from './migrations/0001-initial.ts'
import { catalogSource } from './migrations/0002-catalog-source.ts'
import { containerLifecycle } from './migrations/0003-container-lifecycle.ts'
import { templateCopy } from './migrations/0004-template-copy.ts'
import { timeline } from './migrations/0005-timeline.ts'
import { accessControl } from './migrations/0006-access-control.ts'
import { registrationAudit } from './migrations/0007-registration-audit.ts'
import { replicas } from './migrations/0008-replicas.ts'
import { rateLimits } from './migrations/0009-rate-limits.ts'
import { ipsecPsk } from './migrations/0010-ipsec-psk.ts'
import { hostSlices } from './migrations/0011-host-slices.ts'

export type Dialect = 'sqlite' | 'postgres'

export interface Db {
  db: Kysely<Database>
  dialect: Dialect
  /** Where the data lives, for the start-up log (file path or host/database). */
  location: string
  /** The PostgreSQL connection string (dedicated clients: LISTEN, lab ownership locks); undefined on SQLite. */
  databaseUrl?: string
  close(): Promise<void>
}

export interface DbOptions {
  databaseUrl?: string
  /** SQLite file; ignored for PostgreSQL. */
  sqliteFile?: string
}

// int8 (bigint, count(*)) as a JS number: every value we store fits in 2^53
pg.types.setTypeParser(20, (v) => Number(v))

/** Opens the database chosen by `databaseUrl` (postgres://…) or the SQLite file. */
export function openDb(opts: DbOptions): Db {
  if (opts.databaseUrl && /^postgres(ql)?:\/\//.test(opts.databaseUrl)) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: 10,
      statement_timeout: 15_000,
      connectionTimeoutMillis: 5_000,
    })
    // An idle client whose connection dies (PostgreSQL restarted, the database dropped) makes
    // the pool emit 'error'; unhandled, that event kills the process. The pool has already
    // discarded the client and opens a new one on the next query, so a warning is enough.
    pool.on('error', (err) => process.emitWarning(`PostgreSQL idle connection lost: ${err.message}`))
    const url = new URL(opts.databaseUrl)
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    return { db, dialect: 'postgres', location: `${url.hostname}:${url.port || 5432}${url.pathname}`, databaseUrl: opts.databaseUrl, close: () => db.destroy() }
  }
  const file = opts.sqliteFile ?? './data/paddock.sqlite'
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  const sqlite = new SQLite(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('synchronous = NORMAL')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  return { db, dialect: 'sqlite', location: path.resolve(file), close: () => db.destroy() }
}

/** Brings the schema to the latest migration; safe to run on every start. */
export async function migrate(handle: Db): Promise<void> {
  const migrations: Record<string, Migration> = {
    '0001-initial': initial(handle.dialect === 'postgres'),
    '0002-catalog-source': catalogSource(),
    '0003-container-lifecycle': containerLifecycle(),
    '0004-template-copy': templateCopy(),
    '0005-timeline': timeline(handle.dialect === 'postgres'),
    '0006-access-control': accessControl(),
    '0007-registration-audit': registrationAudit(handle.dialect === 'postgres'),
    '0008-replicas': replicas(),
    '0009-rate-limits': rateLimits(handle.dialect === 'postgres'),
    '0010-ipsec-psk': ipsecPsk(),
    '0011-host-slices': hostSlices(),
  }
  const migrator = new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => migrations },
  })
  // PostgreSQL replicas starting at once: one migrates, the others wait for it on a session
  // advisory lock (on a dedicated connection) and then find nothing left to do
  let lock: pg.Client | null = null
  if (handle.dialect === 'postgres' && handle.databaseUrl) {
    lock = new pg.Client({ connectionString: handle.databaseUrl, connectionTimeoutMillis: 5_000, application_name: 'paddock-migrate' })
    await lock.connect()
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
  }
  try {
    const { error } = await migrator.migrateToLatest()
    if (error) throw error instanceof Error ? error : new Error(String(error))
  } finally {
    // ending the session releases the lock
    await lock?.end().catch(() => {})
  }
}

/** Advisory lock key held while migrating (PostgreSQL). */
const MIGRATION_LOCK_KEY = 7_061_646_401

/** Advisory lock key held while a replica runs its first-start steps (PostgreSQL). */
const BOOTSTRAP_LOCK_KEY = 7_061_646_402

/**
 * Runs `fn` (the first-start steps: the admin account, the demo environment) holding a session
 * advisory lock on a dedicated connection (PostgreSQL), so replicas starting at once on an
 * empty database run them one after the other; `fn` re-checks what exists inside the lock, so
 * the later ones find the work done. SQLite is one process: `fn` runs as is.
 */
export async function underBootstrapLock<T>(handle: Db, fn: () => Promise<T>): Promise<T> {
  if (handle.dialect !== 'postgres' || !handle.databaseUrl) return fn()
  const lock = new pg.Client({ connectionString: handle.databaseUrl, connectionTimeoutMillis: 5_000, application_name: 'paddock-bootstrap' })
  // a connection lost while idle emits 'error'; unhandled, it would kill the process
  lock.on('error', () => {})
  await lock.connect()
  try {
    await lock.query('select pg_advisory_lock($1)', [BOOTSTRAP_LOCK_KEY])
    return await fn()
  } finally {
    // ending the session releases the lock
    await lock.end().catch(() => {})
  }
}
