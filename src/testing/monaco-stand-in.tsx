// Real Monaco does not run in jsdom (engineering/toolchain.md §4). Tests replace monaco-setup
// and @monaco-editor/react with these stand-ins — a textarea per editor, models in a Map — that
// keep the parts of the API the editor uses:
//
//   vi.mock('…/components/yaml-editor/monaco-setup.ts', async () => ({ monaco: (await import('…/testing/monaco-stand-in.tsx')).fakeMonaco.monaco }))
//   vi.mock('@monaco-editor/react', async () => (await import('…/testing/monaco-stand-in.tsx')).monacoReactStandIn)
//
// Edits made through the model API (pushEditOperations, as "Discard changes" and "Reload" do)
// reach the editor's onChange, as in Monaco.
import { useEffect, useState } from 'react'

type Listener = () => void

export class FakeModel {
  private listeners = new Set<Listener>()
  constructor(
    public value: string,
    public uri: { path: string },
  ) {}
  getValue() {
    return this.value
  }
  setValue(value: string) {
    this.value = value
    for (const l of this.listeners) l()
  }
  getLineCount() {
    return this.value.split('\n').length
  }
  getLineMaxColumn(line: number) {
    return (this.value.split('\n')[line - 1] ?? '').length + 1
  }
  // Offsets as single-line positions: only ever converted back by applyEdits below.
  getPositionAt(offset: number) {
    return { lineNumber: 1, column: offset + 1 }
  }
  applyEdits(edits: Array<{ range: { startColumn: number; endColumn: number }; text: string }>) {
    for (const e of edits) this.value = this.value.slice(0, e.range.startColumn - 1) + e.text + this.value.slice(e.range.endColumn - 1)
  }
  getFullModelRange() {
    return { startLineNumber: 1, startColumn: 1, endLineNumber: 1, endColumn: this.value.length + 1 }
  }
  pushEditOperations(_selections: unknown, edits: Array<{ text: string }>) {
    this.setValue(edits[0].text)
  }
  onDidChangeContent(listener: Listener) {
    this.listeners.add(listener)
    return {
      dispose: () => {
        this.listeners.delete(listener)
      },
    }
  }
  isDisposed() {
    return false
  }
  dispose() {
    fakeMonaco.models.delete(this.uri.path)
  }
}

const models = new Map<string, FakeModel>()
const noop = () => undefined

export const fakeMonaco = {
  models,
  monaco: {
    Uri: { parse: (path: string) => ({ path, toString: () => path }) },
    editor: {
      getModel: (uri: { path: string }) => models.get(uri.path) ?? null,
      getModels: () => [...models.values()],
      setModelMarkers: noop,
    },
  },
  reset() {
    models.clear()
  },
}

type EditorProps = {
  path: string
  defaultValue?: string
  options?: { ariaLabel?: string; readOnly?: boolean }
  onMount?: (editor: unknown) => void
  onChange?: (value: string) => void
}

/** `<Editor>`: a textarea on the model at `path` (created with `defaultValue` when missing). */
function Editor({ path, defaultValue = '', options, onMount, onChange }: EditorProps) {
  const [model] = useState(() => {
    const existing = models.get(path)
    if (existing) return existing
    const created = new FakeModel(defaultValue, { path })
    models.set(path, created)
    return created
  })
  const [value, setValue] = useState(model.value)
  useEffect(() => {
    const sub = model.onDidChangeContent(() => {
      setValue(model.value)
      onChange?.(model.value)
    })
    return () => sub.dispose()
  }, [model, onChange])
  useEffect(() => {
    onMount?.({ getModel: () => model, setSelection: noop, revealRangeInCenterIfOutsideViewport: noop, focus: noop, layout: noop, updateOptions: noop })
    // oxlint-disable-next-line react-hooks/exhaustive-deps -- mounted once, as Monaco is
  }, [])
  return <textarea aria-label={options?.ariaLabel} readOnly={options?.readOnly} value={value} onChange={(event) => model.setValue(event.target.value)} />
}

export const monacoReactStandIn = { Editor, DiffEditor: () => null }
