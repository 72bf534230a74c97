import { EnvParams, EnvResourceParams, listOf } from '../../../core/api/common.ts'
import { ApiErrorBody } from '../../../core/api/errors.ts'
import { CreateLabHost, Host } from '../../../core/api/hosts.ts'
import type { AppContext } from '../../context.ts'
import { AppError } from '../../errors.ts'
import type { ZodApp } from '../../http/zod-app.ts'
import { requireEnvironment } from '../environments/environments.service.ts'
import { getHost, listHosts } from './hosts.service.ts'

export function hostRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/environments/:envId/hosts',
    { schema: { tags: ['hosts'], summary: 'Hosts with agent IP, state and infrastructure containers', params: EnvParams, response: { 200: listOf(Host) } }, config: { permission: 'environment:read' } },
    async (req) => {
      await requireEnvironment(ctx, req.params.envId)
      return { items: await listHosts(ctx, req.params.envId), nextCursor: null }
    },
  )
  app.post(
    '/environments/:envId/hosts',
    {
      schema: {
        tags: ['hosts'],
        summary: 'Add a lab host: a simulated agent that registers through the agent API',
        params: EnvParams,
        body: CreateLabHost,
        response: { 201: Host, 400: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody },
      },
      config: { permission: 'host:write' },
    },
    async (req, reply) => {
      await requireEnvironment(ctx, req.params.envId)
      if (!ctx.lab) throw new AppError('UNAVAILABLE', 'lab agents are not running in this server')
      const { hostId } = await ctx.lab.addHost(req.params.envId, req.body ?? {})
      return reply.status(201).send(await getHost(ctx, req.params.envId, hostId))
    },
  )
  app.get(
    '/environments/:envId/hosts/:id',
    { schema: { tags: ['hosts'], summary: 'One host', params: EnvResourceParams, response: { 200: Host } }, config: { permission: 'environment:read' } },
    async (req) => getHost(ctx, req.params.envId, req.params.id),
  )
}
