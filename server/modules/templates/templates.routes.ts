import { IdParams, listOf } from '../../../core/api/common.ts'
import { EnvironmentTemplate } from '../../../core/api/templates.ts'
import type { AppContext } from '../../context.ts'
import type { ZodApp } from '../../http/zod-app.ts'
import { getTemplate, listTemplates } from './templates.service.ts'

export function templateRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/templates',
    { schema: { tags: ['templates'], summary: 'Environment templates', response: { 200: listOf(EnvironmentTemplate) } }, config: { permission: 'template:read' } },
    async () => ({ items: await listTemplates(ctx), nextCursor: null }),
  )
  app.get(
    '/templates/:id',
    {
      schema: { tags: ['templates'], summary: 'One environment template', params: IdParams, response: { 200: EnvironmentTemplate } },
      config: { permission: 'template:read' },
    },
    async (req) => getTemplate(ctx, req.params.id),
  )
}
