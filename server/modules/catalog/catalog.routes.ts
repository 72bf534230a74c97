import { z } from 'zod'
import { CatalogTemplate, ImportCatalogTemplate } from '../../../core/api/catalog.ts'
import { IdParams, listOf } from '../../../core/api/common.ts'
import { ApiErrorBody } from '../../../core/api/errors.ts'
import type { AppContext } from '../../context.ts'
import type { ZodApp } from '../../http/zod-app.ts'
import { deleteCatalogTemplate, getCatalogTemplate, importCatalogTemplate, listCatalog } from './catalog.service.ts'

export function catalogRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/catalog',
    {
      schema: { tags: ['catalog'], summary: 'Catalog templates with versions, questions and compose files', response: { 200: listOf(CatalogTemplate) } },
      config: { permission: 'catalog:read' },
    },
    async () => ({ items: await listCatalog(ctx), nextCursor: null }),
  )
  app.post(
    '/catalog',
    {
      schema: {
        tags: ['catalog'],
        summary:
          'Import a Rancher catalog template version (docker-compose.yml(.tpl), rancher-compose.yml with .catalog, optional config.yml) as a custom catalog template; validated with question defaults. Importing into an existing custom template adds a version and makes it the default.',
        body: ImportCatalogTemplate,
        response: { 201: CatalogTemplate, 400: ApiErrorBody, 409: ApiErrorBody },
      },
      config: { permission: 'catalog:write' },
    },
    async (req, reply) => reply.status(201).send(await importCatalogTemplate(ctx, req.body)),
  )
  app.get(
    '/catalog/:id',
    {
      schema: { tags: ['catalog'], summary: 'One catalog template', params: IdParams, response: { 200: CatalogTemplate } },
      config: { permission: 'catalog:read' },
    },
    async (req) => getCatalogTemplate(ctx, req.params.id),
  )
  app.delete(
    '/catalog/:id',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Delete a custom catalog template and its versions (409 for a built-in one, or one an environment template or stack still uses)',
        params: IdParams,
        response: { 204: z.null(), 404: ApiErrorBody, 409: ApiErrorBody },
      },
      config: { permission: 'catalog:write' },
    },
    async (req, reply) => {
      await deleteCatalogTemplate(ctx, req.params.id)
      return reply.status(204).send(null)
    },
  )
}
