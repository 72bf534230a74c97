import { z } from 'zod'
import { IdParams, ListQuery, listOf } from '../../../core/api/common.ts'
import { CreateEnvironment, Environment, UpdateEnvironment } from '../../../core/api/environments.ts'
import { ApiErrorBody } from '../../../core/api/errors.ts'
import type { AppContext } from '../../context.ts'
import { ifMatchRevision } from '../../http/if-match.ts'
import type { ZodApp } from '../../http/zod-app.ts'
import { roleIn, type Actor } from '../../auth/policy.ts'
import { createEnvironment, deleteEnvironment, getEnvironment, listEnvironments, updateEnvironment } from './environments.service.ts'

/** The environments a caller may list: undefined for an admin (all), else its memberships (or its key's one). */
export function visibleEnvironments(actor: Actor | null): string[] | undefined {
  if (actor?.kind !== 'user') return []
  if (actor.keyEnvironmentId !== null) return roleIn(actor, actor.keyEnvironmentId) ? [actor.keyEnvironmentId] : []
  if (actor.admin) return undefined
  return [...actor.roles.keys()]
}

const EnvIdParams = z.object({ envId: IdParams.shape.id })
const errors = { 400: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody, 422: ApiErrorBody }

export function environmentRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/environments',
    { schema: { tags: ['environments'], summary: 'Environments', querystring: ListQuery, response: { 200: listOf(Environment), 400: ApiErrorBody } }, config: { permission: 'environment:read' } },
    async (req) => listEnvironments(ctx, req.query, visibleEnvironments(req.actor)),
  )
  app.post(
    '/environments',
    {
      schema: { tags: ['environments'], summary: 'Create an environment from an environment template', body: CreateEnvironment, response: { 201: Environment, ...errors } },
      config: { permission: 'environment:write' },
    },
    async (req, reply) => reply.status(201).send(await createEnvironment(ctx, req.body, req.actor?.kind === 'user' ? req.actor.id : undefined)),
  )
  app.get(
    '/environments/:envId',
    { schema: { tags: ['environments'], summary: 'One environment', params: EnvIdParams, response: { 200: Environment, 404: ApiErrorBody } }, config: { permission: 'environment:read' } },
    async (req) => getEnvironment(ctx, req.params.envId),
  )
  app.patch(
    '/environments/:envId',
    {
      schema: { tags: ['environments'], summary: 'Rename or describe an environment (If-Match: revision)', params: EnvIdParams, body: UpdateEnvironment, response: { 200: Environment, ...errors } },
      config: { permission: 'environment:owner' },
    },
    async (req) => updateEnvironment(ctx, req.params.envId, req.body, ifMatchRevision(req.headers['if-match'])),
  )
  app.delete(
    '/environments/:envId',
    { schema: { tags: ['environments'], summary: 'Delete an environment and everything in it', params: EnvIdParams, response: { 204: z.null(), ...errors } }, config: { permission: 'environment:owner' } },
    async (req, reply) => {
      await deleteEnvironment(ctx, req.params.envId, ifMatchRevision(req.headers['if-match']))
      return reply.status(204).send(null)
    },
  )
}
