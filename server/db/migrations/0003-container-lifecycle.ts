import type { Kysely } from 'kysely'

/**
 * Container lifecycle and IPAM provenance:
 * - `containers.mac_address`: eth0's MAC on the managed network (Rancher gives each managed
 *   container one from the network's pool; Paddock derives it from the address).
 * - `containers.reported_state`: the last state the host agent reported, kept apart from
 *   `state` so that a container removed in Paddock but still running on its host (the agent
 *   never confirmed the removal) stays visible to the IPAM check.
 * - `ip_addresses.source`: how IPAM chose the address (next-free, requested, retained).
 */
export function containerLifecycle() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('containers').addColumn('mac_address', 'text').execute()
      await db.schema.alterTable('containers').addColumn('reported_state', 'text').execute()
      await db.schema
        .alterTable('ip_addresses')
        .addColumn('source', 'text', (c) => c.notNull().defaultTo('next-free'))
        .execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('ip_addresses').dropColumn('source').execute()
      await db.schema.alterTable('containers').dropColumn('reported_state').execute()
      await db.schema.alterTable('containers').dropColumn('mac_address').execute()
    },
  }
}
