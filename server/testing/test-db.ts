import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { Dialect } from '../db/database.ts'

/**
 * Databases the DB-backed suites run on: `TEST_DIALECTS=sqlite,postgres` (scripts/test.sh
 * sets both when PostgreSQL is up); sqlite alone by default.
 */
export const DIALECTS: Dialect[] = (process.env.TEST_DIALECTS ?? 'sqlite').split(',').map((d) => d.trim()).filter((d): d is Dialect => d === 'sqlite' || d === 'postgres')

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://paddock:paddock@127.0.0.1:5432/paddock'

export interface FreshDatabase {
  dataDir: string
  databaseUrl?: string
  drop(): Promise<void>
}

/** A new empty database: a SQLite file in a temp dir, or a new PostgreSQL database. */
export async function freshDatabase(dialect: Dialect): Promise<FreshDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-test-'))
  if (dialect === 'sqlite') {
    return { dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) }
  }
  const name = `paddock_t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(TEST_DATABASE_URL)
  url.pathname = `/${name}`
  return {
    dataDir,
    databaseUrl: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL })
      await c.connect()
      await c.query(`drop database if exists ${name} with (force)`)
      await c.end()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
