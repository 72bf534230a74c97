import { z } from 'zod'
import { EnvParams, listOf } from '../../../core/api/common.ts'
import { ApiErrorBody } from '../../../core/api/errors.ts'
import { LabFault, LabFaultParams, LabFaultSpec } from '../../../core/api/lab.ts'
import type { AppContext, LabControl } from '../../context.ts'
import { AppError } from '../../errors.ts'
import type { ZodApp } from '../../http/zod-app.ts'
import { requireEnvironment } from '../environments/environments.service.ts'

function lab(ctx: AppContext): LabControl {
  if (!ctx.lab) throw new AppError('UNAVAILABLE', 'lab agents are not running in this server')
  return ctx.lab
}

/**
 * Lab faults: lab only. A fault changes only what a simulated host's agent reports (or
 * registers with); diagnostics see it exactly as they would see a real host's problem.
 * Faults are kept in the server's memory and clear when it restarts.
 */
export function labRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/environments/:envId/lab/faults',
    {
      schema: { tags: ['lab'], summary: 'Lab only (simulated hosts): the faults injected into lab agents', params: EnvParams, response: { 200: listOf(LabFault), 404: ApiErrorBody } },
      config: { permission: 'environment:read' },
    },
    async (req) => {
      await requireEnvironment(ctx, req.params.envId)
      return { items: ctx.lab ? ctx.lab.listFaults(req.params.envId) : [], nextCursor: null }
    },
  )
  app.post(
    '/environments/:envId/lab/faults',
    {
      schema: {
        tags: ['lab'],
        summary: 'Lab only (simulated hosts): inject a fault into lab agents (router stopped, UDP blocked one way, wrong agent IP, MTU, slow metadata, LAN overlap, disconnect)',
        params: EnvParams,
        body: LabFaultSpec,
        response: { 201: LabFault, 400: ApiErrorBody, 404: ApiErrorBody, 422: ApiErrorBody },
      },
      config: { permission: 'host:write' },
    },
    async (req, reply) => {
      await requireEnvironment(ctx, req.params.envId)
      const fault = await lab(ctx).addFault(req.params.envId, req.body)
      return reply.status(201).send(fault)
    },
  )
  app.delete(
    '/environments/:envId/lab/faults/:id',
    {
      schema: {
        tags: ['lab'],
        summary: 'Lab only (simulated hosts): clear a fault; the agents report their own facts again',
        params: LabFaultParams,
        response: { 204: z.null(), 404: ApiErrorBody },
      },
      config: { permission: 'host:write' },
    },
    async (req, reply) => {
      await requireEnvironment(ctx, req.params.envId)
      await lab(ctx).clearFault(req.params.envId, req.params.id)
      return reply.status(204).send(null)
    },
  )
}
