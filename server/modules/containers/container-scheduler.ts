import { sql } from 'kysely'
import type { Tx } from '../../db/tx.ts'

/**
 * The host a container without a chosen host runs on: the active host with the fewest
 * non-removed containers (infrastructure included: they load the host too), ties broken by
 * id so the choice is repeatable. Null when no host is active.
 */
export async function leastLoadedActiveHost(tx: Tx, environmentId: string): Promise<string | null> {
  const row = await tx.db
    .selectFrom('hosts as h')
    .leftJoin('containers as c', (j) => j.onRef('c.host_id', '=', 'h.id').on('c.state', '!=', 'removed'))
    .select(['h.id', sql<number>`count(c.id)`.as('load')])
    .where('h.environment_id', '=', environmentId)
    .where('h.state', '=', 'active')
    .groupBy('h.id')
    .orderBy(sql`count(c.id)`)
    .orderBy('h.id')
    .limit(1)
    .executeTakeFirst()
  return row?.id ?? null
}
