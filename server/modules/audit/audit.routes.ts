import { AuditList, AuditQuery } from '../../../core/api/auth.ts'
import { ApiErrorBody } from '../../../core/api/errors.ts'
import { roleIn } from '../../auth/policy.ts'
import type { AppContext } from '../../context.ts'
import { AppError } from '../../errors.ts'
import type { ZodApp } from '../../http/zod-app.ts'
import { userOf } from '../auth/auth.routes.ts'
import { listAudit } from './audit.service.ts'

const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody }

export function auditRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['auth'],
        summary: 'The audit log of mutations, newest first: admins read all of it; owners give ?environmentId= of one of their environments',
        querystring: AuditQuery,
        response: { 200: AuditList, ...errors },
      },
      config: { permission: 'audit:read' },
    },
    async (req) => {
      const actor = userOf(req.actor)
      const { environmentId } = req.query
      const wholeLog = actor.admin && actor.keyEnvironmentId === null
      if (!wholeLog) {
        if (environmentId === undefined) throw new AppError('FORBIDDEN', 'only admins read the whole audit log; owners give ?environmentId=')
        const role = roleIn(actor, environmentId)
        // not theirs: the environment does not exist for them
        if (role === null) throw new AppError('NOT_FOUND', `environment ${JSON.stringify(environmentId)} does not exist`)
        if (role !== 'owner') throw new AppError('FORBIDDEN', 'only owners read an environment\'s audit log')
      }
      return listAudit(ctx, req.query)
    },
  )
}
