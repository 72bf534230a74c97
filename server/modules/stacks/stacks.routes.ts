import { EnvParams, EnvResourceParams, listOf } from '../../../core/api/common.ts'
import { Stack, StackUpgradePreview, UpgradeStack } from '../../../core/api/stacks.ts'
import { ApiErrorBody } from '../../../core/api/errors.ts'
import { ifMatchRevision } from '../../http/if-match.ts'
import { applyUpgrade, previewUpgrade } from './stack-upgrade.service.ts'
import type { AppContext } from '../../context.ts'
import type { ZodApp } from '../../http/zod-app.ts'
import { requireEnvironment } from '../environments/environments.service.ts'
import { getStack, listStacks } from './stacks.service.ts'

export function stackRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/environments/:envId/stacks',
    { schema: { tags: ['stacks'], summary: 'Stacks with their services', params: EnvParams, response: { 200: listOf(Stack) } }, config: { permission: 'infrastructure:read' } },
    async (req) => {
      await requireEnvironment(ctx, req.params.envId)
      return { items: await listStacks(ctx, req.params.envId), nextCursor: null }
    },
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
