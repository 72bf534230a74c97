import type { Kysely } from 'kysely'

/**
 * The IPsec pre-shared key and active probes:
 * - `environments.ipsec_psk`: the secret Paddock generates once per environment when the
 *   IPsec stack's RANCHER_IPSEC_PSK answer is empty. Only the agent API's desired state
 *   carries it; no other route reads this column.
 * - `probe_requests.to_container_id`: the container a probe's `to` named (null for an IPv4).
 * - an index for what every desired-state read asks: the pending probes of one host.
 */
export function ipsecPsk() {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('environments').addColumn('ipsec_psk', 'text').execute()
      await db.schema.alterTable('probe_requests').addColumn('to_container_id', 'text').execute()
      await db.schema.createIndex('probe_requests_host_state').on('probe_requests').columns(['host_id', 'state']).execute()
      await db.schema.createIndex('probe_requests_env_id').on('probe_requests').columns(['environment_id', 'id']).execute()
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('probe_requests_env_id').ifExists().execute()
      await db.schema.dropIndex('probe_requests_host_state').ifExists().execute()
      await db.schema.alterTable('probe_requests').dropColumn('to_container_id').execute()
      await db.schema.alterTable('environments').dropColumn('ipsec_psk').execute()
    },
  }
}
