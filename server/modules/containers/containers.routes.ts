import { EnvResourceParams, EnvParams, listOf } from '../../../core/api/common.ts'
import { Container, ContainerCreate, ContainerListQuery } from '../../../core/api/containers.ts'
import { ApiErrorBody } from '../../../core/api/errors.ts'
import type { AppContext } from '../../context.ts'
import { ifMatchRevision } from '../../http/if-match.ts'
import type { ZodApp } from '../../http/zod-app.ts'
import { requireEnvironment } from '../environments/environments.service.ts'
import { launchContainer, removeContainer, setDesiredState } from './containers-write.service.ts'
import { getContainer, listContainers } from './containers.service.ts'

const writeErrors = { 400: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody }

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
  app.post(
    '/environments/:envId/containers',
    {
      schema: {
        tags: ['containers'],
        summary: 'Launch a container: the scheduler picks an active host when hostId is empty; managed modes get a managed IP',
        params: EnvParams,
        body: ContainerCreate,
        response: { 201: Container, ...writeErrors, 422: ApiErrorBody },
      },
      config: { permission: 'environment:write' },
    },
    async (req, reply) => {
      await requireEnvironment(ctx, req.params.envId)
      return reply.status(201).send(await launchContainer(ctx, req.params.envId, req.body))
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
  app.post(
    '/environments/:envId/containers/:id/stop',
    {
      schema: { tags: ['containers'], summary: 'Stop a container (If-Match: revision); it keeps its managed IP', params: EnvResourceParams, response: { 200: Container, ...writeErrors } },
      config: { permission: 'environment:write' },
    },
    async (req) => setDesiredState(ctx, req.params.envId, req.params.id, 'stopped', ifMatchRevision(req.headers['if-match'])),
  )
  app.post(
    '/environments/:envId/containers/:id/start',
    {
      schema: { tags: ['containers'], summary: 'Start a stopped container (If-Match: revision)', params: EnvResourceParams, response: { 200: Container, ...writeErrors } },
      config: { permission: 'environment:write' },
    },
    async (req) => setDesiredState(ctx, req.params.envId, req.params.id, 'running', ifMatchRevision(req.headers['if-match'])),
  )
  app.delete(
    '/environments/:envId/containers/:id',
    {
      schema: {
        tags: ['containers'],
        summary: 'Remove a container (If-Match: revision): answers it in state removed; its managed IP is released at once',
        params: EnvResourceParams,
        response: { 200: Container, ...writeErrors },
      },
      config: { permission: 'environment:write' },
    },
    async (req) => removeContainer(ctx, req.params.envId, req.params.id, ifMatchRevision(req.headers['if-match'])),
  )
}
