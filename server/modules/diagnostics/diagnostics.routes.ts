import { EnvParams } from '../../../core/api/common.ts'
import { ApiErrorBody } from '../../../core/api/errors.ts'
import { Matrix, Trace, TraceRequest } from '../../../core/api/diagnostics.ts'
import { FindingsList } from '../../../core/api/findings.ts'
import type { AppContext } from '../../context.ts'
import type { ZodApp } from '../../http/zod-app.ts'
import { findings, matrix, traceRoute } from './diagnostics.service.ts'

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

  app.get(
    '/environments/:envId/diagnostics/matrix',
    {
      schema: {
        tags: ['diagnostics'],
        summary: 'The host × host reachability matrix from the latest reports, compact: host index + one status character per directed pair',
        params: EnvParams,
        response: { 200: Matrix, 404: ApiErrorBody },
      },
      config: { permission: 'environment:read' },
    },
    async (req) => matrix(ctx, req.params.envId),
  )

  app.post(
    '/environments/:envId/diagnostics/trace',
    {
      schema: {
        tags: ['diagnostics'],
        summary: "Why can't A reach B: the data path from a container to a container or an IPv4 address, hop by hop with evidence and fix",
        params: EnvParams,
        body: TraceRequest,
        response: { 200: Trace, 400: ApiErrorBody, 404: ApiErrorBody, 422: ApiErrorBody },
      },
      config: { permission: 'environment:read' },
    },
    async (req) => traceRoute(ctx, req.params.envId, req.body),
  )
}
