import { sql, type Kysely, type Transaction } from 'kysely'
import type { ChangeEvent, EventKind } from '../../core/api/events.ts'
import type { EventBus } from '../events/event-bus.ts'
import { nowIso } from '../ids.ts'
import type { Database } from './schema.ts'

export type Action = ChangeEvent['action']

export interface Tx {
  db: Transaction<Database>
  /** Records a change; it is stored with the transaction and published only after commit. */
  emit(kind: EventKind, action: Action, id: string, environmentId: string | null, revision: number): void
}

/**
 * Runs `fn` in one database transaction. Change events are written to the events table in the
 * same transaction (so their `seq` exists only if the change does) and published on the bus
 * after the commit; a failure anywhere rolls back every row and publishes nothing.
 */
export async function inTransaction<T>(db: Kysely<Database>, bus: EventBus, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const published: ChangeEvent[] = []
  const result = await db.transaction().execute(async (trx) => {
    const pending: Omit<ChangeEvent, 'seq'>[] = []
    const tx: Tx = {
      db: trx,
      emit: (kind, action, id, environmentId, revision) => {
        pending.push({ kind, action, id, environmentId, revision, at: nowIso() })
      },
    }
    const value = await fn(tx)
    for (const e of pending) {
      const row = await trx
        .insertInto('events')
        .values({ kind: e.kind, action: e.action, resource_id: e.id, environment_id: e.environmentId, revision: e.revision, at: e.at })
        .returning('seq')
        .executeTakeFirstOrThrow()
      published.push({ ...e, seq: Number(row.seq) })
    }
    // PostgreSQL replicas: delivered at commit (never on rollback); the payload is the highest
    // seq only, each replica's relay reads the events themselves from the table
    if (bus.notifyChannel && published.length) {
      await sql`select pg_notify(${bus.notifyChannel}, ${String(Math.max(...published.map((p) => p.seq)))})`.execute(trx)
    }
    return value
  })
  bus.publish(published)
  return result
}
