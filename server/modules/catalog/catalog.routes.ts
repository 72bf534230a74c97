import { CatalogTemplate } from '../../../core/api/catalog.ts'
import { IdParams, listOf } from '../../../core/api/common.ts'
import type { AppContext } from '../../context.ts'
import type { ZodApp } from '../../http/zod-app.ts'
import { getCatalogTemplate, listCatalog } from './catalog.service.ts'

export function catalogRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/catalog',
    {
      schema: { tags: ['catalog'], summary: 'Catalog templates with versions, questions and compose files', response: { 200: listOf(CatalogTemplate) } },
      config: { permission: 'catalog:read' },
    },
    async () => ({ items: await listCatalog(ctx), nextCursor: null }),
  )
  app.get(
    '/catalog/:id',
    {
      schema: { tags: ['catalog'], summary: 'One catalog template', params: IdParams, response: { 200: CatalogTemplate } },
      config: { permission: 'catalog:read' },
    },
    async (req) => getCatalogTemplate(ctx, req.params.id),
  )
}
