/**
 * Managed-IP allocation. The policy (which address to try next) lives in core/ipam; here the
 * database guarantees uniqueness: every allocation is a row with a unique (subnet, address)
 * key, inserted with ON CONFLICT DO NOTHING inside the caller's transaction, so two
 * concurrent allocations can never both win an address, on SQLite or PostgreSQL.
 */
import type { IP_SOURCES } from '../../../core/api/containers.ts'
import { advanceCursor, isReservedAddress, nextFitOrder } from '../../../core/ipam/policy.ts'
import { formatIpv4, parseIpv4 } from '../../../core/net/ipv4.ts'
import type { Tx } from '../../db/tx.ts'
import { hostSliceRange } from './host-slices.ts'
import { AppError } from '../../errors.ts'
import { newId, nowIso } from '../../ids.ts'

export type IpSource = (typeof IP_SOURCES)[number]

export interface Allocation {
  address: string
  subnetId: string
  cidrSize: number
  gateway: string
  /** The first requested IP that was free and in range, or null when a free one was given instead. */
  requestedHonoured: string | null
  source: IpSource
}

export interface AllocateRequest {
  environmentId: string
  networkId: string
  role: 'primary' | 'router'
  containerId: string | null
  hostId: string | null
  /** Requested addresses in order of preference (already parsed). */
  requested?: string[]
  /** The address of the container this one replaces: tried first, so a replacement keeps it. */
  retainAddress?: string | null
  /**
   * The host the address is for (the router's host, or the container's). When that host asked
   * for a host slice, only addresses in its slice are handed out (host-slices.ts).
   */
  sliceHostId?: string | null
}

async function tryInsert(tx: Tx, req: AllocateRequest, subnetId: string, n: number, source: IpSource): Promise<boolean> {
  const result = await tx.db
    .insertInto('ip_addresses')
    .values({
      id: newId('ip_'),
      environment_id: req.environmentId,
      network_id: req.networkId,
      subnet_id: subnetId,
      address: formatIpv4(n),
      address_num: n,
      role: req.role,
      container_id: req.containerId,
      host_id: req.hostId,
      source,
      created_at: nowIso(),
    })
    .onConflict((oc) => oc.columns(['subnet_id', 'address_num']).doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1
}

/**
 * Allocates one address on the network, in Rancher's order (domain §3.5): the retained
 * address of the container this one replaces, then the first free requested address, each
 * only inside a subnet's start…end; else the next free one (next-fit). Throws
 * SUBNET_EXHAUSTED when every subnet of the network is full. A taken requested (or retained)
 * address is not an error: the caller's note says a free one was given instead.
 */
export async function allocateAddress(tx: Tx, req: AllocateRequest, dialect: 'sqlite' | 'postgres'): Promise<Allocation> {
  let query = tx.db.selectFrom('subnets').selectAll().where('network_id', '=', req.networkId).where('state', '=', 'active').orderBy('subnet_index')
  // PostgreSQL: serialise allocations per subnet across transactions and replicas.
  // SQLite: the write transaction already holds the database lock.
  if (dialect === 'postgres') query = query.forUpdate()
  const subnets = await query.execute()
  if (subnets.length === 0) throw new AppError('NETWORK_NOT_FOUND', `network ${req.networkId} has no active subnet to allocate from`)
  const reserved = (s: (typeof subnets)[number], n: number) =>
    isReservedAddress(n, { network: parseIpv4(s.network_address) ?? 0, cidrSize: s.cidr_size, gateway: parseIpv4(s.gateway) ?? 0 })

  const sliced = req.sliceHostId ? await hostSliceRange(tx, req.sliceHostId, subnets) : null
  const inSlice = (n: number) => !sliced || (n >= sliced.slice.first && n <= sliced.slice.last)

  const preferred: [string, IpSource][] = [
    ...(req.retainAddress ? [[req.retainAddress, 'retained'] as [string, IpSource]] : []),
    ...(req.requested ?? []).map((a): [string, IpSource] => [a, 'requested']),
  ]
  for (const [wanted, source] of preferred) {
    const n = parseIpv4(wanted)
    if (n === null) continue
    const subnet = subnets.find((s) => n >= Number(s.start_num) && n <= Number(s.end_num))
    // outside the host's slice an address could not be routed to the host: not honoured
    if (subnet && inSlice(n) && !reserved(subnet, n) && (await tryInsert(tx, req, subnet.id, n, source))) {
      return { address: wanted, subnetId: subnet.id, cidrSize: subnet.cidr_size, gateway: subnet.gateway, requestedHonoured: source === 'requested' ? wanted : null, source }
    }
  }

  if (sliced) {
    const s = subnets.find((x) => x.id === sliced.subnetId)!
    // a slice holds at most a few hundred addresses: a walk from its start is cheap, and the
    // subnet's next-fit cursor stays for hosts without slices
    for (let n = sliced.slice.first; n <= sliced.slice.last; n++) {
      if (reserved(s, n)) continue
      if (await tryInsert(tx, req, s.id, n, 'next-free')) {
        return { address: formatIpv4(n), subnetId: s.id, cidrSize: s.cidr_size, gateway: s.gateway, requestedHonoured: null, source: 'next-free' }
      }
    }
    throw new AppError('SUBNET_EXHAUSTED', `no free address left in host slice ${sliced.slice.cidr}`, { networkId: req.networkId, slice: sliced.slice.cidr })
  }

  for (const s of subnets) {
    const start = Number(s.start_num)
    const end = Number(s.end_num)
    for (const n of nextFitOrder(start, end, Number(s.next_num))) {
      if (reserved(s, n)) continue
      if (await tryInsert(tx, req, s.id, n, 'next-free')) {
        await tx.db.updateTable('subnets').set({ next_num: advanceCursor(start, end, n) }).where('id', '=', s.id).execute()
        return { address: formatIpv4(n), subnetId: s.id, cidrSize: s.cidr_size, gateway: s.gateway, requestedHonoured: null, source: 'next-free' }
      }
    }
  }
  const cidrs = subnets.map((s) => `${s.network_address}/${s.cidr_size}`).join(', ')
  throw new AppError('SUBNET_EXHAUSTED', `no free address left in ${cidrs}`, { networkId: req.networkId, subnets: cidrs })
}

/** Releases every address held by a container (on removal, not only on purge). */
export async function releaseContainerAddresses(tx: Tx, containerId: string): Promise<number> {
  const r = await tx.db.deleteFrom('ip_addresses').where('container_id', '=', containerId).executeTakeFirst()
  return Number(r.numDeletedRows)
}
