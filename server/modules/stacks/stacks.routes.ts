import { EnvParams, EnvResourceParams, listOf } from '../../../core/api/common.ts'
import { Stack } from '../../../core/api/stacks.ts'
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
}
