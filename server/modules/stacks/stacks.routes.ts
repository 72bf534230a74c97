import { EnvParams, EnvResourceParams, ForceQuery, listOf } from '../../../core/api/common.ts'
import { CreateStack, DriftReport, Stack, StackUpgradePreview, UpgradeStack } from '../../../core/api/stacks.ts'
import { ApiErrorBody } from '../../../core/api/errors.ts'
import { ifMatchRevision } from '../../http/if-match.ts'
import { applyUpgrade, previewUpgrade } from './stack-upgrade.service.ts'
import type { AppContext } from '../../context.ts'
import type { ZodApp } from '../../http/zod-app.ts'
import { requireEnvironment } from '../environments/environments.service.ts'
import { getStack, listStacks } from './stacks.service.ts'
import { addStack } from './stack-add.service.ts'
import { removeStack } from './stack-remove.service.ts'
import { environmentDrift } from './drift.service.ts'

export function stackRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/environments/:envId/stacks',
    { schema: { tags: ['stacks'], summary: 'Stacks with their services', params: EnvParams, response: { 200: listOf(Stack) } }, config: { permission: 'infrastructure:read' } },
    async (req) => {
      await requireEnvironment(ctx, req.params.envId)
      return { items: await listStacks(ctx, req.params.envId), nextCursor: null }
    },
  )
  app.post(
    '/environments/:envId/stacks',
    {
      schema: {
        tags: ['stacks'],
        summary: 'Add an infrastructure stack from the catalog; a network driver stack creates the driver, its network and the default network (one driver per environment)',
        params: EnvParams,
        body: CreateStack,
        response: { 201: Stack, 400: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody },
      },
      config: { permission: 'infrastructure:write' },
    },
    async (req, reply) => {
      const id = await addStack(ctx, req.params.envId, req.body)
      return reply.status(201).send(await getStack(ctx, req.params.envId, id))
    },
  )
  app.delete(
    '/environments/:envId/stacks/:id',
    {
      schema: {
        tags: ['stacks'],
        summary:
          'Remove a stack (If-Match: revision). The network driver stack is refused with 409 DRIVER_IN_USE while containers use its network, unless ?force=true; answers the removed stack, its stateReason saying what broke',
        params: EnvResourceParams,
        querystring: ForceQuery,
        response: { 200: Stack, 400: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody },
      },
      config: { permission: 'infrastructure:write' },
    },
    async (req) => {
      await removeStack(ctx, req.params.envId, req.params.id, { force: req.query.force === 'true', ifMatch: ifMatchRevision(req.headers['if-match']) })
      return getStack(ctx, req.params.envId, req.params.id)
    },
  )
  app.get(
    '/environments/:envId/drift',
    {
      schema: {
        tags: ['stacks'],
        summary: 'Running infrastructure stacks against the template the environment was created from (versions, answers, compose)',
        params: EnvParams,
        response: { 200: DriftReport, 404: ApiErrorBody },
      },
      config: { permission: 'infrastructure:read' },
    },
    async (req) => environmentDrift(ctx, req.params.envId),
  )
  app.get(
    '/environments/:envId/stacks/:id',
    { schema: { tags: ['stacks'], summary: 'One stack', params: EnvResourceParams, response: { 200: Stack } }, config: { permission: 'infrastructure:read' } },
    async (req) => getStack(ctx, req.params.envId, req.params.id),
  )
  app.post(
    '/environments/:envId/stacks/:id/upgrade-preview',
    {
      schema: {
        tags: ['stacks'],
        summary: 'What an upgrade (new compose and/or answers) would change: network, per-host CNI files, containers; writes nothing',
        params: EnvResourceParams,
        body: UpgradeStack,
        response: { 200: StackUpgradePreview, 400: ApiErrorBody, 404: ApiErrorBody },
      },
      config: { permission: 'infrastructure:read' },
    },
    async (req) => previewUpgrade(ctx, req.params.envId, req.params.id, req.body),
  )
  app.patch(
    '/environments/:envId/stacks/:id',
    {
      schema: {
        tags: ['stacks'],
        summary: 'Upgrade a stack: new compose and/or answers (If-Match: revision); the driver and its network follow, live addresses never move',
        params: EnvResourceParams,
        body: UpgradeStack,
        response: { 200: Stack, 400: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody },
      },
      config: { permission: 'infrastructure:write' },
    },
    async (req) => {
      await applyUpgrade(ctx, req.params.envId, req.params.id, req.body, ifMatchRevision(req.headers['if-match']))
      return getStack(ctx, req.params.envId, req.params.id)
    },
  )
}
