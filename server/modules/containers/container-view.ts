/**
 * The container read model: one SELECT joins what is per container (host, stack, service,
 * the shared container, the own allocation), and the environment's few networks and subnets
 * are read once per request into a ViewContext, so a page costs the same four queries
 * whatever its size. (Joining networks and subnets too made PostgreSQL spend ~10 ms
 * planning a 9-way join on every page.)
 */
import type { Kysely } from 'kysely'
import type { Container, ManagedAddress } from '../../../core/api/containers.ts'
import { parseRequestedIps } from '../../../core/ipam/policy.ts'
import { type Cidr, parseCidr } from '../../../core/net/cidr.ts'
import { addressNotes, NETWORK_LABEL } from '../../../core/network/modes.ts'
import { bool, fromJson } from '../../db/json.ts'
import type { Database } from '../../db/schema.ts'
import { containerProblems } from './container-problems.ts'
import { withSliceExplanation } from './slice-note.ts'

export function containerQuery(db: Kysely<Database>) {
  return db
    .selectFrom('containers as c')
    .leftJoin('hosts as h', 'h.id', 'c.host_id')
    .leftJoin('stacks as s', 's.id', 'c.stack_id')
    .leftJoin('services as sv', 'sv.id', 'c.service_id')
    .leftJoin('containers as nc', 'nc.id', 'c.network_container_id')
    // one allocation per container at most: IPAM gives each container one managed IP
    .leftJoin('ip_addresses as ip', 'ip.container_id', 'c.id')
    .selectAll('c')
    .select([
      'h.name as host_name',
      'h.agent_ip as host_agent_ip',
      // the host's slice while IPAM allocates from it (host_slice set): it explains the managed-IP note
      (eb) => eb.case().when('h.host_slice', '=', 1).then(eb.ref('h.slice_cidr')).else(null).end().as('host_slice'),
      's.name as stack_name',
      'sv.name as service_name',
      'nc.name as nc_name',
      'nc.state as nc_state',
      'nc.docker_ip as nc_docker_ip',
      'ip.address as ip_address',
      'ip.address_num as ip_address_num',
      'ip.network_id as ip_network_id',
      'ip.subnet_id as ip_subnet_id',
      'ip.source as ip_source',
      (eb) => eb.selectFrom('ip_addresses as ip2').select('ip2.address').whereRef('ip2.container_id', '=', 'c.network_container_id').limit(1).as('nc_managed_ip'),
    ])
}

export type ContainerRow = Awaited<ReturnType<ReturnType<typeof containerQuery>['execute']>>[number]

interface SubnetInfo {
  cidr: string
  gateway: string
  startAddress: string
  endAddress: string
  startNum: number
  endNum: number
}

/** What every container of one environment is read against. */
export interface ViewContext {
  defaultNetworkId: string | null
  networks: Map<string, { name: string; kind: string; state: string }>
  subnets: Map<string, SubnetInfo>
  /** The subnets of the managed networks: what "a managed address on eth0" means. */
  managedCidrs: Cidr[]
}

export async function loadViewContext(db: Kysely<Database>, environmentId: string): Promise<ViewContext> {
  const [env, networks, subnets] = await Promise.all([
    db.selectFrom('environments').select('default_network_id').where('id', '=', environmentId).executeTakeFirst(),
    db.selectFrom('networks').select(['id', 'name', 'kind', 'state']).where('environment_id', '=', environmentId).execute(),
    db
      .selectFrom('subnets')
      .select(['id', 'network_id', 'network_address', 'cidr_size', 'gateway', 'start_address', 'end_address', 'start_num', 'end_num'])
      .where('environment_id', '=', environmentId)
      .execute(),
  ])
  const byId = new Map(networks.map((n) => [n.id, { name: n.name, kind: n.kind, state: n.state }]))
  const managedCidrs: Cidr[] = []
  for (const sn of subnets) {
    const kind = byId.get(sn.network_id)?.kind ?? 'docker'
    const p = parseCidr(`${sn.network_address}/${sn.cidr_size}`)
    if (p.ok && !kind.startsWith('docker')) managedCidrs.push(p.cidr)
  }
  return {
    defaultNetworkId: env?.default_network_id ?? null,
    networks: byId,
    subnets: new Map(
      subnets.map((sn) => [
        sn.id,
        {
          cidr: `${sn.network_address}/${sn.cidr_size}`,
          gateway: sn.gateway,
          startAddress: sn.start_address,
          endAddress: sn.end_address,
          startNum: Number(sn.start_num),
          endNum: Number(sn.end_num),
        },
      ]),
    ),
    managedCidrs,
  }
}

function managedAddress(r: ContainerRow, view: ViewContext): ManagedAddress | null {
  const subnet = r.ip_subnet_id ? view.subnets.get(r.ip_subnet_id) : undefined
  if (!r.ip_address || !r.ip_network_id || !subnet) return null
  return {
    address: r.ip_address,
    networkId: r.ip_network_id,
    networkName: view.networks.get(r.ip_network_id)?.name ?? '?',
    subnet: subnet.cidr,
    gateway: subnet.gateway,
    macAddress: r.mac_address,
    source: (r.ip_source ?? 'next-free') as ManagedAddress['source'],
    requested: parseRequestedIps(r.requested_ip).valid,
  }
}

export function toContainer(r: ContainerRow, view: ViewContext): Container {
  const labels = fromJson<Record<string, string>>(r.labels_json, {})
  const native = bool(r.native)
  const network = r.network_id ? (view.networks.get(r.network_id) ?? null) : null
  const shared = network?.kind === 'dockerContainer'
  const sharedGone = shared && (r.nc_name === null || r.nc_state === 'removed')
  const dockerIp = shared ? (sharedGone ? null : (r.nc_docker_ip ?? null)) : r.docker_ip
  const managedIp = shared ? (r.nc_managed_ip ?? null) : (r.ip_address ?? null)
  const address = managedAddress(r, view)
  const requestedIps = parseRequestedIps(r.requested_ip).valid
  const notes = addressNotes({
    networkMode: r.network_mode,
    native,
    labels,
    networkKind: network?.kind ?? null,
    networkName: network?.name ?? null,
    dockerIp,
    managedIp,
    hostAgentIp: r.host_agent_ip ?? null,
    networkFromName: r.nc_name ?? null,
    requestedIps,
    ipSource: address?.source ?? null,
    state: r.state,
  })
  const mode = r.network_mode.trim()
  const onManagedNetwork = network !== null && !network.kind.startsWith('docker')
  const reportedAddresses = fromJson<string[]>(r.reported_addresses_json, [])
  const subnet = r.ip_subnet_id ? view.subnets.get(r.ip_subnet_id) : undefined
  const problems = containerProblems({
    state: r.state,
    networkMode: r.network_mode,
    network,
    onDefaultNetwork: mode === 'managed' || mode === '' || (native && onManagedNetwork && labels[NETWORK_LABEL] === 'true'),
    environmentHasDefaultNetwork: view.defaultNetworkId !== null,
    sharesWith: shared ? { name: r.nc_name ?? mode.slice('container:'.length), removed: sharedGone } : null,
    allocation: r.ip_address && subnet ? { address: r.ip_address, addressNum: Number(r.ip_address_num), ...subnet } : null,
    reportedAddresses,
    managedSubnets: view.managedCidrs,
  })
  return {
    id: r.id,
    environmentId: r.environment_id,
    name: r.name,
    image: r.image,
    hostId: r.host_id,
    hostName: r.host_name ?? null,
    stackId: r.stack_id,
    stackName: r.stack_name ?? null,
    serviceName: r.service_name ?? null,
    state: r.state as Container['state'],
    desiredState: r.desired_state as Container['desiredState'],
    error: r.error,
    networkMode: r.network_mode,
    networkId: r.network_id,
    networkName: network?.name ?? null,
    dockerIp,
    managedIp,
    dockerIpNote: notes.docker,
    managedIpNote: withSliceExplanation(notes.managed, { requestedIps, hostName: r.host_name ?? null, slice: r.host_slice ?? null }),
    managedAddress: address,
    networkContainerId: r.network_container_id,
    networkContainerName: r.nc_name ?? null,
    problems,
    native,
    system: bool(r.system),
    labels,
    ports: fromJson(r.ports_json, []),
    dns: fromJson(r.dns_json, []),
    dnsSearch: fromJson(r.dns_search_json, []),
    mtu: r.mtu,
    reportedAddresses,
    revision: r.revision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}
