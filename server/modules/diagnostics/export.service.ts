/**
 * `GET …/diagnostics/export`: the troubleshooting state for a support ticket, taken from one
 * snapshot so findings, matrix and summary agree — plus the latest timeline events and the
 * snapshot itself (what the checks ran on), and a Markdown summary of it all.
 */
import type { DiagnosticsExport } from '../../../core/api/diagnostics.ts'
import { runChecks } from '../../../core/diagnostics/findings.ts'
import type { AppContext } from '../../context.ts'
import { buildSnapshot, matrixOf } from './diagnostics.service.ts'
import { exportSummary } from './export-summary.ts'
import { latestTimeline } from './timeline.service.ts'

/** Timeline events the export carries. */
export const EXPORT_TIMELINE = 200

export async function diagnosticsExport(ctx: AppContext, environmentId: string): Promise<DiagnosticsExport> {
  const now = new Date()
  const snapshot = await buildSnapshot(ctx, environmentId)
  const findings = runChecks(snapshot, now)
  const matrix = matrixOf(snapshot, now)
  const timeline = await latestTimeline(ctx, environmentId, EXPORT_TIMELINE)
  const generatedAt = now.toISOString()
  const environment = { id: snapshot.environment.id, name: snapshot.environment.name }
  const summary = exportSummary({ generatedAt, environment, snapshot, findings, matrix, timeline })
  return { generatedAt, environment, summary, findings, matrix, timeline, snapshot }
}

/** `paddock-<environment>-<timestamp>.json`, safe in a header and on any file system. */
export function exportFileName(environmentName: string, generatedAt: string): string {
  const env = environmentName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'environment'
  const stamp = generatedAt.replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '')
  return `paddock-${env}-${stamp}.json`
}
