import type { Diagnostic } from '../../../../core/api/index.ts'

/** Everything that makes two diagnostics the same problem at the same place. */
export function diagnosticKey(d: Diagnostic): string {
  return JSON.stringify([d.file ?? null, d.severity, d.code, d.path, d.line, d.column, d.endLine, d.endColumn, d.message])
}

export interface DiagnosticsComparison {
  same: boolean
  onlyInBrowser: Diagnostic[]
  onlyOnServer: Diagnostic[]
}

/** Compares the browser's list with the server's as multisets (order does not matter, duplicates do). */
export function compareDiagnostics(browser: Diagnostic[], server: Diagnostic[]): DiagnosticsComparison {
  const remaining = new Map<string, Diagnostic[]>()
  for (const d of server) {
    const key = diagnosticKey(d)
    remaining.set(key, [...(remaining.get(key) ?? []), d])
  }
  const onlyInBrowser: Diagnostic[] = []
  for (const d of browser) {
    const bucket = remaining.get(diagnosticKey(d))
    if (bucket && bucket.length > 0) bucket.pop()
    else onlyInBrowser.push(d)
  }
  const onlyOnServer = [...remaining.values()].flat()
  return { same: onlyInBrowser.length === 0 && onlyOnServer.length === 0, onlyInBrowser, onlyOnServer }
}
