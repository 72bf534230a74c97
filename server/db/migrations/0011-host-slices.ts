import type { Kysely } from 'kysely'

/**
 * Host slices (README, design notes: IPsec traffic selectors): `hosts.host_slice` is set when
 * the host's agent registers asking for one; `hosts.slice_cidr` is the slice IPAM gave it
 * (one per environment: the unique index stops two hosts getting the same one even if two
 * allocations raced).
 */
export function hostSlices() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('hosts').addColumn('host_slice', 'integer', (c) => c.notNull().defaultTo(0)).execute()
      await db.schema.alterTable('hosts').addColumn('slice_cidr', 'text').execute()
      await db.schema.createIndex('hosts_env_slice').unique().on('hosts').columns(['environment_id', 'slice_cidr']).execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('hosts_env_slice').ifExists().execute()
      await db.schema.alterTable('hosts').dropColumn('slice_cidr').execute()
      await db.schema.alterTable('hosts').dropColumn('host_slice').execute()
    },
  }
}
