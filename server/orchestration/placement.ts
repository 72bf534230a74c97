import type { ServiceDef } from '../../core/compose/services.ts'
import type { AppContext } from '../context.ts'
import { fromJson } from '../db/json.ts'
import type { Tx } from '../db/tx.ts'
import { AppError } from '../errors.ts'
import { nowIso } from '../ids.ts'
import { createContainerTx } from '../modules/containers/containers.service.ts'

/**
 * Brings the environment's infrastructure up once `hostId` is active: on the first active
 * host the system stacks, their services and the network driver become active (Rancher
 * starts infrastructure services only when a host exists); then the host gets one container
 * per global service and any scaled service still short of its scale. The overlay holder
 * (the driver stack's global service on the driver's network) takes the host's router
 * address. Sidekicks (`container:<service>`) join their primary's container on the same host.
 */
export async function placeInfrastructure(tx: Tx, ctx: AppContext, environmentId: string, hostId: string): Promise<void> {
  await activateEnvironment(tx, environmentId)
  const stacks = await tx.db.selectFrom('stacks').selectAll().where('environment_id', '=', environmentId).where('system', '=', 1).where('state', '=', 'active').orderBy('id').execute()
  const services = await tx.db.selectFrom('services').selectAll().where('environment_id', '=', environmentId).orderBy('id').execute()
  const drivers = await tx.db.selectFrom('network_drivers').select(['stack_id', 'id']).where('environment_id', '=', environmentId).execute()
  const driverNetworks = await tx.db.selectFrom('networks').select(['name', 'network_driver_id']).where('environment_id', '=', environmentId).where('network_driver_id', 'is not', null).execute()

  for (const stack of stacks) {
    const driver = drivers.find((d) => d.stack_id === stack.id)
    const overlayName = driver ? driverNetworks.find((n) => n.network_driver_id === driver.id)?.name : undefined
    const own = services
      .filter((s) => s.stack_id === stack.id)
      .map((s) => ({ row: s, def: fromJson<ServiceDef>(s.launch_config_json, {} as ServiceDef) }))
      // primaries before sidekicks that share their netns
      .sort((a, b) => Number(a.def.networkMode.startsWith('container:')) - Number(b.def.networkMode.startsWith('container:')))
    // sidekicks (`io.rancher.sidekicks` of a primary) are scheduled with their primary
    const primaryOf = new Map<string, (typeof own)[number]>()
    for (const o of own) for (const name of (o.def.labels?.['io.rancher.sidekicks'] ?? '').split(',')) if (name.trim()) primaryOf.set(name.trim(), o)
    for (const { row, def } of own) {
      const lead = primaryOf.get(row.name)?.row ?? row
      const existing = await tx.db.selectFrom('containers').select(['id', 'host_id']).where('service_id', '=', row.id).where('state', '!=', 'removed').execute()
      const wanted = lead.global ? !existing.some((c) => c.host_id === hostId) : existing.length < lead.scale
      if (!wanted) continue
      let networkContainerId: string | null = null
      if (def.networkMode.startsWith('container:')) {
        const primaryName = def.networkMode.slice('container:'.length)
        const primary = own.find((o) => o.row.name === primaryName)
        if (primary) {
          const target = await tx.db.selectFrom('containers').select('id').where('service_id', '=', primary.row.id).where('host_id', '=', hostId).where('state', '!=', 'removed').executeTakeFirst()
          networkContainerId = target?.id ?? null
        }
      }
      const name = await freeName(tx, environmentId, `${stack.name}-${row.name}`, existing.length + 1)
      try {
        await createContainerTx(tx, ctx, environmentId, {
          name,
          image: def.image || 'unknown',
          hostId,
          networkMode: def.networkMode,
          labels: def.labels,
          ports: def.ports,
          system: true,
          stackId: stack.id,
          serviceId: row.id,
          stackName: stack.name,
          serviceName: row.name,
          networkContainerId,
          dns: def.dns,
          dnsSearch: def.dnsSearch,
          routerForHostId: row.global && overlayName !== undefined && def.networkMode === overlayName ? hostId : null,
        })
      } catch (err) {
        // a broken infrastructure service must not stop the host from registering
        if (err instanceof AppError && (err.code === 'NETWORK_NOT_FOUND' || err.code === 'SUBNET_EXHAUSTED')) continue
        throw err
      }
    }
  }
}

async function freeName(tx: Tx, environmentId: string, base: string, from: number): Promise<string> {
  for (let n = from; ; n++) {
    const name = `${base}-${n}`
    const taken = await tx.db.selectFrom('containers').select('id').where('environment_id', '=', environmentId).where('name', '=', name).executeTakeFirst()
    if (!taken) return name
  }
}

/** activating → active for the environment, its system stacks, services and network drivers. */
async function activateEnvironment(tx: Tx, environmentId: string): Promise<void> {
  const now = nowIso()
  const env = await tx.db.selectFrom('environments').select(['state', 'revision']).where('id', '=', environmentId).executeTakeFirstOrThrow()
  if (env.state === 'activating') {
    await tx.db.updateTable('environments').set({ state: 'active', revision: env.revision + 1, updated_at: now }).where('id', '=', environmentId).execute()
    tx.emit('environment', 'updated', environmentId, environmentId, env.revision + 1)
  }
  const stacks = await tx.db.selectFrom('stacks').select(['id', 'revision']).where('environment_id', '=', environmentId).where('state', '=', 'activating').execute()
  for (const s of stacks) {
    await tx.db.updateTable('stacks').set({ state: 'active', state_reason: null, revision: s.revision + 1, updated_at: now }).where('id', '=', s.id).execute()
    tx.emit('stack', 'updated', s.id, environmentId, s.revision + 1)
  }
  const services = await tx.db.selectFrom('services').select(['id', 'revision']).where('environment_id', '=', environmentId).where('state', '=', 'inactive').execute()
  for (const s of services) {
    await tx.db.updateTable('services').set({ state: 'active', revision: s.revision + 1, updated_at: now }).where('id', '=', s.id).execute()
    tx.emit('service', 'updated', s.id, environmentId, s.revision + 1)
  }
  const drivers = await tx.db.selectFrom('network_drivers').select(['id', 'revision']).where('environment_id', '=', environmentId).where('state', '=', 'activating').execute()
  for (const d of drivers) {
    await tx.db.updateTable('network_drivers').set({ state: 'active', revision: d.revision + 1, updated_at: now }).where('id', '=', d.id).execute()
    tx.emit('networkDriver', 'updated', d.id, environmentId, d.revision + 1)
  }
}
