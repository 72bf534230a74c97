import { sql } from 'kysely'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { DIALECTS, freshDatabase } from '../testing/test-db.ts'
import { openDb } from './database.ts'

describe.runIf(DIALECTS.includes('postgres'))('the PostgreSQL pool', () => {
  it('survives its idle connections being terminated (PostgreSQL restarted) and reconnects on the next query', async () => {
    const fresh = await freshDatabase('postgres')
    const handle = openDb({ databaseUrl: fresh.databaseUrl })
    try {
      await sql`select 1`.execute(handle.db)
      const name = new URL(fresh.databaseUrl!).pathname.slice(1)
      const admin = new pg.Client({ connectionString: fresh.databaseUrl!.replace(`/${name}`, '/postgres') })
      await admin.connect()
      const killed = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name])
      await admin.end()
      expect(killed.rowCount).toBeGreaterThan(0)
      // the idle client's socket closes now; without an 'error' listener on the pool the process dies here
      await new Promise((r) => setTimeout(r, 200))
      const { rows } = await sql<{ ok: number }>`select 1 as ok`.execute(handle.db)
      expect(rows[0].ok).toBe(1)
    } finally {
      await handle.close()
      await fresh.drop()
    }
  })
})
