import { z } from 'zod'
import { IdParams, listOf } from '../../../core/api/common.ts'
import { ApiErrorBody } from '../../../core/api/errors.ts'
import { EnvironmentTemplate, TemplateInput } from '../../../core/api/templates.ts'
import type { AppContext } from '../../context.ts'
import { ifMatchRevision } from '../../http/if-match.ts'
import type { ZodApp } from '../../http/zod-app.ts'
import { createTemplate, deleteTemplate, getTemplate, listTemplates, replaceTemplate } from './templates.service.ts'

const errors = { 400: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody, 422: ApiErrorBody }

// Writes need 'catalog:write': policy.ts has no template-specific write permission, and an
// environment template decides the infrastructure of every environment made from it, which is
// the catalog administrator's concern rather than one environment's.
export function templateRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/templates',
    { schema: { tags: ['templates'], summary: 'Environment templates', response: { 200: listOf(EnvironmentTemplate) } }, config: { permission: 'template:read' } },
    async () => ({ items: await listTemplates(ctx), nextCursor: null }),
  )
  app.post(
    '/templates',
    {
      schema: {
        tags: ['templates'],
        summary:
          'Create an environment template (one network driver at most: 400 MULTIPLE_NETWORK_DRIVERS; Network Services with a driver; answers, versions and custom compose checked: 400 naming stacks.N.…; 409 NAME_TAKEN)',
        body: TemplateInput,
        response: { 201: EnvironmentTemplate, ...errors },
      },
      config: { permission: 'catalog:write' },
    },
    async (req, reply) => reply.status(201).send(await createTemplate(ctx, req.body)),
  )
  app.get(
    '/templates/:id',
    {
      schema: { tags: ['templates'], summary: 'One environment template', params: IdParams, response: { 200: EnvironmentTemplate } },
      config: { permission: 'template:read' },
    },
    async (req) => getTemplate(ctx, req.params.id),
  )
  app.put(
    '/templates/:id',
    {
      schema: {
        tags: ['templates'],
        summary: 'Replace an environment template (If-Match: revision, optional); built-in templates are read-only (409 BUILTIN_READ_ONLY: copy them). Environments made from it do not change.',
        params: IdParams,
        body: TemplateInput,
        response: { 200: EnvironmentTemplate, ...errors },
      },
      config: { permission: 'catalog:write' },
    },
    async (req) => replaceTemplate(ctx, req.params.id, req.body, ifMatchRevision(req.headers['if-match'])),
  )
  app.delete(
    '/templates/:id',
    {
      schema: {
        tags: ['templates'],
        summary: 'Delete an environment template (If-Match optional; 409 for a built-in one). Environments made from it keep their stacks and provenance.',
        params: IdParams,
        response: { 204: z.null(), 404: ApiErrorBody, 409: ApiErrorBody, 400: ApiErrorBody },
      },
      config: { permission: 'catalog:write' },
    },
    async (req, reply) => {
      await deleteTemplate(ctx, req.params.id, ifMatchRevision(req.headers['if-match']))
      return reply.status(204).send(null)
    },
  )
}
