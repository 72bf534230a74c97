import type { Diagnostic } from '../../../../core/api/index.ts'

/** Monaco's `MarkerSeverity` values (monaco.MarkerSeverity), so this module needs no Monaco import. */
export const MARKER_SEVERITY = { Hint: 1, Info: 2, Warning: 4, Error: 8 } as const

/** The owner of every marker Paddock sets; monaco-yaml's own validation is off. */
export const MARKER_OWNER = 'paddock'

/** The fields of Monaco's `IMarkerData` the editor sets. */
export interface MarkerData {
  severity: 1 | 2 | 4 | 8
  message: string
  code: string
  source: string
  startLineNumber: number
  startColumn: number
  endLineNumber: number
  endColumn: number
}

export function markerSeverity(severity: Diagnostic['severity']): MarkerData['severity'] {
  switch (severity) {
    case 'error':
      return MARKER_SEVERITY.Error
    case 'warning':
      return MARKER_SEVERITY.Warning
    default:
      return MARKER_SEVERITY.Info
  }
}

/** Line lengths of a text, so ranges can be kept inside it (what `model.getLineMaxColumn` gives). */
export type LineMaxColumn = (line: number) => number

/**
 * A diagnostic's range in Monaco terms. Both use 1-based lines and columns with an exclusive end
 * column, so values pass through; an empty range is widened to one character (Monaco would draw
 * nothing), and with `lineCount`/`maxColumn` the range is kept inside the model.
 */
export function diagnosticRange(
  d: Pick<Diagnostic, 'line' | 'column' | 'endLine' | 'endColumn'>,
  bounds?: { lineCount: number; maxColumn: LineMaxColumn },
): { startLineNumber: number; startColumn: number; endLineNumber: number; endColumn: number } {
  let startLineNumber = Math.max(1, d.line)
  let startColumn = Math.max(1, d.column)
  let endLineNumber = Math.max(startLineNumber, d.endLine)
  let endColumn = endLineNumber === startLineNumber ? Math.max(startColumn, d.endColumn) : Math.max(1, d.endColumn)
  if (endLineNumber === startLineNumber && endColumn === startColumn) endColumn = startColumn + 1
  if (bounds) {
    const clampLine = (n: number) => Math.min(Math.max(1, n), Math.max(1, bounds.lineCount))
    startLineNumber = clampLine(startLineNumber)
    endLineNumber = clampLine(endLineNumber)
    startColumn = Math.min(startColumn, bounds.maxColumn(startLineNumber))
    endColumn = Math.min(endColumn, bounds.maxColumn(endLineNumber))
    // A range at the very end of a line (e.g. "missing value") still gets a visible character.
    if (endLineNumber === startLineNumber && endColumn <= startColumn && startColumn > 1) startColumn = endColumn - 1
  }
  return { startLineNumber, startColumn, endLineNumber, endColumn }
}

/** A diagnostic as a Monaco marker. */
export function toMarker(d: Diagnostic, bounds?: { lineCount: number; maxColumn: LineMaxColumn }): MarkerData {
  return {
    severity: markerSeverity(d.severity),
    message: d.message,
    code: d.code,
    source: MARKER_OWNER,
    ...diagnosticRange(d, bounds),
  }
}

/**
 * Which editor file each diagnostic belongs to: its `file`, else (a diagnostic of the request as a
 * whole) the first file. Diagnostics naming a file the editor does not show are left out here;
 * the problems panel still lists them.
 */
export function diagnosticsByFile(diagnostics: Diagnostic[], fileNames: string[]): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>(fileNames.map((name) => [name, []]))
  for (const d of diagnostics) {
    const name = d.file ?? fileNames[0]
    byFile.get(name)?.push(d)
  }
  return byFile
}

/** The status line's counts. */
export function countBySeverity(diagnostics: Diagnostic[]): { errors: number; warnings: number; infos: number } {
  let errors = 0
  let warnings = 0
  let infos = 0
  for (const d of diagnostics) {
    if (d.severity === 'error') errors += 1
    else if (d.severity === 'warning') warnings += 1
    else infos += 1
  }
  return { errors, warnings, infos }
}

/** Problems in reading order: by file (editor order), line, column, then errors before warnings. */
export function sortDiagnostics(diagnostics: Diagnostic[], fileNames: string[]): Diagnostic[] {
  const rank = { error: 0, warning: 1, info: 2 } as const
  const fileIndex = (d: Diagnostic) => {
    const i = fileNames.indexOf(d.file ?? fileNames[0])
    return i === -1 ? fileNames.length : i
  }
  return [...diagnostics].sort(
    (a, b) =>
      fileIndex(a) - fileIndex(b) || a.line - b.line || a.column - b.column || rank[a.severity] - rank[b.severity] || a.code.localeCompare(b.code),
  )
}
