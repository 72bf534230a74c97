import type { ComposeFile, Diagnostic } from '../../../../core/api/index.ts'

const PLACEHOLDER = /\$\{?([A-Za-z_][A-Za-z0-9_]*)|\.Values\.([A-Za-z_][A-Za-z0-9_]*)/g

/** The text a one-line diagnostic points at in its file, or null (several lines, unknown file). */
function textAt(diagnostic: Diagnostic, files: readonly ComposeFile[]): string | null {
  if (diagnostic.line !== diagnostic.endLine) return null
  const file = diagnostic.file === undefined ? files[0] : files.find((f) => f.name === diagnostic.file)
  const line = file?.content.split('\n')[diagnostic.line - 1]
  if (line === undefined) return null
  return line.slice(diagnostic.column - 1, Math.max(diagnostic.column, diagnostic.endColumn - 1))
}

/**
 * The validator's diagnostics that a question's answer caused: those pointing at a placeholder
 * (`$SUBNET`, `${MTU}`, `{{ .Values.HOST_PORTS }}`) of that question, by variable. So a /33
 * subnet shows under the Subnet field, not only in the problems list. ANSWER_INVALID is left
 * out: the form's own answer check (effectiveAnswers) says the same at the field.
 */
export function diagnosticsByVariable(diagnostics: readonly Diagnostic[], files: readonly ComposeFile[], variables: ReadonlySet<string>): Map<string, Diagnostic[]> {
  const out = new Map<string, Diagnostic[]>()
  for (const d of diagnostics) {
    if (d.severity === 'info' || d.code === 'ANSWER_INVALID') continue
    const text = textAt(d, files)
    if (text === null) continue
    const seen = new Set<string>()
    for (const m of text.matchAll(PLACEHOLDER)) {
      const variable = m[1] ?? m[2]
      if (!variables.has(variable) || seen.has(variable)) continue
      seen.add(variable)
      const list = out.get(variable) ?? []
      list.push(d)
      out.set(variable, list)
    }
  }
  return out
}

/** Answers as the URL keeps them: `answers.<VARIABLE>` search parameters. */
export const ANSWER_PARAM_PREFIX = 'answers.'
