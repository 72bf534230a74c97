/**
 * Launching, stopping, starting and removing containers from the API. Each call is one
 * transaction: a launch that fails at any step (a taken port, an exhausted subnet) leaves no
 * container and no allocation behind. On PostgreSQL launches of one environment run one at
 * a time (the environment row is locked first), so two requests cannot both take the last
 * name, port or address; on SQLite the single write connection already serialises them.
 */
import type { z } from 'zod'
import type { Container, ContainerCreate, DESIRED_STATES } from '../../../core/api/containers.ts'
import type { AppContext } from '../../context.ts'
import { bool, fromJson } from '../../db/json.ts'
import { inTransaction, type Tx } from '../../db/tx.ts'
import { AppError, notFound, referenceNotFound, validationFailed } from '../../errors.ts'
import { checkRevision } from '../../http/if-match.ts'
import { nowIso } from '../../ids.ts'
import { releaseContainerAddresses } from '../ipam/ipam.service.ts'
import { leastLoadedActiveHost } from './container-scheduler.ts'
import { createContainerTx, getContainer, resolveModeTx } from './containers.service.ts'
import { labelProblems, portProblems } from './launch-rules.ts'
import { describePort, firstConflict, publishedPorts, type PortOwner } from './ports.ts'

export type LaunchRequest = z.output<typeof ContainerCreate>

export async function launchContainer(ctx: AppContext, environmentId: string, input: LaunchRequest): Promise<Container> {
  const labelErrors = labelProblems(input.labels)
  if (labelErrors.length > 0) throw validationFailed(labelErrors)

  const id = await inTransaction(ctx.db, ctx.bus, async (tx) => {
    await lockEnvironment(tx, ctx, environmentId)
    const taken = await tx.db
      .selectFrom('containers')
      .select('id')
      .where('environment_id', '=', environmentId)
      .where('name', '=', input.name)
      .where('state', '!=', 'removed')
      .executeTakeFirst()
    if (taken) {
      throw new AppError('NAME_TAKEN', `a container named ${JSON.stringify(input.name)} already exists in this environment`, [
        { path: 'name', message: `${JSON.stringify(input.name)} is taken by another container of this environment` },
      ])
    }

    const { resolved, network } = await resolveModeTx(tx, environmentId, input.networkMode, input.native, input.labels)
    const owner: PortOwner = { networkKind: resolved.network.kind, hostPorts: bool(network.host_ports), system: false, labels: input.labels }
    const selfErrors = portProblems(input.ports, owner)
    if (selfErrors.length > 0) throw validationFailed(selfErrors)

    let networkContainerId: string | null = null
    let hostId: string | null
    if (resolved.containerName !== null) {
      const target = await networkTarget(tx, environmentId, input.networkMode, resolved.containerName)
      networkContainerId = target.id
      if (input.hostId && input.hostId !== target.host_id) {
        throw validationFailed([
          {
            path: 'hostId',
            message: `network mode ${input.networkMode} shares the network namespace of ${target.name}, which runs on another host; a shared namespace needs the same host (leave hostId empty)`,
          },
        ])
      }
      hostId = target.host_id
    } else if (input.hostId) {
      const host = await tx.db
        .selectFrom('hosts')
        .select('id')
        .where('id', '=', input.hostId)
        .where('environment_id', '=', environmentId)
        .where('state', '!=', 'removed')
        .executeTakeFirst()
      if (!host) throw referenceNotFound('hostId', 'host', input.hostId)
      hostId = host.id
    } else {
      hostId = await leastLoadedActiveHost(tx, environmentId)
      if (!hostId) throw new AppError('NO_ACTIVE_HOST', 'no host of this environment is active to run the container; add a host or wait for one to connect')
    }

    if (hostId) await checkPortsFree(tx, hostId, publishedPorts(input.ports, owner))

    return createContainerTx(tx, ctx, environmentId, {
      name: input.name,
      image: input.image,
      hostId,
      networkMode: input.networkMode,
      labels: input.labels,
      ports: input.ports,
      native: input.native,
      networkContainerId,
    })
  })
  return getContainer(ctx, environmentId, id)
}

async function lockEnvironment(tx: Tx, ctx: AppContext, environmentId: string): Promise<void> {
  let q = tx.db.selectFrom('environments').select('id').where('id', '=', environmentId)
  if (ctx.dialect === 'postgres') q = q.forUpdate()
  if (!(await q.executeTakeFirst())) throw notFound('environment', environmentId)
}

/** The live container `container:<name>` names; 422 naming it when there is none. */
async function networkTarget(tx: Tx, environmentId: string, mode: string, name: string) {
  const target = await tx.db
    .selectFrom('containers')
    .select(['id', 'name', 'host_id'])
    .where('environment_id', '=', environmentId)
    .where('name', '=', name)
    .where('state', '!=', 'removed')
    .executeTakeFirst()
  if (!target) {
    const message = `network mode ${JSON.stringify(mode)}: no container named ${JSON.stringify(name)} in this environment`
    throw new AppError('NETWORK_NOT_FOUND', message, [{ path: 'networkMode', message }])
  }
  return target
}

/** 409 PORT_IN_USE naming the port and the container on the host that already publishes it. */
async function checkPortsFree(tx: Tx, hostId: string, wanted: ReturnType<typeof publishedPorts>): Promise<void> {
  if (wanted.length === 0) return
  const rows = await tx.db
    .selectFrom('containers as c')
    .leftJoin('networks as n', 'n.id', 'c.network_id')
    .select(['c.name', 'c.ports_json', 'c.labels_json', 'c.system', 'n.kind', 'n.host_ports'])
    .where('c.host_id', '=', hostId)
    .where('c.state', '!=', 'removed')
    .where((eb) => eb.or([eb('c.ports_json', '!=', '[]'), eb('n.kind', '=', 'dockerHost')]))
    .execute()
  const holders = rows.map((r) => ({
    name: r.name,
    ports: publishedPorts(fromJson(r.ports_json, []), { networkKind: r.kind ?? null, hostPorts: bool(r.host_ports), system: bool(r.system), labels: fromJson(r.labels_json, {}) }),
  }))
  const conflict = firstConflict(wanted, holders)
  if (conflict) {
    const host = await tx.db.selectFrom('hosts').select('name').where('id', '=', hostId).executeTakeFirst()
    const port = describePort(conflict.wanted)
    const message = `port ${port} is already published on host ${host?.name ?? hostId} by container ${conflict.holder} (${describePort(conflict.held)})`
    throw new AppError('PORT_IN_USE', message, [{ path: `ports.${conflict.wanted.index}.publicPort`, message }])
  }
}

type Desired = (typeof DESIRED_STATES)[number]

/** The container as a write sees it; 404 for a removed one, 409 for a stale If-Match. */
async function liveContainer(tx: Tx, environmentId: string, id: string, ifMatch: number | null) {
  const row = await tx.db
    .selectFrom('containers')
    .select(['id', 'name', 'state', 'desired_state', 'revision'])
    .where('environment_id', '=', environmentId)
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row || row.state === 'removed') throw notFound('container', id)
  checkRevision(ifMatch, row.revision, `container ${row.name}`)
  return row
}

/**
 * Stop or start: records what the operator wants; `state` follows when the host agent
 * reports it. Asking for what is already wanted changes nothing. A stopped container keeps
 * its managed IP, as in Rancher.
 */
export async function setDesiredState(ctx: AppContext, environmentId: string, id: string, desired: Exclude<Desired, 'removed'>, ifMatch: number | null): Promise<Container> {
  await inTransaction(ctx.db, ctx.bus, async (tx) => {
    const row = await liveContainer(tx, environmentId, id, ifMatch)
    if (row.desired_state === desired) return
    const revision = row.revision + 1
    await tx.db.updateTable('containers').set({ desired_state: desired, revision, updated_at: nowIso() }).where('id', '=', id).execute()
    tx.emit('container', 'updated', id, environmentId, revision)
  })
  return getContainer(ctx, environmentId, id)
}

/**
 * Removes a container at once and releases its managed IP in the same transaction (on
 * removal, not on purge). Its host agent stops it when it next fetches the desired state and
 * confirms with a `removed` fact. Containers sharing its netns stay; they show network-failed.
 */
export async function removeContainer(ctx: AppContext, environmentId: string, id: string, ifMatch: number | null): Promise<Container> {
  await inTransaction(ctx.db, ctx.bus, async (tx) => {
    const row = await liveContainer(tx, environmentId, id, ifMatch)
    await releaseContainerAddresses(tx, id)
    const revision = row.revision + 1
    await tx.db.updateTable('containers').set({ state: 'removed', desired_state: 'removed', revision, updated_at: nowIso() }).where('id', '=', id).execute()
    tx.emit('container', 'deleted', id, environmentId, revision)
  })
  return getContainer(ctx, environmentId, id)
}
