import type { ColumnDefinitionBuilder, Kysely } from 'kysely'

/**
 * The whole resource model. Portable DDL: text ids, text timestamps, 0/1 integers for
 * booleans and text JSON, so SQLite and PostgreSQL share one schema. The only dialect
 * difference is the auto-increment key, chosen by `isPostgres`.
 */
export function initial(isPostgres: boolean) {
  const serial = (db: Kysely<unknown>, table: string, column: string) =>
    db.schema.createTable(table).addColumn(column, isPostgres ? 'serial' : 'integer', (c) =>
      isPostgres ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
  // address_num holds unsigned 32-bit values: int8 on PostgreSQL, INTEGER (64-bit) on SQLite
  const bigint = isPostgres ? 'bigint' : 'integer'

  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('catalog_templates')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('default_version', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()

      await db.schema
        .createTable('catalog_template_versions')
        .addColumn('catalog_template_id', 'text', (c) => c.notNull().references('catalog_templates.id').onDelete('cascade'))
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('version_index', 'integer', (c) => c.notNull())
        .addColumn('minimum_rancher_version', 'text')
        .addColumn('upgrade_from', 'text')
        .addColumn('questions_json', 'text', (c) => c.notNull())
        .addColumn('files_json', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('catalog_template_versions_pk', ['catalog_template_id', 'version'])
        .execute()

      await db.schema
        .createTable('environment_templates')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('is_public', 'integer', (c) => c.notNull())
        .addColumn('builtin', 'integer', (c) => c.notNull())
        .addColumn('stacks_json', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()

      await db.schema
        .createTable('environments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('environment_template_id', 'text')
        .addColumn('template_name', 'text')
        .addColumn('template_revision', 'integer')
        .addColumn('default_network_id', 'text')
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()

      const envRef = (c: ColumnDefinitionBuilder) => c.notNull().references('environments.id').onDelete('cascade')

      await db.schema
        .createTable('stacks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('environment_id', 'text', envRef)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('system', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('state_reason', 'text')
        .addColumn('catalog_template_id', 'text')
        .addColumn('version', 'text')
        .addColumn('external_id', 'text')
        .addColumn('answers_json', 'text', (c) => c.notNull())
        .addColumn('docker_compose', 'text', (c) => c.notNull())
        .addColumn('rancher_compose', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('stacks_env_name', ['environment_id', 'name'])
        .execute()

      await db.schema
        .createTable('services')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('environment_id', 'text', envRef)
        .addColumn('stack_id', 'text', (c) => c.notNull().references('stacks.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('global', 'integer', (c) => c.notNull())
        .addColumn('scale', 'integer', (c) => c.notNull())
        .addColumn('launch_config_json', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('services_stack_name', ['stack_id', 'name'])
        .execute()

      await db.schema
        .createTable('network_drivers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('environment_id', 'text', envRef)
        .addColumn('service_id', 'text', (c) => c.notNull().references('services.id').onDelete('cascade'))
        .addColumn('stack_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('default_network_json', 'text')
        .addColumn('cni_config_json', 'text', (c) => c.notNull())
        .addColumn('network_metadata_json', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()

      await db.schema
        .createTable('networks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('environment_id', 'text', envRef)
        .addColumn('network_driver_id', 'text', (c) => c.references('network_drivers.id').onDelete('set null'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('dns_json', 'text', (c) => c.notNull())
        .addColumn('dns_search_json', 'text', (c) => c.notNull())
        .addColumn('host_ports', 'integer', (c) => c.notNull())
        .addColumn('mtu', 'integer')
        .addColumn('link_mtu_overhead', 'integer')
        .addColumn('metadata_json', 'text', (c) => c.notNull())
        .addColumn('cni_config_json', 'text', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('networks_env').on('networks').columns(['environment_id', 'name']).execute()

      await db.schema
        .createTable('subnets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('environment_id', 'text', envRef)
        .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
        .addColumn('subnet_index', 'integer', (c) => c.notNull())
        .addColumn('network_address', 'text', (c) => c.notNull())
        .addColumn('cidr_size', 'integer', (c) => c.notNull())
        .addColumn('gateway', 'text', (c) => c.notNull())
        .addColumn('start_address', 'text', (c) => c.notNull())
        .addColumn('end_address', 'text', (c) => c.notNull())
        .addColumn('start_num', bigint, (c) => c.notNull())
        .addColumn('end_num', bigint, (c) => c.notNull())
        .addColumn('next_num', bigint, (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('subnets_network_index', ['network_id', 'subnet_index'])
        .execute()

      await db.schema
        .createTable('hosts')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('environment_id', 'text', envRef)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('hostname', 'text', (c) => c.notNull())
        .addColumn('agent_ip', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('simulated', 'integer', (c) => c.notNull())
        .addColumn('labels_json', 'text', (c) => c.notNull())
        .addColumn('interfaces_json', 'text', (c) => c.notNull())
        .addColumn('mtu', 'integer')
        .addColumn('token_hash', 'text', (c) => c.notNull())
        .addColumn('last_heartbeat_at', 'text')
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('hosts_env_name', ['environment_id', 'name'])
        .execute()
      await db.schema.createIndex('hosts_token').on('hosts').column('token_hash').execute()

      await db.schema
        .createTable('containers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('environment_id', 'text', envRef)
        .addColumn('host_id', 'text', (c) => c.references('hosts.id').onDelete('set null'))
        .addColumn('stack_id', 'text', (c) => c.references('stacks.id').onDelete('set null'))
        .addColumn('service_id', 'text', (c) => c.references('services.id').onDelete('set null'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('image', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('desired_state', 'text', (c) => c.notNull())
        .addColumn('network_mode', 'text', (c) => c.notNull())
        .addColumn('network_id', 'text')
        .addColumn('network_container_id', 'text')
        .addColumn('native', 'integer', (c) => c.notNull())
        .addColumn('system', 'integer', (c) => c.notNull())
        .addColumn('labels_json', 'text', (c) => c.notNull())
        .addColumn('ports_json', 'text', (c) => c.notNull())
        .addColumn('dns_json', 'text', (c) => c.notNull())
        .addColumn('dns_search_json', 'text', (c) => c.notNull())
        .addColumn('requested_ip', 'text')
        .addColumn('docker_ip', 'text')
        .addColumn('reported_addresses_json', 'text', (c) => c.notNull())
        .addColumn('mtu', 'integer')
        .addColumn('error', 'text')
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('containers_env_id').on('containers').columns(['environment_id', 'id']).execute()
      await db.schema.createIndex('containers_host').on('containers').columns(['host_id']).execute()

      await db.schema
        .createTable('ip_addresses')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('environment_id', 'text', envRef)
        .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
        .addColumn('subnet_id', 'text', (c) => c.notNull().references('subnets.id').onDelete('cascade'))
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('address_num', bigint, (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('container_id', 'text', (c) => c.references('containers.id').onDelete('cascade'))
        .addColumn('host_id', 'text', (c) => c.references('hosts.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        // the database, not the application, guarantees an address is handed out once
        .addUniqueConstraint('ip_addresses_subnet_address', ['subnet_id', 'address_num'])
        .execute()
      await db.schema.createIndex('ip_addresses_container').on('ip_addresses').column('container_id').execute()
      await db.schema.createIndex('ip_addresses_host').on('ip_addresses').column('host_id').execute()

      await db.schema
        .createTable('findings')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('environment_id', 'text', envRef)
        .addColumn('check_id', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('subject_kind', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('peer_id', 'text')
        .addColumn('direction', 'text')
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('evidence_json', 'text', (c) => c.notNull())
        .addColumn('fix', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()

      await serial(db, 'events', 'seq')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('resource_id', 'text', (c) => c.notNull())
        .addColumn('environment_id', 'text')
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('events_env_seq').on('events').columns(['environment_id', 'seq']).execute()

      await serial(db, 'agent_reports', 'id')
        .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
        .addColumn('environment_id', 'text', envRef)
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('body_json', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('agent_reports_host').on('agent_reports').columns(['host_id', 'id']).execute()

      await db.schema
        .createTable('probe_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('environment_id', 'text', envRef)
        .addColumn('host_id', 'text', (c) => c.notNull().references('hosts.id').onDelete('cascade'))
        .addColumn('from_container_id', 'text')
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('port', 'integer')
        .addColumn('protocol', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('result_json', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
    },
    async down(db: Kysely<unknown>) {
      for (const t of [
        'probe_requests', 'agent_reports', 'events', 'findings', 'ip_addresses', 'containers', 'hosts', 'subnets',
        'networks', 'network_drivers', 'services', 'stacks', 'environments', 'environment_templates',
        'catalog_template_versions', 'catalog_templates',
      ]) {
        await db.schema.dropTable(t).ifExists().execute()
      }
    },
  }
}
