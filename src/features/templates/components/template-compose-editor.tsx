// Loaded lazily (React.lazy in stack-settings.tsx): this module pulls in Monaco, monaco-yaml and
// the core validator, which the rest of the template editor does not need.
import { Editor, type OnMount } from '@monaco-editor/react'
import type { editor as MonacoEditorApi } from 'monaco-editor/editor'
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { Diagnostic } from '../../../../core/api/index.ts'
import { Loading } from '../../../components/ui/loading.tsx'
import { monaco } from '../../../components/yaml-editor/monaco-setup.ts'
import { countsText, ProblemsPanel } from '../../stack-editor/components/problems-panel.tsx'
import { useMonacoTheme } from '../../stack-editor/hooks/use-monaco-theme.ts'
import { useStableByContent } from '../../stack-editor/hooks/use-stable-by-content.ts'
import { useDebouncedValidation } from '../../stack-editor/hooks/use-debounced-validation.ts'
import { modelPath, type ComposeKind } from '../../stack-editor/utils/editor-files.ts'
import { diagnosticsByFile, sortDiagnostics } from '../../stack-editor/utils/markers.ts'
import { revealDiagnostic, setDiagnosticMarkers } from '../../stack-editor/utils/monaco-models.ts'
import { runValidation, type TimedValidation } from '../../stack-editor/utils/validator.ts'

/** One compose file of a template stack: the catalog's text and the one the template keeps. */
export interface ComposeFileDraft {
  kind: ComposeKind
  /** As the catalog names it (`docker-compose.yml.tpl`), so it renders and validates the same way. */
  name: string
  catalogText: string
  /** The custom text, or the catalog's when the template keeps none. */
  text: string
}

type Props = {
  /** Unique per stack and editor generation: the Monaco models live under it. */
  modelKey: string
  stackLabel: string
  files: ComposeFileDraft[]
  /** The stack's answers, applied when rendering and validating. */
  answers: Record<string, string>
  onChange: (kind: ComposeKind, text: string) => void
}

const OPTIONS: MonacoEditorApi.IStandaloneEditorConstructionOptions = {
  automaticLayout: true,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  fontSize: 13,
  tabSize: 2,
  insertSpaces: true,
  fixedOverflowWidgets: true,
  renderValidationDecorations: 'on',
}

const modelOf = (path: string) => monaco.editor.getModel(monaco.Uri.parse(path))

/**
 * A template stack's compose files in Monaco, validated as typed by the core validator (the
 * one the server runs when the template is saved) with the stack's answers: markers in the
 * text, the problems listed below. Every edit goes straight into the template draft.
 */
export default function TemplateComposeEditor({ modelKey, stackLabel, files: filesNow, answers: answersNow, onChange }: Props) {
  const theme = useMonacoTheme()
  const ids = useId()
  // The files an editor opens with are fixed (its models hang on their names); the draft follows the edits.
  const [files] = useState(filesNow)
  const answers = useStableByContent(answersNow)
  const [validation, setValidation] = useState<TimedValidation | null>(null)
  const [ready, setReady] = useState(false)
  const editors = useRef(new Map<ComposeKind, MonacoEditorApi.IStandaloneCodeEditor>())
  const pathOf = useMemo(() => new Map(files.map((f) => [f.kind, modelPath('templates', modelKey, 'edit', f.name)])), [files, modelKey])
  const names = useMemo(() => files.map((f) => f.name), [files])

  const validateNow = () => {
    const input = files.map((f) => ({ name: f.name, content: modelOf(pathOf.get(f.kind)!)?.getValue() ?? f.text }))
    const result = runValidation({ files: input, answers })
    const byFile = diagnosticsByFile(result.diagnostics, names)
    for (const f of files) {
      const model = modelOf(pathOf.get(f.kind)!)
      if (model) setDiagnosticMarkers(monaco.editor, model, byFile.get(f.name) ?? [])
    }
    setValidation(result)
  }
  const validator = useDebouncedValidation(validateNow, ready, [answers])

  // The models go with the editor, after Monaco's own cleanup; a remount right away (StrictMode) keeps them.
  const pendingDispose = useRef<ReturnType<typeof setTimeout> | null>(null)
  useEffect(() => {
    if (pendingDispose.current !== null) clearTimeout(pendingDispose.current)
    pendingDispose.current = null
    return () => {
      pendingDispose.current = setTimeout(() => {
        for (const path of pathOf.values()) {
          const model = modelOf(path)
          if (model && !model.isDisposed()) model.dispose()
        }
      }, 0)
    }
  }, [pathOf])

  const onMountOf = useMemo(() => {
    const out = {} as Record<ComposeKind, OnMount>
    for (const f of files) {
      out[f.kind] = (editor) => {
        editors.current.set(f.kind, editor)
        if (files.every((g) => editors.current.has(g.kind))) setReady(true)
      }
    }
    return out
  }, [files])
  const onChangeRef = useRef(onChange)
  useLayoutEffect(() => {
    onChangeRef.current = onChange
  })
  const onChangeOf = useMemo(() => {
    const out = {} as Record<ComposeKind, (value: string | undefined) => void>
    for (const f of files) {
      out[f.kind] = (value) => {
        onChangeRef.current(f.kind, value ?? '')
        validator.schedule()
      }
    }
    return out
  }, [files, validator])
  const optionsOf = useMemo(
    () => new Map(files.map((f) => [f.kind, { ...OPTIONS, ariaLabel: `${f.name} of ${stackLabel}, compose file editor` }])),
    [files, stackLabel],
  )

  const reveal = (d: Diagnostic) => {
    const file = files.find((f) => f.name === (d.file ?? files[0].name))
    const editor = file ? editors.current.get(file.kind) : undefined
    if (editor) revealDiagnostic(editor, d)
  }
  const diagnostics = useMemo(() => (validation ? sortDiagnostics(validation.diagnostics, names) : []), [validation, names])

  return (
    <div className="template-compose-editor">
      {files.map((f) => (
        <section key={f.kind} aria-labelledby={`${ids}-${f.kind}`}>
          <h4 id={`${ids}-${f.kind}`}>
            <code>{f.name}</code>
          </h4>
          <Editor
            path={pathOf.get(f.kind)}
            defaultValue={f.text}
            defaultLanguage="yaml"
            theme={theme}
            height="40vh"
            keepCurrentModel
            options={optionsOf.get(f.kind)}
            onMount={onMountOf[f.kind]}
            onChange={onChangeOf[f.kind]}
            loading={<Loading label={`Loading ${f.name}…`} />}
          />
        </section>
      ))}
      <p className="editor-status" role="status">
        {validation ? <span className="strong">{countsText(validation.diagnostics)}</span> : <span className="muted">Validating…</span>}
      </p>
      <p className="muted small">
        Markers come from Paddock's validator, run with this stack's answers; the server checks the custom compose with the same validator
        when the template is saved. Environments created from the template deploy this compose instead of the catalog's.
      </p>
      <ProblemsPanel diagnostics={diagnostics} defaultFile={files[0].name} onReveal={reveal} pending={validation === null} />
    </div>
  )
}
