import type { EnvironmentTemplate, TemplateStack } from '../../core/api/templates.ts'
import { parseIpv4 } from '../../core/net/ipv4.ts'
import type { AppContext } from '../context.ts'
import { bit, toJson } from '../db/json.ts'
import type { Tx } from '../db/tx.ts'
import { newId, nowIso } from '../ids.ts'
import type { DriverPlan, StackPlan } from './stack-plan.ts'

/** The four Docker-mode networks every environment has (domain §1.2). */
const DOCKER_NETWORKS = [
  { kind: 'dockerHost', name: 'Docker Host Network Mode' },
  { kind: 'dockerNone', name: 'Docker None Network Mode' },
  { kind: 'dockerContainer', name: 'Docker Container Network Mode' },
  { kind: 'dockerBridge', name: 'Docker Bridge Network Mode' },
] as const

export const WAITING_FOR_HOST = 'waiting for an active host: infrastructure services start once a host is active'

/**
 * Writes a planned environment inside `tx`: the environment (with a copy of the template's
 * stacks, for drift), its Docker-mode networks, one system stack per plan (writeStack), and
 * the environment's default network points at the driver's network. Stacks wait
 * (`activating`) until a host is active.
 */
export async function writeEnvironment(
  tx: Tx,
  ctx: AppContext,
  input: { name: string; description: string; template: EnvironmentTemplate; templateStacks: TemplateStack[]; plans: StackPlan[] },
): Promise<string> {
  const now = nowIso()
  const envId = newId('env_')
  const meta = { revision: 1, created_at: now, updated_at: now }
  await tx.db
    .insertInto('environments')
    .values({
      id: envId,
      name: input.name,
      description: input.description,
      state: 'activating',
      environment_template_id: input.template.id,
      template_name: input.template.name,
      template_revision: input.template.revision,
      template_stacks_json: toJson(input.templateStacks),
      default_network_id: null,
      ...meta,
    })
    .execute()

  for (const n of DOCKER_NETWORKS) {
    const id = newId('net_')
    await tx.db
      .insertInto('networks')
      .values({
        id,
        environment_id: envId,
        network_driver_id: null,
        name: n.name,
        kind: n.kind,
        state: 'active',
        dns_json: '[]',
        dns_search_json: '[]',
        host_ports: 1,
        mtu: null,
        link_mtu_overhead: null,
        metadata_json: '{}',
        cni_config_json: '{}',
        ...meta,
      })
      .execute()
    tx.emit('network', 'created', id, envId, 1)
  }

  let defaultNetworkId: string | null = null
  for (const plan of input.plans) {
    const written = await writeStack(tx, envId, plan)
    defaultNetworkId ??= written.networkId
  }

  if (defaultNetworkId) {
    await tx.db.updateTable('environments').set({ default_network_id: defaultNetworkId }).where('id', '=', envId).execute()
  }
  await ctx.hooks.beforeEnvironmentCommit?.()
  tx.emit('environment', 'created', envId, envId, 1)
  return envId
}

/**
 * Writes one planned system stack inside `tx` (at environment creation and for
 * `POST …/stacks`): the stack (`activating`, waiting for a host), its services, and when it
 * declares a network driver the driver, its network (kind cni) and subnets. Answers the ids;
 * `networkId` is the driver's network, which the caller makes the default network.
 */
export async function writeStack(tx: Tx, envId: string, plan: StackPlan): Promise<{ stackId: string; networkId: string | null }> {
  const now = nowIso()
  const meta = { revision: 1, created_at: now, updated_at: now }
  const stackId = newId('stk_')
  await tx.db
    .insertInto('stacks')
    .values({
      id: stackId,
      environment_id: envId,
      name: plan.name,
      system: 1,
      state: 'activating',
      state_reason: WAITING_FOR_HOST,
      catalog_template_id: plan.catalogTemplateId,
      version: plan.version,
      external_id: plan.externalId,
      answers_json: toJson(plan.answers),
      docker_compose: plan.dockerCompose,
      rancher_compose: plan.rancherCompose,
      ...meta,
    })
    .execute()
  tx.emit('stack', 'created', stackId, envId, 1)

  let networkId: string | null = null
  for (const svc of plan.services) {
    const serviceId = newId('svc_')
    const isDriver = plan.driver?.serviceName === svc.name
    await tx.db
      .insertInto('services')
      .values({
        id: serviceId,
        environment_id: envId,
        stack_id: stackId,
        name: svc.name,
        kind: isDriver ? 'networkDriverService' : 'service',
        state: 'inactive',
        global: bit(svc.global),
        scale: svc.scale,
        launch_config_json: toJson(svc),
        ...meta,
      })
      .execute()
    tx.emit('service', 'created', serviceId, envId, 1)
    if (!isDriver || !plan.driver) continue
    networkId = await writeDriver(tx, envId, stackId, serviceId, plan.driver)
  }
  return { stackId, networkId }
}

/** The network driver of a stack, and its network with one subnet per entry; answers the network id. */
async function writeDriver(tx: Tx, envId: string, stackId: string, serviceId: string, driver: DriverPlan): Promise<string | null> {
  const now = nowIso()
  const meta = { revision: 1, created_at: now, updated_at: now }
  const driverId = newId('drv_')
  await tx.db
    .insertInto('network_drivers')
    .values({
      id: driverId,
      environment_id: envId,
      service_id: serviceId,
      stack_id: stackId,
      name: driver.name,
      description: driver.description,
      state: 'activating',
      default_network_json: driver.block.default_network ? toJson(driver.block.default_network) : null,
      cni_config_json: toJson(driver.block.cni_config ?? {}),
      network_metadata_json: toJson(driver.block.network_metadata ?? {}),
      ...meta,
    })
    .execute()
  tx.emit('networkDriver', 'created', driverId, envId, 1)

  const spec = driver.network
  if (!spec) return null
  const networkId = newId('net_')
  await tx.db
    .insertInto('networks')
    .values({
      id: networkId,
      environment_id: envId,
      network_driver_id: driverId,
      name: spec.networkName,
      kind: spec.kind,
      state: 'active',
      dns_json: toJson(spec.dns),
      dns_search_json: toJson(spec.dnsSearch),
      host_ports: bit(spec.hostPorts),
      mtu: spec.mtu,
      link_mtu_overhead: spec.linkMtuOverhead,
      metadata_json: toJson(spec.metadata),
      cni_config_json: toJson(spec.cniConfig),
      ...meta,
    })
    .execute()
  tx.emit('network', 'created', networkId, envId, 1)
  for (const [index, s] of spec.subnets.entries()) {
    const start = parseIpv4(s.startAddress) ?? 0
    await tx.db
      .insertInto('subnets')
      .values({
        id: newId('sub_'),
        environment_id: envId,
        network_id: networkId,
        subnet_index: index,
        network_address: s.networkAddress,
        cidr_size: s.cidrSize,
        gateway: s.gateway,
        start_address: s.startAddress,
        end_address: s.endAddress,
        start_num: start,
        end_num: parseIpv4(s.endAddress) ?? 0,
        next_num: start,
        state: 'active',
        created_at: now,
      })
      .execute()
  }
  return networkId
}
