import type { Kysely } from 'kysely'
import type { ContainerFacts } from '../../../core/api/agent.ts'
import type { Container, PortSpec } from '../../../core/api/containers.ts'
import { macForAddress } from '../../../core/ipam/mac.ts'
import { parseRequestedIps, REQUESTED_IP_LABEL } from '../../../core/ipam/policy.ts'
import { resolveNetworkMode } from '../../../core/network/modes.ts'
import type { AppContext } from '../../context.ts'
import { bit, fromJson, toJson } from '../../db/json.ts'
import { decodeCursor, page } from '../../db/paging.ts'
import type { Database } from '../../db/schema.ts'
import type { Tx } from '../../db/tx.ts'
import { AppError, notFound } from '../../errors.ts'
import { newId, nowIso } from '../../ids.ts'
import { allocateAddress } from '../ipam/ipam.service.ts'
import { recordRouterTransitions } from '../diagnostics/timeline-recorders.ts'
import { duplicateProblems, managedAddressesOnEth0, type DuplicateHolder } from './container-problems.ts'
import { containerQuery, loadViewContext, toContainer, type ContainerRow } from './container-view.ts'
import { DNS_LABEL, serviceSearchDomains } from './container-dns.ts'

export { REQUESTED_IP_LABEL }

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
  /** Stack and service names for the service search domains; looked up from the ids when absent. */
  stackName?: string | null
  serviceName?: string | null
  /** For `container:<name>` modes: the container sharing its netns, resolved by the caller when known. */
  networkContainerId?: string | null
  /** Service-level DNS settings (network DNS is appended). */
  dns?: string[]
  dnsSearch?: string[]
  /** Allocate the managed IP as this host's router address. */
  routerForHostId?: string | null
  /** The managed IP of the container this one replaces: IPAM tries it first (source `retained`). */
  retainAddress?: string
}

/**
 * Resolves a network mode against the environment's active networks (domain §3.3); throws
 * 422 NETWORK_NOT_FOUND naming the mode when nothing resolves.
 */
export async function resolveModeTx(tx: Tx, environmentId: string, mode: string, native: boolean, labels: Record<string, string>) {
  const env = await tx.db.selectFrom('environments').select(['default_network_id']).where('id', '=', environmentId).executeTakeFirstOrThrow()
  const networks = await tx.db
    .selectFrom('networks')
    .select(['id', 'name', 'kind', 'dns_json', 'dns_search_json', 'host_ports'])
    .where('environment_id', '=', environmentId)
    .where('state', '=', 'active')
    .execute()
  const resolved = resolveNetworkMode(mode, { networks, defaultNetworkId: env.default_network_id, native, labels })
  if (!resolved.ok) throw new AppError('NETWORK_NOT_FOUND', resolved.message, [{ path: 'networkMode', message: resolved.message }])
  return { resolved, network: networks.find((n) => n.id === resolved.network.id)! }
}

/**
 * Creates a container inside `tx`: resolves its network mode (422 NETWORK_NOT_FOUND naming
 * the mode), allocates its managed IP (and derives its MAC) when the mode lands on a managed
 * network, and fills its DNS (domain §3.8): unless `io.rancher.container.dns=false`, a service
 * container's `<stack>.rancher.internal` and `<service>.<stack>.rancher.internal` come first
 * in the search list, and a managed container gets the network's servers and search domains
 * after its own.
 */
export async function createContainerTx(tx: Tx, ctx: AppContext, environmentId: string, spec: ContainerSpec): Promise<string> {
  const labels = spec.labels ?? {}
  const { resolved, network } = await resolveModeTx(tx, environmentId, spec.networkMode, !!spec.native, labels)

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

  const rancherDns = labels[DNS_LABEL] !== 'false'
  const dns = [...(spec.dns ?? [])]
  const dnsSearch: string[] = []
  const addSearch = (d: string) => {
    if (!dnsSearch.includes(d)) dnsSearch.push(d)
  }
  if (rancherDns && spec.serviceId) for (const d of await serviceSearchDomains(tx, spec)) addSearch(d)
  for (const d of spec.dnsSearch ?? []) addSearch(d)
  if (resolved.managed && rancherDns) {
    for (const d of fromJson<string[]>(network.dns_json, [])) if (!dns.includes(d)) dns.push(d)
    for (const d of fromJson<string[]>(network.dns_search_json, [])) addSearch(d)
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
      mac_address: null,
      reported_state: null,
      revision: 1,
      created_at: now,
      updated_at: now,
    })
    .execute()
  if (resolved.managed) {
    const allocation = await allocateAddress(
      tx,
      {
        environmentId,
        networkId: resolved.network.id,
        role: spec.routerForHostId ? 'router' : 'primary',
        containerId: id,
        hostId: spec.routerForHostId ?? null,
        sliceHostId: spec.routerForHostId ?? spec.hostId ?? null,
        requested: parseRequestedIps(labels[REQUESTED_IP_LABEL]).valid,
        retainAddress: spec.retainAddress ?? null,
      },
      ctx.dialect,
    )
    await tx.db.updateTable('containers').set({ mac_address: macForAddress(allocation.address) }).where('id', '=', id).execute()
  }
  tx.emit('container', 'created', id, environmentId, 1)
  return id
}

export interface ContainerListFilter {
  limit: number
  cursor?: string
  hostId?: string
  system?: 'true' | 'false'
  networkId?: string
}

export async function listContainers(ctx: AppContext, environmentId: string, q: ContainerListFilter): Promise<{ items: Container[]; nextCursor: string | null }> {
  const after = decodeCursor(q.cursor)
  let query = containerQuery(ctx.db).where('c.environment_id', '=', environmentId).where('c.state', '!=', 'removed')
  if (after) query = query.where('c.id', '>', after)
  if (q.hostId) query = query.where('c.host_id', '=', q.hostId)
  if (q.system) query = query.where('c.system', '=', q.system === 'true' ? 1 : 0)
  if (q.networkId) query = query.where('c.network_id', '=', q.networkId)
  const [rows, view] = await Promise.all([query.orderBy('c.id').limit(q.limit + 1).execute(), loadViewContext(ctx.db, environmentId)])
  const { rows: pageRows, nextCursor } = page(rows, q.limit)
  return { items: pageRows.map((r) => toContainer(r, view)), nextCursor }
}

/** One container (removed ones too), with the `duplicate-address` check the list leaves out. */
export async function getContainer(ctx: AppContext, environmentId: string, id: string): Promise<Container> {
  const row = await containerQuery(ctx.db).where('c.environment_id', '=', environmentId).where('c.id', '=', id).executeTakeFirst()
  if (!row) throw notFound('container', id)
  const view = await loadViewContext(ctx.db, environmentId)
  const container = toContainer(row, view)
  if (container.state !== 'removed') {
    const own = [...new Set([...(container.managedAddress ? [container.managedAddress.address] : []), ...managedAddressesOnEth0(container.reportedAddresses, view.managedCidrs)])]
    container.problems.push(...duplicateProblems(await otherHolders(ctx.db, environmentId, row, own)))
  }
  return container
}

/**
 * Other containers holding any of `addresses`: allocated to them, or on their reported eth0
 * while they still run on a host (live ones, and removed ones the agent has not confirmed
 * gone). Containers sharing a netns with this one see the same eth0 and do not count.
 */
async function otherHolders(db: Kysely<Database>, environmentId: string, row: ContainerRow, addresses: string[]): Promise<DuplicateHolder[]> {
  if (addresses.length === 0) return []
  const related = [row.id, ...(row.network_container_id ? [row.network_container_id] : [])]
  const allocated = await db
    .selectFrom('ip_addresses as ip')
    .leftJoin('containers as o', 'o.id', 'ip.container_id')
    .leftJoin('hosts as h', 'h.id', 'ip.host_id')
    .select(['ip.address', 'o.name as container_name', 'o.state', 'h.name as host_name'])
    .where('ip.environment_id', '=', environmentId)
    .where('ip.address', 'in', addresses)
    .where((eb) => eb.or([eb('ip.container_id', 'is', null), eb('ip.container_id', 'not in', related)]))
    .execute()
  const reported = await db
    .selectFrom('containers as o')
    .select(['o.name', 'o.state', 'o.reported_addresses_json'])
    .where('o.environment_id', '=', environmentId)
    .where('o.id', 'not in', related)
    .where((eb) => eb.or([eb('o.network_container_id', 'is', null), eb('o.network_container_id', 'not in', related)]))
    .where((eb) => eb.or([eb('o.state', '!=', 'removed'), eb.and([eb('o.reported_state', 'is not', null), eb('o.reported_state', '!=', 'removed')])]))
    .where((eb) => eb.or(addresses.map((a) => eb('o.reported_addresses_json', 'like', `%"${a}/%`))))
    .execute()
  const holders: DuplicateHolder[] = allocated.map((a) => ({
    address: a.address,
    name: a.container_name ?? `the router of host ${a.host_name ?? '?'}`,
    how: 'allocated',
    removed: a.state === 'removed',
  }))
  for (const o of reported) {
    const seen = fromJson<string[]>(o.reported_addresses_json, []).map((x) => x.split('/')[0])
    for (const a of addresses) {
      if (seen.includes(a) && !holders.some((h) => h.address === a && h.name === o.name)) holders.push({ address: a, name: o.name, how: 'reported', removed: o.state === 'removed' })
    }
  }
  return holders
}

/** What Paddock shows for a container the host lost while Paddock still wanted it. */
export const REMOVED_OUTSIDE_ERROR = 'removed on the host outside Paddock'

/**
 * Applies an agent's runtime facts for containers on its own host; others are ignored.
 * `reported_state` always records what the agent said. A container already removed in
 * Paddock keeps state `removed` but still records what its host reports: until the agent
 * confirms the removal it may hold an address IPAM already released (the IPAM check flags
 * it). A live container the host reports `removed` was lost outside Paddock: it turns `error`.
 */
export async function applyContainerFacts(tx: Tx, hostId: string, environmentId: string, facts: ContainerFacts[]): Promise<number> {
  await recordRouterTransitions(tx, hostId, environmentId, facts)
  let accepted = 0
  for (const f of facts) {
    // Optimistic: the update holds only if nobody changed the row since it was read. On
    // PostgreSQL a removal committing in between (it locks the row) would otherwise be
    // overwritten with the agent's 'running'; then the row is read again and judged anew.
    for (let attempt = 0; attempt < 3; attempt++) {
      const row = await tx.db
        .selectFrom('containers')
        .select(['id', 'state', 'reported_state', 'docker_ip', 'reported_addresses_json', 'mtu', 'error', 'revision'])
        .where('id', '=', f.containerId)
        .where('host_id', '=', hostId)
        .executeTakeFirst()
      if (!row) break
      if (attempt === 0) accepted++
      const next = {
        state: row.state === 'removed' ? 'removed' : f.state === 'removed' ? 'error' : f.state,
        error: row.state === 'removed' ? row.error : f.state === 'removed' ? REMOVED_OUTSIDE_ERROR : f.error,
        reported_state: f.state,
        docker_ip: f.dockerIp,
        reported_addresses_json: toJson(f.eth0Addresses),
        mtu: row.state === 'removed' ? row.mtu : f.mtu,
      }
      if ((Object.keys(next) as (keyof typeof next)[]).every((k) => row[k] === next[k])) break
      const revision = row.revision + 1
      const updated = await tx.db
        .updateTable('containers')
        .set({ ...next, revision, updated_at: nowIso() })
        .where('id', '=', row.id)
        .where('revision', '=', row.revision)
        .executeTakeFirst()
      if (Number(updated.numUpdatedRows) === 1) {
        tx.emit('container', 'updated', row.id, environmentId, revision)
        break
      }
    }
  }
  return accepted
}
