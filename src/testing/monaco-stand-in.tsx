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
import { vi } from 'vitest'

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

/** The editor object handed to `onMount`; its navigation methods are spies tests can assert on. */
export interface FakeEditor {
  getModel: () => FakeModel
  setSelection: ReturnType<typeof vi.fn>
  revealRangeInCenterIfOutsideViewport: ReturnType<typeof vi.fn>
  focus: ReturnType<typeof vi.fn>
  layout: () => void
  updateOptions: () => void
}
const editors = new Map<string, FakeEditor>()
const setModelMarkers = vi.fn()

export const fakeMonaco = {
  models,
  /** Mounted editors by model path. */
  editors,
  setModelMarkers,
  monaco: {
    Uri: { parse: (path: string) => ({ path, toString: () => path }) },
    editor: {
      getModel: (uri: { path: string }) => models.get(uri.path) ?? null,
      getModels: () => [...models.values()],
      setModelMarkers,
    },
  },
  reset() {
    models.clear()
    editors.clear()
    setModelMarkers.mockClear()
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
    const editor: FakeEditor = { getModel: () => model, setSelection: vi.fn(), revealRangeInCenterIfOutsideViewport: vi.fn(), focus: vi.fn(), layout: noop, updateOptions: noop }
    editors.set(path, editor)
    onMount?.(editor)
    // oxlint-disable-next-line react-hooks/exhaustive-deps -- mounted once, as Monaco is
  }, [])
  return <textarea aria-label={options?.ariaLabel} readOnly={options?.readOnly} value={value} onChange={(event) => model.setValue(event.target.value)} />
}

export const monacoReactStandIn = { Editor, DiffEditor: () => null }
