import type { Network, NetworkDriver } from '../../../core/api/networks.ts'
import { effectiveMtu, renderCniFiles } from '../../../core/network/cni.ts'
import type { AppContext } from '../../context.ts'
import { bool, fromJson } from '../../db/json.ts'
import type { NetworkTable, SubnetTable } from '../../db/schema.ts'
import { notFound } from '../../errors.ts'
import { usageBySubnet } from '../ipam/ipam.service.ts'

function toNetwork(r: NetworkTable, defaultNetworkId: string | null, subnets: SubnetTable[], usage: Map<string, number>): Network {
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
      .map((s) => {
        const size = Number(s.end_num) - Number(s.start_num) + 1
        const used = usage.get(s.id) ?? 0
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
        }
      }),
    // the file as a host without labels receives it; per-host label substitution happens in desired state
    cniFiles: renderCniFiles(cniConfig),
    revision: r.revision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

export async function listNetworks(ctx: AppContext, environmentId: string): Promise<Network[]> {
  const env = await ctx.db.selectFrom('environments').select('default_network_id').where('id', '=', environmentId).executeTakeFirst()
  const rows = await ctx.db.selectFrom('networks').selectAll().where('environment_id', '=', environmentId).where('state', '!=', 'removed').orderBy('id').execute()
  const subnets = await ctx.db.selectFrom('subnets').selectAll().where('environment_id', '=', environmentId).execute()
  const usage = await usageBySubnet(ctx.db, rows.map((r) => r.id))
  return rows.map((r) => toNetwork(r, env?.default_network_id ?? null, subnets, usage))
}

export async function getNetwork(ctx: AppContext, environmentId: string, id: string): Promise<Network> {
  const network = (await listNetworks(ctx, environmentId)).find((n) => n.id === id)
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
