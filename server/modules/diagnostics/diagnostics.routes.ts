import { EnvParams } from '../../../core/api/common.ts'
import { ApiErrorBody } from '../../../core/api/errors.ts'
import { FindingsList } from '../../../core/api/findings.ts'
import type { AppContext } from '../../context.ts'
import type { ZodApp } from '../../http/zod-app.ts'
import { findings } from './diagnostics.service.ts'

/**
 * `GET …/diagnostics/findings` runs the checks on every call: findings are not stored, so the
 * answer is never older than the facts (and `checkedAt` says when it ran).
 */
export function diagnosticsRoutes(app: ZodApp, ctx: AppContext) {
  app.get(
    '/environments/:envId/diagnostics/findings',
    {
      schema: {
        tags: ['diagnostics'],
        summary: 'The troubleshooting checklist, run now over what the agents reported: findings with evidence and fix',
        params: EnvParams,
        response: { 200: FindingsList, 404: ApiErrorBody },
      },
      config: { permission: 'environment:read' },
    },
    async (req) => findings(ctx, req.params.envId),
  )
}
