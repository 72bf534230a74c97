import { apiPaths, DiagnosticsExport } from '../../../../core/api/index.ts'
import { api } from '../../../lib/api-client.ts'

/** The troubleshooting state as it is now: fetched on demand (it carries the whole snapshot), never cached. */
export function getDiagnosticsExport(envId: string, signal?: AbortSignal): Promise<DiagnosticsExport> {
  return api.get(apiPaths.diagnosticsExport(envId), { schema: DiagnosticsExport, signal })
}

/** The same export as a file: the server answers it with a Content-Disposition attachment. */
export function diagnosticsExportDownloadHref(envId: string): string {
  return `${apiPaths.diagnosticsExport(envId)}?download=1`
}
