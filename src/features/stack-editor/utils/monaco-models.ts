/**
 * The few things the editor does to Monaco models and editors, written against the parts of the
 * API they use so they can be tested with plain objects (real Monaco does not run in jsdom).
 */
import type { editor as MonacoEditorApi } from 'monaco-editor/editor'
import type { Diagnostic } from '../../../../core/api/index.ts'
import { diagnosticRange, MARKER_OWNER, toMarker, type MarkerData } from './markers.ts'

type TextModel = Pick<MonacoEditorApi.ITextModel, 'getLineCount' | 'getLineMaxColumn'>

/** A diagnostic's markers, kept inside the model. */
export function markersForModel(model: TextModel, diagnostics: Diagnostic[]): MarkerData[] {
  const bounds = { lineCount: model.getLineCount(), maxColumn: (line: number) => model.getLineMaxColumn(line) }
  return diagnostics.map((d) => toMarker(d, bounds))
}

/** Replaces the model's Paddock markers (and only those) with the diagnostics of its file. */
export function setDiagnosticMarkers(
  api: { setModelMarkers: (model: MonacoEditorApi.ITextModel, owner: string, markers: MarkerData[]) => void },
  model: MonacoEditorApi.ITextModel,
  diagnostics: Diagnostic[],
): void {
  api.setModelMarkers(model, MARKER_OWNER, markersForModel(model, diagnostics))
}

type RevealTarget = Pick<MonacoEditorApi.ICodeEditor, 'setSelection' | 'revealRangeInCenterIfOutsideViewport' | 'focus'> & {
  getModel(): TextModel | null
}

/** Selects a diagnostic's range in an editor, scrolls it into view and gives the editor focus. */
export function revealDiagnostic(editor: RevealTarget, diagnostic: Diagnostic): void {
  const model = editor.getModel()
  const range = diagnosticRange(
    diagnostic,
    model ? { lineCount: model.getLineCount(), maxColumn: (line) => model.getLineMaxColumn(line) } : undefined,
  )
  editor.setSelection(range)
  editor.revealRangeInCenterIfOutsideViewport(range)
  editor.focus()
}

/** The smallest single replacement turning `before` into `after` (common prefix and suffix kept), in offsets. */
export function minimalEdit(before: string, after: string): { start: number; end: number; text: string } | null {
  if (before === after) return null
  let start = 0
  const max = Math.min(before.length, after.length)
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start += 1
  let suffix = 0
  while (
    suffix < max - start &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix += 1
  }
  return { start, end: before.length - suffix, text: after.slice(start, after.length - suffix) }
}

/**
 * Brings a read-only model (preview, stored compose) to `text` with one minimal edit instead of
 * `setValue`, so an operator reading it keeps their scroll position while it updates.
 */
export function syncModelText(model: MonacoEditorApi.ITextModel, text: string): void {
  const edit = minimalEdit(model.getValue(), text)
  if (!edit) return
  const start = model.getPositionAt(edit.start)
  const end = model.getPositionAt(edit.end)
  model.applyEdits([
    { range: { startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column }, text: edit.text },
  ])
}
