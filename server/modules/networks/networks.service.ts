import { type Kysely, sql } from 'kysely'
import type { FreeRange, Network, NetworkDriver, Subnet } from '../../../core/api/networks.ts'
import { rangeUsage } from '../../../core/ipam/free-ranges.ts'
import { formatIpv4 } from '../../../core/net/ipv4.ts'
import { effectiveMtu, renderCniFiles } from '../../../core/network/cni.ts'
import type { AppContext } from '../../context.ts'
import { bool, fromJson } from '../../db/json.ts'
import type { Database, NetworkTable, SubnetTable } from '../../db/schema.ts'
import { notFound } from '../../errors.ts'

/** What the subnet rows do not say: allocations inside start…end and, on the detail route, the largest free runs. */
interface SubnetUsage {
  used: number
  largestFreeRanges: FreeRange[] | null
}

function toSubnet(s: SubnetTable, usage: SubnetUsage | undefined): Subnet {
  const size = Math.max(0, Number(s.end_num) - Number(s.start_num) + 1)
  const used = usage?.used ?? 0
  return {
    id: s.id,
    cidr: `${s.network_address}/${s.cidr_size}`,
    networkAddress: s.network_address,
    cidrSize: s.cidr_size,
    gateway: s.gateway,
    startAddress: s.start_address,
    endAddress: s.end_address,
    size,
    used,
    free: Math.max(0, size - used),
    largestFreeRanges: usage?.largestFreeRanges ?? null,
  }
}

function toNetwork(r: NetworkTable, defaultNetworkId: string | null, subnets: SubnetTable[], usage: Map<string, SubnetUsage>): Network {
  const cniConfig = fromJson<Record<string, Record<string, unknown>>>(r.cni_config_json, {})
  return {
    id: r.id,
    environmentId: r.environment_id,
    networkDriverId: r.network_driver_id,
    name: r.name,
    kind: r.kind as Network['kind'],
    state: r.state as Network['state'],
    isDefault: r.id === defaultNetworkId,
    dns: fromJson(r.dns_json, []),
    dnsSearch: fromJson(r.dns_search_json, []),
    hostPorts: bool(r.host_ports),
    mtu: r.mtu,
    linkMtuOverhead: r.link_mtu_overhead,
    effectiveMtu: effectiveMtu(r.mtu, r.link_mtu_overhead),
    metadata: fromJson(r.metadata_json, {}),
    subnets: subnets
      .filter((s) => s.network_id === r.id)
      .sort((a, b) => a.subnet_index - b.subnet_index)
      .map((s) => toSubnet(s, usage.get(s.id))),
    // the file as a host without labels receives it; per-host label substitution happens in desired state
    cniFiles: renderCniFiles(cniConfig),
    revision: r.revision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

/**
 * Allocations inside each subnet's start…end, one count per subnet. The join starts from the
 * subnets so each count is a range scan of the unique (subnet_id, address_num) index.
 */
async function countsInRange(db: Kysely<Database>, subnetIds: string[]): Promise<Map<string, SubnetUsage>> {
  if (subnetIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('subnets as s')
    .innerJoin('ip_addresses as a', (join) =>
      join.onRef('a.subnet_id', '=', 's.id').onRef('a.address_num', '>=', 's.start_num').onRef('a.address_num', '<=', 's.end_num'),
    )
    .select(['s.id', sql<number>`count(*)`.as('used')])
    .where('s.id', 'in', subnetIds)
    .groupBy('s.id')
    .execute()
  return new Map(rows.map((r) => [r.id, { used: Number(r.used), largestFreeRanges: null }]))
}

/**
 * One subnet's allocations in address order (straight off the unique index), walked once for
 * the count and the largest free runs; nothing but the addresses is read.
 */
async function walkSubnet(db: Kysely<Database>, s: SubnetTable): Promise<SubnetUsage> {
  const start = Number(s.start_num)
  const end = Number(s.end_num)
  const rows = await db
    .selectFrom('ip_addresses')
    .select('address_num')
    .where('subnet_id', '=', s.id)
    .where('address_num', '>=', start)
    .where('address_num', '<=', end)
    .orderBy('address_num')
    .execute()
  const { used, largest } = rangeUsage(start, end, rows.map((r) => Number(r.address_num)))
  return { used, largestFreeRanges: largest.map((run) => ({ start: formatIpv4(run.start), end: formatIpv4(run.end), size: run.size })) }
}

async function loadNetworks(ctx: AppContext, environmentId: string, only: { id: string } | null): Promise<Network[]> {
  const env = await ctx.db.selectFrom('environments').select('default_network_id').where('id', '=', environmentId).executeTakeFirst()
  let networks = ctx.db.selectFrom('networks').selectAll().where('environment_id', '=', environmentId).where('state', '!=', 'removed')
  let subnetRows = ctx.db.selectFrom('subnets').selectAll().where('environment_id', '=', environmentId)
  if (only) {
    networks = networks.where('id', '=', only.id)
    subnetRows = subnetRows.where('network_id', '=', only.id)
  }
  const rows = await networks.orderBy('id').execute()
  const subnets = rows.length === 0 ? [] : await subnetRows.execute()
  // Free runs need every address of the subnet: only the one-network route pays for them.
  const usage = only
    ? new Map(await Promise.all(subnets.map(async (s) => [s.id, await walkSubnet(ctx.db, s)] as const)))
    : await countsInRange(ctx.db, subnets.map((s) => s.id))
  return rows.map((r) => toNetwork(r, env?.default_network_id ?? null, subnets, usage))
}

/** The environment's networks; subnets carry counts but no free runs (`largestFreeRanges: null`). */
export function listNetworks(ctx: AppContext, environmentId: string): Promise<Network[]> {
  return loadNetworks(ctx, environmentId, null)
}

/** One network, its subnets with the largest free runs. */
export async function getNetwork(ctx: AppContext, environmentId: string, id: string): Promise<Network> {
  const [network] = await loadNetworks(ctx, environmentId, { id })
  if (!network) throw notFound('network', id)
  return network
}

export async function listNetworkDrivers(ctx: AppContext, environmentId: string): Promise<NetworkDriver[]> {
  const rows = await ctx.db
    .selectFrom('network_drivers as d')
    .leftJoin('stacks as s', 's.id', 'd.stack_id')
    .selectAll('d')
    .select(['s.catalog_template_id', 's.version'])
    .where('d.environment_id', '=', environmentId)
    .orderBy('d.id')
    .execute()
  return rows.map((r) => ({
    id: r.id,
    environmentId: r.environment_id,
    serviceId: r.service_id,
    stackId: r.stack_id,
    name: r.name,
    description: r.description,
    state: r.state as NetworkDriver['state'],
    catalogTemplateId: r.catalog_template_id ?? null,
    version: r.version ?? null,
    defaultNetwork: fromJson(r.default_network_json, null),
    cniConfig: fromJson(r.cni_config_json, {}),
    networkMetadata: fromJson(r.network_metadata_json, {}),
    revision: r.revision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }))
}
