/**
 * A host's slice of the network (core/ipam/slices.ts): found, or assigned on the host's first
 * allocation. A slice is free when no other host holds it and no address in it is allocated:
 * an address another host's container already has there could not be routed to that host.
 * Runs inside the allocation's transaction, after the subnets were locked (PostgreSQL) or
 * the write lock taken (SQLite), so two assignments cannot pick the same slice; the unique
 * index on (environment, slice) backs that up.
 */
import { sliceByCidr, slicesOf, type Slice } from '../../../core/ipam/slices.ts'
import { parseIpv4 } from '../../../core/net/ipv4.ts'
import type { SubnetTable } from '../../db/schema.ts'
import type { Tx } from '../../db/tx.ts'
import { AppError } from '../../errors.ts'

export interface HostSliceRange {
  subnetId: string
  slice: Slice
}

const sliceSubnet = (s: SubnetTable) => ({ network: parseIpv4(s.network_address) ?? 0, cidrSize: s.cidr_size, start: Number(s.start_num), end: Number(s.end_num) })

/** The slice to allocate from for a host; null when the host did not ask for one. */
export async function hostSliceRange(tx: Tx, hostId: string, subnets: SubnetTable[]): Promise<HostSliceRange | null> {
  const host = await tx.db.selectFrom('hosts').select(['id', 'environment_id', 'name', 'host_slice', 'slice_cidr']).where('id', '=', hostId).executeTakeFirst()
  if (!host || !Number(host.host_slice)) return null
  if (host.slice_cidr) {
    for (const s of subnets) {
      const slice = sliceByCidr(sliceSubnet(s), host.slice_cidr)
      if (slice) return { subnetId: s.id, slice }
    }
    // the slice left the network (subnet edited): assign a new one below
  }
  const taken = new Set(
    (await tx.db.selectFrom('hosts').select('slice_cidr').where('environment_id', '=', host.environment_id).where('slice_cidr', 'is not', null).where('id', '!=', hostId).execute()).map((h) => h.slice_cidr),
  )
  for (const s of subnets) {
    const used = (await tx.db.selectFrom('ip_addresses').select('address_num').where('subnet_id', '=', s.id).execute()).map((r) => Number(r.address_num)).sort((a, b) => a - b)
    for (const slice of slicesOf(sliceSubnet(s))) {
      if (taken.has(slice.cidr)) continue
      if (used.some((n) => n >= slice.first && n <= slice.last)) continue
      // at least the router address and one container
      if (slice.last - slice.first < 2) continue
      await tx.db.updateTable('hosts').set({ slice_cidr: slice.cidr }).where('id', '=', hostId).execute()
      return { subnetId: s.id, slice }
    }
  }
  const cidrs = subnets.map((s) => `${s.network_address}/${s.cidr_size}`).join(', ')
  throw new AppError('SUBNET_EXHAUSTED', `no free host slice left in ${cidrs} for host ${host.name}`, { hostId, subnets: cidrs })
}
