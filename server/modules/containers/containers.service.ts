import type { Kysely } from 'kysely'
import type { Container, PortSpec } from '../../../core/api/containers.ts'
import type { ContainerFacts } from '../../../core/api/agent.ts'
import { parseRequestedIps } from '../../../core/ipam/policy.ts'
import { addressNotes, resolveNetworkMode } from '../../../core/network/modes.ts'
import type { AppContext } from '../../context.ts'
import { bit, bool, fromJson, toJson } from '../../db/json.ts'
import { decodeCursor, page } from '../../db/paging.ts'
import type { Database } from '../../db/schema.ts'
import type { Tx } from '../../db/tx.ts'
import { AppError, notFound } from '../../errors.ts'
import { newId, nowIso } from '../../ids.ts'
import { allocateAddress } from '../ipam/ipam.service.ts'

export const REQUESTED_IP_LABEL = 'io.rancher.container.requested_ip'

export interface ContainerSpec {
  name: string
  image: string
  hostId: string | null
  networkMode: string
  labels?: Record<string, string>
  ports?: PortSpec[]
  native?: boolean
  system?: boolean
  stackId?: string | null
  serviceId?: string | null
  /** For `container:<name>` modes: the container sharing its netns, resolved by the caller when known. */
  networkContainerId?: string | null
  /** Service-level DNS settings (network DNS is appended). */
  dns?: string[]
  dnsSearch?: string[]
  /** Allocate the managed IP as this host's router address. */
  routerForHostId?: string | null
}

/**
 * Creates a container inside `tx`: resolves its network mode (422 NETWORK_NOT_FOUND naming
 * the mode), allocates its managed IP when the mode lands on a managed network, and appends
 * the network's DNS servers and search domains (unless `io.rancher.container.dns=false`).
 */
export async function createContainerTx(tx: Tx, ctx: AppContext, environmentId: string, spec: ContainerSpec): Promise<string> {
  const env = await tx.db.selectFrom('environments').select(['default_network_id']).where('id', '=', environmentId).executeTakeFirstOrThrow()
  const networks = await tx.db.selectFrom('networks').select(['id', 'name', 'kind', 'dns_json', 'dns_search_json']).where('environment_id', '=', environmentId).where('state', '=', 'active').execute()
  const labels = spec.labels ?? {}
  const resolved = resolveNetworkMode(spec.networkMode, { networks, defaultNetworkId: env.default_network_id, native: !!spec.native, labels })
  if (!resolved.ok) throw new AppError('NETWORK_NOT_FOUND', resolved.message, [{ path: 'networkMode', message: resolved.message }])

  let networkContainerId = spec.networkContainerId ?? null
  if (resolved.containerName && !networkContainerId) {
    const target = await tx.db
      .selectFrom('containers')
      .select('id')
      .where('environment_id', '=', environmentId)
      .where('name', '=', resolved.containerName)
      .where('state', '!=', 'removed')
      .executeTakeFirst()
    if (!target) {
      const message = `network mode ${JSON.stringify(spec.networkMode)}: no container named ${JSON.stringify(resolved.containerName)}`
      throw new AppError('NETWORK_NOT_FOUND', message, [{ path: 'networkMode', message }])
    }
    networkContainerId = target.id
  }

  const dns = [...(spec.dns ?? [])]
  const dnsSearch = [...(spec.dnsSearch ?? [])]
  const network = networks.find((n) => n.id === resolved.network.id)
  if (resolved.managed && network && labels['io.rancher.container.dns'] !== 'false') {
    for (const d of fromJson<string[]>(network.dns_json, [])) if (!dns.includes(d)) dns.push(d)
    for (const d of fromJson<string[]>(network.dns_search_json, [])) if (!dnsSearch.includes(d)) dnsSearch.push(d)
  }

  const id = newId('ctr_')
  const now = nowIso()
  await tx.db
    .insertInto('containers')
    .values({
      id,
      environment_id: environmentId,
      host_id: spec.hostId,
      stack_id: spec.stackId ?? null,
      service_id: spec.serviceId ?? null,
      name: spec.name,
      image: spec.image,
      state: 'creating',
      desired_state: 'running',
      network_mode: spec.networkMode,
      network_id: resolved.network.id,
      network_container_id: networkContainerId,
      native: bit(!!spec.native),
      system: bit(!!spec.system),
      labels_json: toJson(labels),
      ports_json: toJson(spec.ports ?? []),
      dns_json: toJson(dns),
      dns_search_json: toJson(dnsSearch),
      requested_ip: labels[REQUESTED_IP_LABEL] ?? null,
      docker_ip: null,
      reported_addresses_json: '[]',
      mtu: null,
      error: null,
      revision: 1,
      created_at: now,
      updated_at: now,
    })
    .execute()
  if (resolved.managed) {
    await allocateAddress(
      tx,
      {
        environmentId,
        networkId: resolved.network.id,
        role: spec.routerForHostId ? 'router' : 'primary',
        containerId: id,
        hostId: spec.routerForHostId ?? null,
        requested: parseRequestedIps(labels[REQUESTED_IP_LABEL]).valid,
      },
      ctx.dialect,
    )
  }
  tx.emit('container', 'created', id, environmentId, 1)
  return id
}

/** The SELECT every container read uses: the row plus host, stack, service, network and IPs. */
function containerQuery(db: Kysely<Database>) {
  return db
    .selectFrom('containers as c')
    .leftJoin('hosts as h', 'h.id', 'c.host_id')
    .leftJoin('stacks as s', 's.id', 'c.stack_id')
    .leftJoin('services as sv', 'sv.id', 'c.service_id')
    .leftJoin('networks as n', 'n.id', 'c.network_id')
    .leftJoin('containers as nc', 'nc.id', 'c.network_container_id')
    .selectAll('c')
    .select([
      'h.name as host_name',
      'h.agent_ip as host_agent_ip',
      's.name as stack_name',
      'sv.name as service_name',
      'n.name as network_name',
      'n.kind as network_kind',
      'nc.name as nc_name',
      'nc.docker_ip as nc_docker_ip',
      (eb) => eb.selectFrom('ip_addresses as ip').select('ip.address').whereRef('ip.container_id', '=', 'c.id').limit(1).as('managed_ip'),
      (eb) => eb.selectFrom('ip_addresses as ip2').select('ip2.address').whereRef('ip2.container_id', '=', 'c.network_container_id').limit(1).as('nc_managed_ip'),
    ])
}

type ContainerRow = Awaited<ReturnType<ReturnType<typeof containerQuery>['execute']>>[number]

function toContainer(r: ContainerRow): Container {
  const labels = fromJson<Record<string, string>>(r.labels_json, {})
  const shared = r.network_kind === 'dockerContainer'
  const dockerIp = shared ? (r.nc_docker_ip ?? null) : r.docker_ip
  const managedIp = shared ? (r.nc_managed_ip ?? null) : (r.managed_ip ?? null)
  const notes = addressNotes({
    networkMode: r.network_mode,
    native: bool(r.native),
    labels,
    networkKind: r.network_kind ?? null,
    networkName: r.network_name ?? null,
    dockerIp,
    managedIp,
    hostAgentIp: r.host_agent_ip ?? null,
    networkFromName: r.nc_name ?? null,
    requestedIps: parseRequestedIps(r.requested_ip).valid,
    state: r.state,
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
    networkMode: r.network_mode,
    networkId: r.network_id,
    networkName: r.network_name ?? null,
    dockerIp,
    managedIp,
    dockerIpNote: notes.docker,
    managedIpNote: notes.managed,
    native: bool(r.native),
    system: bool(r.system),
    labels,
    ports: fromJson(r.ports_json, []),
    dns: fromJson(r.dns_json, []),
    dnsSearch: fromJson(r.dns_search_json, []),
    mtu: r.mtu,
    reportedAddresses: fromJson(r.reported_addresses_json, []),
    revision: r.revision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

export async function listContainers(
  ctx: AppContext,
  environmentId: string,
  q: { limit: number; cursor?: string; hostId?: string; system?: 'true' | 'false' },
): Promise<{ items: Container[]; nextCursor: string | null }> {
  const after = decodeCursor(q.cursor)
  let query = containerQuery(ctx.db).where('c.environment_id', '=', environmentId).where('c.state', '!=', 'removed')
  if (after) query = query.where('c.id', '>', after)
  if (q.hostId) query = query.where('c.host_id', '=', q.hostId)
  if (q.system) query = query.where('c.system', '=', q.system === 'true' ? 1 : 0)
  const rows = await query.orderBy('c.id').limit(q.limit + 1).execute()
  const { rows: pageRows, nextCursor } = page(rows, q.limit)
  return { items: pageRows.map(toContainer), nextCursor }
}

export async function getContainer(ctx: AppContext, environmentId: string, id: string): Promise<Container> {
  const row = await containerQuery(ctx.db).where('c.environment_id', '=', environmentId).where('c.id', '=', id).executeTakeFirst()
  if (!row) throw notFound('container', id)
  return toContainer(row)
}

/** Applies an agent's runtime facts for containers on its own host; others are ignored. */
export async function applyContainerFacts(tx: Tx, hostId: string, environmentId: string, facts: ContainerFacts[]): Promise<number> {
  let accepted = 0
  for (const f of facts) {
    const row = await tx.db
      .selectFrom('containers')
      .select(['id', 'state', 'docker_ip', 'reported_addresses_json', 'mtu', 'error', 'revision'])
      .where('id', '=', f.containerId)
      .where('host_id', '=', hostId)
      .executeTakeFirst()
    if (!row || row.state === 'removed') continue
    accepted++
    const addresses = toJson(f.eth0Addresses)
    if (row.state === f.state && row.docker_ip === f.dockerIp && row.reported_addresses_json === addresses && row.mtu === f.mtu && row.error === f.error) continue
    const revision = row.revision + 1
    await tx.db
      .updateTable('containers')
      .set({ state: f.state, docker_ip: f.dockerIp, reported_addresses_json: addresses, mtu: f.mtu, error: f.error, revision, updated_at: nowIso() })
      .where('id', '=', row.id)
      .execute()
    tx.emit('container', 'updated', row.id, environmentId, revision)
  }
  return accepted
}
