/**
 * Stack upgrade (Rancher's "upgrade" of an infrastructure stack): a new compose and/or
 * answers. Unlike Rancher 1.6, a change to the network driver reaches the existing driver and
 * network — every host's next desired state carries the new CNI config — but only when it
 * does not re-address live containers: a different subnet, gateway or a range that would
 * exclude allocated addresses is refused with READDRESS_REFUSED and the alternative.
 */
import type { StackUpgradePreview, UpgradeStack } from '../../../core/api/stacks.ts'
import type { ErrorDetail } from '../../../core/api/errors.ts'
import { effectiveMtu, renderCniFiles } from '../../../core/network/cni.ts'
import type { NetworkSpec } from '../../../core/network/driver-block.ts'
import type { AppContext } from '../../context.ts'
import { bit, fromJson, toJson } from '../../db/json.ts'
import type { NetworkTable, StackTable, SubnetTable } from '../../db/schema.ts'
import { inTransaction } from '../../db/tx.ts'
import { AppError, notFound, validationFailed } from '../../errors.ts'
import { checkRevision } from '../../http/if-match.ts'
import { nowIso } from '../../ids.ts'
import { parseIpv4 } from '../../../core/net/ipv4.ts'
import { listCatalog } from '../catalog/catalog.service.ts'
import { checkStackAnswers } from '../../../core/templates/rules.ts'
import { planStack, type StackPlan } from '../../orchestration/stack-plan.ts'
import { recordStackChanged } from '../diagnostics/timeline-recorders.ts'

const ALTERNATIVE =
  'Addresses already handed out cannot move. To use a different subnet, create an environment template with the new subnet, create a new environment from it and move the workloads there.'
const MTU_OVERHEAD_LABEL = 'io.rancher.cni.link_mtu_overhead'

interface Computed {
  stack: StackTable
  plan: StackPlan
  network: NetworkTable | null
  subnets: SubnetTable[]
  spec: NetworkSpec | null
  preview: StackUpgradePreview
}

const show = (v: unknown) => (Array.isArray(v) ? v.join(', ') || '(none)' : v === null || v === undefined ? '(none)' : String(v))

/** Plans the upgrade and works out its impact; throws 404/400, never writes. */
async function compute(ctx: AppContext, environmentId: string, stackId: string, input: UpgradeStack): Promise<Computed> {
  const stack = await ctx.db.selectFrom('stacks').selectAll().where('environment_id', '=', environmentId).where('id', '=', stackId).executeTakeFirst()
  if (!stack) throw notFound('stack', stackId)
  if (!stack.catalog_template_id) throw validationFailed([{ path: '', message: 'this stack was not created from a catalog template and cannot be upgraded' }])
  const catalog = await listCatalog(ctx)
  const answers = input.answers ?? fromJson<Record<string, string>>(stack.answers_json, {})
  // the same answer rules as the template editor (CIDR syntax, SUBNET_PREFIX, start/end, hairpin/promiscuous, MTU)
  const version = input.version ?? stack.version
  const versionChanges = input.version !== undefined && input.version !== stack.version
  const questions = catalog.find((t) => t.id === stack.catalog_template_id)?.versions.find((v) => v.version === version)?.questions
  const ruleErrors = questions ? checkStackAnswers(questions, answers) : []
  if (ruleErrors.length > 0) throw validationFailed(ruleErrors)
  const planned = planStack(
    {
      name: stack.name,
      catalogTemplateId: stack.catalog_template_id,
      version,
      answers,
      // null: the catalog files of the (new) version
      dockerCompose: input.dockerCompose ?? (versionChanges ? null : stack.docker_compose),
      rancherCompose: input.rancherCompose ?? (versionChanges ? null : stack.rancher_compose),
    },
    0,
    catalog,
  )
  if (!planned.ok) throw validationFailed(planned.errors.map((e): ErrorDetail => ({ path: e.path.replace(/^stacks\.0\./, ''), message: e.message })))
  const plan = planned.plan

  const driver = await ctx.db.selectFrom('network_drivers').selectAll().where('stack_id', '=', stackId).executeTakeFirst()
  const network = driver ? ((await ctx.db.selectFrom('networks').selectAll().where('network_driver_id', '=', driver.id).executeTakeFirst()) ?? null) : null
  const subnets = network ? await ctx.db.selectFrom('subnets').selectAll().where('network_id', '=', network.id).orderBy('subnet_index').execute() : []
  if (driver && !plan.driver) {
    throw validationFailed([{ path: 'dockerCompose', message: `the compose no longer declares the network driver ${JSON.stringify(driver.name)}; removing a driver is removing its stack` }])
  }
  if (!driver && plan.driver) {
    throw validationFailed([{ path: 'dockerCompose', message: 'adding a network driver to a running environment is not supported; create an environment from a template with this driver' }])
  }
  const spec = plan.driver?.network ?? null

  const preview: StackUpgradePreview = { stackId, revision: stack.revision, refused: null, networkChanges: [], hosts: [], containers: [] }
  if (network && spec) {
    const refuse = (message: string) => {
      preview.refused ??= { code: 'READDRESS_REFUSED', message: `${message} ${ALTERNATIVE}` }
    }
    const allocations = await ctx.db.selectFrom('ip_addresses').select(['address_num', 'subnet_id']).where('network_id', '=', network.id).execute()
    const inUse = await ctx.db.selectFrom('containers').select('id').where('network_id', '=', network.id).where('state', '!=', 'removed').limit(1).execute()
    if (spec.networkName !== network.name && inUse.length > 0) refuse(`Renaming network ${network.name} to ${spec.networkName} would break the containers using it.`)
    if (spec.subnets.length !== subnets.length) refuse(`The network has ${subnets.length} subnet(s); the new compose declares ${spec.subnets.length}.`)
    spec.subnets.forEach((s, i) => {
      const old = subnets[i]
      if (!old) return
      const oldCidr = `${old.network_address}/${old.cidr_size}`
      const used = allocations.filter((a) => a.subnet_id === old.id)
      if (s.cidr !== oldCidr) {
        if (used.length > 0) refuse(`Subnet ${oldCidr} has ${used.length} allocated address(es); changing it to ${s.cidr} would re-address them.`)
        preview.networkChanges.push({ field: `subnets.${i}`, from: oldCidr, to: s.cidr })
        return
      }
      if (s.gateway !== old.gateway) {
        if (used.length > 0) refuse(`The gateway ${old.gateway} is the bridge address of every host; it cannot change while ${used.length} address(es) are allocated.`)
        preview.networkChanges.push({ field: `subnets.${i}.gateway`, from: old.gateway, to: s.gateway })
      }
      if (s.startAddress !== old.start_address || s.endAddress !== old.end_address) {
        const start = parseIpv4(s.startAddress) ?? 0
        const end = parseIpv4(s.endAddress) ?? 0
        const outside = used.filter((a) => Number(a.address_num) < start || Number(a.address_num) > end)
        if (outside.length > 0) refuse(`The range ${s.startAddress}–${s.endAddress} would exclude ${outside.length} allocated address(es).`)
        preview.networkChanges.push({ field: `subnets.${i}.range`, from: `${old.start_address}–${old.end_address}`, to: `${s.startAddress}–${s.endAddress}` })
      }
    })
    const oldDns = fromJson<string[]>(network.dns_json, [])
    const oldSearch = fromJson<string[]>(network.dns_search_json, [])
    const before = {
      mtu: network.mtu,
      linkMtuOverhead: network.link_mtu_overhead,
      effectiveMtu: effectiveMtu(network.mtu, network.link_mtu_overhead),
      dns: oldDns,
      dnsSearch: oldSearch,
      hostPorts: network.host_ports === 1,
    }
    const after = { mtu: spec.mtu, linkMtuOverhead: spec.linkMtuOverhead, effectiveMtu: effectiveMtu(spec.mtu, spec.linkMtuOverhead), dns: spec.dns, dnsSearch: spec.dnsSearch, hostPorts: spec.hostPorts }
    for (const field of Object.keys(before) as (keyof typeof before)[]) {
      if (show(before[field]) !== show(after[field])) preview.networkChanges.push({ field, from: show(before[field]), to: show(after[field]) })
    }

    const oldCni = fromJson<Record<string, Record<string, unknown>>>(network.cni_config_json, {})
    const hosts = await ctx.db.selectFrom('hosts').select(['id', 'name', 'labels_json']).where('environment_id', '=', environmentId).where('state', '!=', 'removed').orderBy('id').execute()
    for (const h of hosts) {
      const labels = fromJson<Record<string, string>>(h.labels_json, {})
      const b = renderCniFiles(oldCni, labels)
      const a = renderCniFiles(spec.cniConfig, labels)
      const names = [...new Set([...b.map((f) => f.name), ...a.map((f) => f.name)])].sort()
      preview.hosts.push({
        hostId: h.id,
        hostName: h.name,
        files: names.map((name) => {
          const bf = b.find((f) => f.name === name)?.content ?? null
          const af = a.find((f) => f.name === name)?.content ?? null
          return { name, before: bf, after: af, changed: bf !== af }
        }),
      })
    }

    const containers = await ctx.db
      .selectFrom('containers as c')
      .leftJoin('hosts as h', 'h.id', 'c.host_id')
      .innerJoin('ip_addresses as ip', 'ip.container_id', 'c.id')
      .select(['c.id', 'c.name', 'c.labels_json', 'c.dns_json', 'c.dns_search_json', 'h.name as host_name'])
      .where('c.network_id', '=', network.id)
      .where('c.state', '!=', 'removed')
      .orderBy('c.id')
      .execute()
    for (const c of containers) {
      const labels = fromJson<Record<string, string>>(c.labels_json, {})
      const label = labels[MTU_OVERHEAD_LABEL]
      const ownOverhead = label !== undefined && /^\d+$/.test(label) ? Number(label) : null
      const mtuBefore = effectiveMtu(network.mtu, ownOverhead ?? network.link_mtu_overhead)
      const mtuAfter = effectiveMtu(spec.mtu, ownOverhead ?? spec.linkMtuOverhead)
      const dnsBefore = fromJson<string[]>(c.dns_json, [])
      const searchBefore = fromJson<string[]>(c.dns_search_json, [])
      const changes = []
      if (mtuBefore !== mtuAfter) changes.push({ field: 'mtu', from: show(mtuBefore), to: show(mtuAfter) })
      const dnsAfter = swapNetworkEntries(dnsBefore, oldDns, spec.dns)
      const searchAfter = swapNetworkEntries(searchBefore, oldSearch, spec.dnsSearch)
      if (show(dnsBefore) !== show(dnsAfter)) changes.push({ field: 'dns', from: show(dnsBefore), to: show(dnsAfter) })
      if (show(searchBefore) !== show(searchAfter)) changes.push({ field: 'dnsSearch', from: show(searchBefore), to: show(searchAfter) })
      if (changes.length > 0) preview.containers.push({ id: c.id, name: c.name, hostName: c.host_name ?? null, changes })
    }
  }
  return { stack, plan, network, subnets, spec, preview }
}

/** A container's DNS list with the network's old entries replaced by the new ones (its own entries kept). */
function swapNetworkEntries(current: string[], oldNetwork: string[], newNetwork: string[]): string[] {
  const own = current.filter((d) => !oldNetwork.includes(d))
  return [...own, ...newNetwork.filter((d) => !own.includes(d))]
}

/** What the upgrade would change (never writes). */
export async function previewUpgrade(ctx: AppContext, environmentId: string, stackId: string, input: UpgradeStack): Promise<StackUpgradePreview> {
  return (await compute(ctx, environmentId, stackId, input)).preview
}

/**
 * Applies the upgrade: the stack's compose and answers, its services, and — for the driver
 * stack — the driver, its network, subnet ranges and the DNS of the containers on it, in one
 * transaction. 409 REVISION_MISMATCH on a stale If-Match, 409 READDRESS_REFUSED when live
 * addresses would move.
 */
export async function applyUpgrade(ctx: AppContext, environmentId: string, stackId: string, input: UpgradeStack, ifMatch: number | null): Promise<void> {
  const c = await compute(ctx, environmentId, stackId, input)
  checkRevision(ifMatch, c.stack.revision, `stack ${c.stack.name}`)
  if (c.preview.refused) throw new AppError('READDRESS_REFUSED', c.preview.refused.message, { preview: c.preview })

  await inTransaction(ctx.db, ctx.bus, async (tx) => {
    const now = nowIso()
    const current = await tx.db.selectFrom('stacks').select('revision').where('id', '=', stackId).executeTakeFirstOrThrow()
    // someone else upgraded between the preview and this transaction
    checkRevision(c.stack.revision, current.revision, `stack ${c.stack.name}`)
    const revision = current.revision + 1
    await tx.db
      .updateTable('stacks')
      .set({
        version: c.plan.version,
        external_id: c.plan.externalId,
        docker_compose: c.plan.dockerCompose,
        rancher_compose: c.plan.rancherCompose,
        answers_json: toJson(c.plan.answers),
        revision,
        updated_at: now,
      })
      .where('id', '=', stackId)
      .execute()
    tx.emit('stack', 'updated', stackId, environmentId, revision)
    await recordStackChanged(tx, environmentId, stackId, { action: 'upgraded', fromVersion: c.stack.version })

    const services = await tx.db.selectFrom('services').select(['id', 'name', 'revision']).where('stack_id', '=', stackId).execute()
    for (const svc of c.plan.services) {
      const row = services.find((s) => s.name === svc.name)
      if (!row) continue // new services start with the next host; none of the built-in upgrades add one
      await tx.db
        .updateTable('services')
        .set({ launch_config_json: toJson(svc), global: bit(svc.global), scale: svc.scale, revision: row.revision + 1, updated_at: now })
        .where('id', '=', row.id)
        .execute()
      tx.emit('service', 'updated', row.id, environmentId, row.revision + 1)
    }

    if (!c.network || !c.spec || !c.plan.driver) return
    const spec = c.spec
    const driver = await tx.db.selectFrom('network_drivers').select(['id', 'revision']).where('stack_id', '=', stackId).executeTakeFirstOrThrow()
    await tx.db
      .updateTable('network_drivers')
      .set({
        name: c.plan.driver.name,
        description: c.plan.driver.description,
        default_network_json: c.plan.driver.block.default_network ? toJson(c.plan.driver.block.default_network) : null,
        cni_config_json: toJson(c.plan.driver.block.cni_config ?? {}),
        network_metadata_json: toJson(c.plan.driver.block.network_metadata ?? {}),
        revision: driver.revision + 1,
        updated_at: now,
      })
      .where('id', '=', driver.id)
      .execute()
    tx.emit('networkDriver', 'updated', driver.id, environmentId, driver.revision + 1)

    await tx.db
      .updateTable('networks')
      .set({
        name: spec.networkName,
        dns_json: toJson(spec.dns),
        dns_search_json: toJson(spec.dnsSearch),
        host_ports: bit(spec.hostPorts),
        mtu: spec.mtu,
        link_mtu_overhead: spec.linkMtuOverhead,
        metadata_json: toJson(spec.metadata),
        cni_config_json: toJson(spec.cniConfig),
        revision: c.network.revision + 1,
        updated_at: now,
      })
      .where('id', '=', c.network.id)
      .execute()
    tx.emit('network', 'updated', c.network.id, environmentId, c.network.revision + 1)

    for (const [i, s] of spec.subnets.entries()) {
      const old = c.subnets[i]
      if (!old) continue
      const start = parseIpv4(s.startAddress) ?? 0
      await tx.db
        .updateTable('subnets')
        .set({
          network_address: s.networkAddress,
          cidr_size: s.cidrSize,
          gateway: s.gateway,
          start_address: s.startAddress,
          end_address: s.endAddress,
          start_num: start,
          end_num: parseIpv4(s.endAddress) ?? 0,
        })
        .where('id', '=', old.id)
        .execute()
    }

    const oldDns = fromJson<string[]>(c.network.dns_json, [])
    const oldSearch = fromJson<string[]>(c.network.dns_search_json, [])
    for (const change of c.preview.containers) {
      const row = await tx.db.selectFrom('containers').select(['dns_json', 'dns_search_json', 'revision']).where('id', '=', change.id).executeTakeFirst()
      if (!row) continue
      const dns = swapNetworkEntries(fromJson(row.dns_json, []), oldDns, spec.dns)
      const dnsSearch = swapNetworkEntries(fromJson(row.dns_search_json, []), oldSearch, spec.dnsSearch)
      if (toJson(dns) === row.dns_json && toJson(dnsSearch) === row.dns_search_json) continue
      await tx.db
        .updateTable('containers')
        .set({ dns_json: toJson(dns), dns_search_json: toJson(dnsSearch), revision: row.revision + 1, updated_at: now })
        .where('id', '=', change.id)
        .execute()
      tx.emit('container', 'updated', change.id, environmentId, row.revision + 1)
    }
  })
}
