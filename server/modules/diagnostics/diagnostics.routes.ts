import { z } from 'zod'
import { EnvParams, Id, ListQuery } from '../../../core/api/common.ts'
import { ApiErrorBody } from '../../../core/api/errors.ts'
import { DiagnosticsExport, Matrix, MatrixCell, TimelineList, Trace, TraceRequest } from '../../../core/api/diagnostics.ts'
import { FindingsList } from '../../../core/api/findings.ts'
import type { AppContext } from '../../context.ts'
import type { ZodApp } from '../../http/zod-app.ts'
import { findings, matrix, traceRoute } from './diagnostics.service.ts'
import { diagnosticsExport, exportFileName } from './export.service.ts'
import { matrixCellDetails } from './matrix-cell.service.ts'
import { listTimeline } from './timeline.service.ts'

const MatrixCellParams = z.object({ envId: Id, from: Id, to: Id })
/** `?download=1` makes the export a file download (Content-Disposition: attachment). */
const ExportQuery = z.object({ download: z.enum(['0', '1', 'true', 'false']).optional() })

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

  app.get(
    '/environments/:envId/diagnostics/matrix/:from/:to',
    {
      schema: {
        tags: ['diagnostics'],
        summary: 'One matrix cell in detail: its status, both hosts’ reports of that direction, the tunnel port checks and a container pair to trace',
        params: MatrixCellParams,
        response: { 200: MatrixCell, 404: ApiErrorBody },
      },
      config: { permission: 'environment:read' },
    },
    async (req) => matrixCellDetails(ctx, req.params.envId, req.params.from, req.params.to),
  )

  app.get(
    '/environments/:envId/diagnostics/timeline',
    {
      schema: {
        tags: ['diagnostics'],
        summary: 'Network events of the environment, newest first: hosts up/down, peer and tunnel port changes, router restarts, stack changes, lab faults',
        params: EnvParams,
        querystring: ListQuery,
        response: { 200: TimelineList, 400: ApiErrorBody, 404: ApiErrorBody },
      },
      config: { permission: 'environment:read' },
    },
    async (req) => listTimeline(ctx, req.params.envId, req.query),
  )

  app.get(
    '/environments/:envId/diagnostics/export',
    {
      schema: {
        tags: ['diagnostics'],
        summary: 'The troubleshooting state for a support ticket: a Markdown summary, findings, matrix, latest timeline and the snapshot; ?download=1 answers it as a file',
        params: EnvParams,
        querystring: ExportQuery,
        response: { 200: DiagnosticsExport, 400: ApiErrorBody, 404: ApiErrorBody },
      },
      config: { permission: 'environment:read' },
    },
    async (req, reply) => {
      const body = await diagnosticsExport(ctx, req.params.envId)
      if (req.query.download === '1' || req.query.download === 'true') {
        reply.header('content-disposition', `attachment; filename="${exportFileName(body.environment.name, body.generatedAt)}"`)
      }
      return body
    },
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
