/**
 * Releasing a leaked allocation: the fix of the IPAM check's `ipam.leaked-allocation`.
 * Paddock releases a container's addresses in the transaction that removes it, so a leak comes
 * from outside that path (a crash before this version, a database edited by hand, a host
 * removed without its router address). Only an allocation nobody holds may be released: its
 * container is removed or missing, or — for a router address — its host is.
 */
import type { ReleasedAddresses } from '../../../core/api/networks.ts'
import { parseIpv4 } from '../../../core/net/ipv4.ts'
import type { AppContext } from '../../context.ts'
import { inTransaction } from '../../db/tx.ts'
import { AppError, notFound } from '../../errors.ts'

export async function releaseLeakedAddress(ctx: AppContext, environmentId: string, address: string): Promise<ReleasedAddresses> {
  const num = parseIpv4(address)
  if (num === null) throw notFound('IP address', address)
  return inTransaction(ctx.db, ctx.bus, async (tx) => {
    const rows = await tx.db
      .selectFrom('ip_addresses as ip')
      .innerJoin('subnets as sn', 'sn.id', 'ip.subnet_id')
      .leftJoin('containers as c', 'c.id', 'ip.container_id')
      .leftJoin('hosts as h', 'h.id', 'ip.host_id')
      .select(['ip.id', 'ip.role', 'ip.container_id', 'ip.host_id', 'ip.network_id', 'sn.network_address', 'sn.cidr_size', 'c.name as container_name', 'c.state as container_state', 'h.name as host_name', 'h.state as host_state'])
      .where('ip.environment_id', '=', environmentId)
      .where('ip.address_num', '=', num)
      .execute()
    if (rows.length === 0) throw notFound('IP address', address)

    // the same reading as the IPAM check (core/diagnostics/ipam-checks.ts leakOf): a router
    // address dies with its host; otherwise an address is held while its container lives, and
    // a router address without a holder container while its host does
    const live = (state: string | null) => state !== null && state !== 'removed'
    const held = rows.filter((r) => {
      if (r.role === 'router' && !live(r.host_state)) return false
      return r.container_id !== null ? live(r.container_state) : r.role === 'router'
    })
    const leaked = rows.filter((r) => !held.includes(r))
    if (leaked.length === 0) {
      const holders = held.map((r) => (r.role === 'router' && r.host_name ? `the router of host ${r.host_name}` : `container ${r.container_name}`))
      throw new AppError('ADDRESS_IN_USE', `${address} is held by ${holders.join(' and ')}; remove that to release it`, [{ path: 'address', message: `held by ${holders.join(' and ')}` }])
    }
    await tx.db.deleteFrom('ip_addresses').where('id', 'in', leaked.map((r) => r.id)).execute()
    // no resource of its own changes: the network's usage does, so its subscribers refetch
    for (const networkId of new Set(leaked.map((r) => r.network_id))) {
      const net = await tx.db.selectFrom('networks').select(['revision']).where('id', '=', networkId).executeTakeFirst()
      if (net) {
        await tx.db.updateTable('networks').set({ revision: net.revision + 1 }).where('id', '=', networkId).execute()
        tx.emit('network', 'updated', networkId, environmentId, net.revision + 1)
      }
    }
    return {
      address,
      released: leaked.map((r) => ({ subnet: `${r.network_address}/${r.cidr_size}`, role: r.role, containerId: r.container_id, hostId: r.host_id })),
    }
  })
}
