import { EnvResourceParams, EnvParams, listOf } from '../../../core/api/common.ts'
import { Container, ContainerListQuery } from '../../../core/api/containers.ts'
import type { AppContext } from '../../context.ts'
import type { ZodApp } from '../../http/zod-app.ts'
import { requireEnvironment } from '../environments/environments.service.ts'
import { getContainer, listContainers } from './containers.service.ts'

export function containerRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/environments/:envId/containers',
    {
      schema: {
        tags: ['containers'],
        summary: 'Containers with network mode, Docker bridge IP and managed IP',
        params: EnvParams,
        querystring: ContainerListQuery,
        response: { 200: listOf(Container) },
      },
      config: { permission: 'environment:read' },
    },
    async (req) => {
      await requireEnvironment(ctx, req.params.envId)
      return listContainers(ctx, req.params.envId, req.query)
    },
  )
  app.get(
    '/environments/:envId/containers/:id',
    {
      schema: { tags: ['containers'], summary: 'One container', params: EnvResourceParams, response: { 200: Container } },
      config: { permission: 'environment:read' },
    },
    async (req) => getContainer(ctx, req.params.envId, req.params.id),
  )
}
