/**
 * Removing an infrastructure stack from a running environment (domain §3.14). Removing the
 * stack that declares the network driver breaks networking for every container on the
 * driver's network, so it is refused with 409 DRIVER_IN_USE naming them unless forced. When it
 * goes through — in one transaction — the stack, its services and its own containers are
 * removed (their addresses, the hosts' router addresses among them, are released), the driver,
 * its network and subnets are removed and the environment loses its default network. The
 * user containers on that network keep their rows and addresses and show their networking as
 * failed; new containers in network mode `managed` are refused until a driver is added again.
 */
import type { DriverInUseDetails } from '../../../core/api/stacks.ts'
import type { AppContext } from '../../context.ts'
import type { Tx } from '../../db/tx.ts'
import { inTransaction } from '../../db/tx.ts'
import { AppError, notFound } from '../../errors.ts'
import { checkRevision } from '../../http/if-match.ts'
import { nowIso } from '../../ids.ts'
import { releaseContainerAddresses } from '../ipam/ipam.service.ts'
import { recordStackChanged } from '../diagnostics/timeline-recorders.ts'

/** How many containers the 409 message names before "and N more" (the details list them all). */
const NAMED_IN_MESSAGE = 5

export interface RemoveStackOptions {
  force: boolean
  ifMatch: number | null
}

/** Marks the stack and everything it brought `removed`; 409 DRIVER_IN_USE while containers use its driver's network, unless forced. */
export async function removeStack(ctx: AppContext, environmentId: string, stackId: string, opts: RemoveStackOptions): Promise<void> {
  await inTransaction(ctx.db, ctx.bus, async (tx) => {
    // PostgreSQL: container launches lock the environment too, so none lands on the network between the check and the removal
    let envQuery = tx.db.selectFrom('environments').select(['id', 'default_network_id', 'revision']).where('id', '=', environmentId)
    if (ctx.dialect === 'postgres') envQuery = envQuery.forUpdate()
    const env = await envQuery.executeTakeFirst()
    if (!env) throw notFound('environment', environmentId)
    const stack = await tx.db.selectFrom('stacks').selectAll().where('environment_id', '=', environmentId).where('id', '=', stackId).executeTakeFirst()
    if (!stack) throw notFound('stack', stackId)
    checkRevision(opts.ifMatch, stack.revision, `stack ${stack.name}`)
    if (stack.state === 'removed') return // removing twice changes nothing

    const drivers = await tx.db.selectFrom('network_drivers').select(['id', 'name', 'revision']).where('stack_id', '=', stackId).where('state', '!=', 'removed').execute()
    const networks =
      drivers.length === 0
        ? []
        : await tx.db
            .selectFrom('networks')
            .select(['id', 'name', 'revision'])
            .where('network_driver_id', 'in', drivers.map((d) => d.id))
            .where('state', '!=', 'removed')
            .execute()
    const networkIds = networks.map((n) => n.id)
    const users = await usersOf(tx, networkIds)
    if (users.length > 0 && !opts.force) {
      const details: DriverInUseDetails = { network: networks.map((n) => n.name).join(', '), containers: users }
      throw new AppError('DRIVER_IN_USE', driverInUseMessage(drivers[0].name, details), details)
    }

    const now = nowIso()
    const bump = { updated_at: now }
    const revision = stack.revision + 1
    await tx.db
      .updateTable('stacks')
      .set({ state: 'removed', state_reason: consequence(stack.catalog_template_id, drivers[0]?.name ?? null, networks[0]?.name ?? null, users.length), revision, ...bump })
      .where('id', '=', stackId)
      .execute()
    tx.emit('stack', 'deleted', stackId, environmentId, revision)
    await recordStackChanged(tx, environmentId, stackId, { action: 'removed' })

    const services = await tx.db.selectFrom('services').select(['id', 'revision']).where('stack_id', '=', stackId).where('state', '!=', 'removed').execute()
    for (const s of services) {
      await tx.db.updateTable('services').set({ state: 'removed', revision: s.revision + 1, ...bump }).where('id', '=', s.id).execute()
      tx.emit('service', 'deleted', s.id, environmentId, s.revision + 1)
    }

    // the stack's own containers go, as a container removal does: at once, addresses released (routers included)
    const own = await tx.db.selectFrom('containers').select(['id', 'revision']).where('stack_id', '=', stackId).where('state', '!=', 'removed').execute()
    for (const c of own) {
      await releaseContainerAddresses(tx, c.id)
      await tx.db.updateTable('containers').set({ state: 'removed', desired_state: 'removed', revision: c.revision + 1, ...bump }).where('id', '=', c.id).execute()
      tx.emit('container', 'deleted', c.id, environmentId, c.revision + 1)
    }

    for (const d of drivers) {
      await tx.db.updateTable('network_drivers').set({ state: 'removed', revision: d.revision + 1, ...bump }).where('id', '=', d.id).execute()
      tx.emit('networkDriver', 'deleted', d.id, environmentId, d.revision + 1)
    }
    if (networkIds.length === 0) return
    for (const n of networks) {
      await tx.db.updateTable('networks').set({ state: 'removed', revision: n.revision + 1, ...bump }).where('id', '=', n.id).execute()
      tx.emit('network', 'deleted', n.id, environmentId, n.revision + 1)
    }
    await tx.db.updateTable('subnets').set({ state: 'removed' }).where('network_id', 'in', networkIds).execute()

    if (env.default_network_id !== null && networkIds.includes(env.default_network_id)) {
      // as cattle recomputes it: another active managed network if there is one, else none
      const other = await tx.db
        .selectFrom('networks')
        .select('id')
        .where('environment_id', '=', environmentId)
        .where('state', '=', 'active')
        .where('kind', 'not like', 'docker%')
        .orderBy('id')
        .executeTakeFirst()
      await tx.db
        .updateTable('environments')
        .set({ default_network_id: other?.id ?? null, revision: env.revision + 1, ...bump })
        .where('id', '=', environmentId)
        .execute()
      tx.emit('environment', 'updated', environmentId, environmentId, env.revision + 1)
    }

    // the users keep rows and addresses; what changes is how they read (network-failed), so clients refetch them
    if (users.length > 0) {
      await tx.db
        .updateTable('containers')
        .set((eb) => ({ revision: eb('revision', '+', 1), updated_at: now }))
        .where('network_id', 'in', networkIds)
        .where('state', '!=', 'removed')
        .where('system', '=', 0)
        .execute()
      const after = await tx.db.selectFrom('containers').select(['id', 'revision']).where('network_id', 'in', networkIds).where('state', '!=', 'removed').where('system', '=', 0).execute()
      for (const c of after) tx.emit('container', 'updated', c.id, environmentId, c.revision)
    }
  })
}

/** Live user containers on the networks (the stack's own containers do not count: they go with it). */
async function usersOf(tx: Tx, networkIds: string[]): Promise<DriverInUseDetails['containers']> {
  if (networkIds.length === 0) return []
  const rows = await tx.db
    .selectFrom('containers as c')
    .leftJoin('hosts as h', 'h.id', 'c.host_id')
    .select(['c.id', 'c.name', 'h.name as host_name'])
    .where('c.network_id', 'in', networkIds)
    .where('c.state', '!=', 'removed')
    .where('c.system', '=', 0)
    .orderBy('c.name')
    .orderBy('c.id')
    .execute()
  return rows.map((r) => ({ id: r.id, name: r.name, hostName: r.host_name ?? null }))
}

function driverInUseMessage(driverName: string, details: DriverInUseDetails): string {
  const named = details.containers.slice(0, NAMED_IN_MESSAGE).map((c) => (c.hostName ? `${c.name} (on ${c.hostName})` : c.name))
  const more = details.containers.length - named.length
  const who = `${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}`
  return (
    `the network driver ${driverName} is in use: ${details.containers.length} container(s) on network ${details.network} would lose their networking: ${who}. ` +
    'Remove them first, or remove the stack with ?force=true (their networking then fails and new managed containers are refused until a network driver stack is added).'
  )
}

/** What the removal breaks (domain §3.14), kept as the removed stack's stateReason. */
function consequence(catalogTemplateId: string | null, driverName: string | null, networkName: string | null, users: number): string {
  if (driverName) {
    return (
      `removed with its network driver ${driverName}${networkName ? ` and network ${networkName}` : ''}: ` +
      `${users} container(s) on it lost their networking, and new containers in network mode managed are refused until a network driver stack is added`
    )
  }
  if (catalogTemplateId === 'network-services') {
    return 'removed: without Network Services the hosts have no metadata or DNS at 169.254.169.250, managed containers get no IP from the network manager and published ports get no host rules'
  }
  return 'removed: its services and their containers are gone'
}
