import { DiffEditor, Editor, type OnMount } from '@monaco-editor/react'
import type { editor as MonacoEditorApi } from 'monaco-editor/editor'
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react'
import { flushSync } from 'react-dom'
import type { CniFile, Diagnostic, ValidateNetworkDriver } from '../../../../core/api/index.ts'
import { Loading } from '../../../components/ui/loading.tsx'
import { monaco } from '../../../components/yaml-editor/monaco-setup.ts'
import { useValidateOnServer } from '../api/validate-on-server.ts'
import { useMonacoTheme } from '../hooks/use-monaco-theme.ts'
import { cniFilesOfRendered } from '../utils/cni-diff.ts'
import { compareDiagnostics } from '../utils/compare-diagnostics.ts'
import { useDebouncedValidation } from '../hooks/use-debounced-validation.ts'
import { composeKindOf, modelPath, type ComposeKind, type EditorFile } from '../utils/editor-files.ts'
import { countBySeverity, diagnosticsByFile, sortDiagnostics } from '../utils/markers.ts'
import { revealDiagnostic, setDiagnosticMarkers, syncModelText } from '../utils/monaco-models.ts'
import { runValidation, type TimedValidation, type ValidationInput } from '../utils/validator.ts'
import { CniPreview } from './cni-preview.tsx'
import { countsText, ProblemsPanel } from './problems-panel.tsx'
import { ServerCheck, type ServerCheckState } from './server-check.tsx'

/** What the apply flow (issue 3, item 5) gets from the editor: the edited texts and what the validator said about them. */
export interface EditorDraft {
  stackRevision: number
  dockerCompose: string
  rancherCompose: string
  answers: Record<string, string>
  diagnostics: Diagnostic[]
  errorCount: number
  /** Whether either file differs from what the stack stores. */
  dirty: boolean
}

/** What the apply flow may do to the editor. */
export interface EditorActions {
  /**
   * Replaces the edited texts (one undoable edit per file, as "Discard changes" does), e.g. with
   * the stack's latest version when the operator reloads it.
   */
  replaceTexts: (texts: { dockerCompose: string; rancherCompose: string }) => void
}

type Props = {
  envId: string
  stackId: string
  stackRevision: number
  /** The stack's compose files (editorFilesOf). */
  files: EditorFile[]
  /** The stack's answers, applied when rendering and validating. */
  answers: Record<string, string>
  /** Facts about the environment that sharpen the semantic checks (host networks). */
  context?: ValidateNetworkDriver['context']
  /** The network the driver created and its hosts' CNI files now; null when there is none. */
  currentCni: { networkName: string; files: CniFile[] } | null
  /** The apply action (item 5, ApplyFlow), given the draft and what it may do to the editor. */
  renderApply?: (draft: EditorDraft, actions: EditorActions) => ReactNode
}

type Validation = { result: TimedValidation; input: ValidationInput }

const BASE_OPTIONS: MonacoEditorApi.IStandaloneEditorConstructionOptions = {
  automaticLayout: true,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  fontSize: 13,
  tabSize: 2,
  insertSpaces: true,
  // Hover and suggestion widgets may leave the editor's box (its container clips otherwise).
  fixedOverflowWidgets: true,
  renderValidationDecorations: 'on',
  quickSuggestions: { other: true, comments: false, strings: true },
}

// A constant: a new options object on every render would make Monaco reset the sides' labels.
const DIFF_OPTIONS: MonacoEditorApi.IStandaloneDiffEditorConstructionOptions = {
  ...BASE_OPTIONS,
  readOnly: true,
  originalEditable: false,
  renderSideBySide: true,
}

const modelOf = (path: string) => monaco.editor.getModel(monaco.Uri.parse(path))

function formatMs(ms: number): string {
  return ms < 10 ? ms.toFixed(1) : String(Math.round(ms))
}

/**
 * Edits a stack's compose files in Monaco. Every marker comes from the core validator, run in
 * the browser ~300 ms after typing pauses on both files together with the stack's answers;
 * markers are set per model, the text is never replaced by validation (cursor and scroll stay).
 * Below: the problems panel, the rendered preview, the diff against what runs now and the CNI
 * config each host would receive.
 */
export function StackComposeEditor({ envId, stackId, stackRevision, files, answers, context, currentCni, renderApply }: Props) {
  const theme = useMonacoTheme()
  const ids = useId()
  const [activeKind, setActiveKind] = useState<ComposeKind>(files[0].kind)
  const [ready, setReady] = useState(false)
  const [validation, setValidation] = useState<Validation | null>(null)
  const editors = useRef(new Map<ComposeKind, MonacoEditorApi.IStandaloneCodeEditor>())
  const names = useMemo(() => files.map((f) => f.name), [files])
  const pathsOf = useMemo(() => {
    const out = {} as Record<ComposeKind, { edit: string; stored: string; rendered: string }>
    for (const f of files) {
      out[f.kind] = {
        edit: modelPath(envId, stackId, 'edit', f.name),
        stored: modelPath(envId, stackId, 'stored', f.name),
        rendered: modelPath(envId, stackId, 'rendered', f.name.replace(/\.tpl$/, '')),
      }
    }
    return out
  }, [envId, stackId, files])

  // ─── validation ─────────────────────────────────────────────────────────────────────────
  const validateNow = (): Validation => {
    const input: ValidationInput = {
      files: files.map((f) => ({ name: f.name, content: modelOf(pathsOf[f.kind].edit)?.getValue() ?? f.stored })),
      answers,
      ...(context ? { context } : {}),
    }
    const result = runValidation(input)
    const byFile = diagnosticsByFile(result.diagnostics, names)
    for (const f of files) {
      const model = modelOf(pathsOf[f.kind].edit)
      if (model) setDiagnosticMarkers(monaco.editor, model, byFile.get(f.name) ?? [])
    }
    const next = { result, input }
    setValidation(next)
    return next
  }
  // First run once both editors exist, and again whenever the answers or the environment change.
  const validator = useDebouncedValidation(validateNow, ready, [answers, context])

  const onChange = useCallback(() => validator.schedule(), [validator])
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

  // Models of this page go when it does, after the editors' own cleanup (which disposes theirs).
  // A remount right away (React's StrictMode check) cancels that, or it would take the new editors' models.
  const pendingDispose = useRef<{ prefix: string; timer: ReturnType<typeof setTimeout> } | null>(null)
  useEffect(() => {
    const prefix = monaco.Uri.parse(modelPath(envId, stackId, 'edit', 'x')).path.replace(/\/edit\/x$/, '/')
    if (pendingDispose.current?.prefix === prefix) {
      clearTimeout(pendingDispose.current.timer)
      pendingDispose.current = null
    }
    return () => {
      const timer = setTimeout(() => {
        for (const model of monaco.editor.getModels()) {
          if (model.uri.path.startsWith(prefix) && !model.isDisposed()) model.dispose()
        }
      }, 0)
      pendingDispose.current = { prefix, timer }
    }
  }, [envId, stackId])

  // The diff's two sides need names of their own (Monaco's originalAriaLabel/modifiedAriaLabel
  // options do not reach them when the diff editor is created).
  const [diffEditor, setDiffEditor] = useState<MonacoEditorApi.IStandaloneDiffEditor | null>(null)
  const activeName = files.find((f) => f.kind === activeKind)?.name ?? files[0].name
  useEffect(() => {
    diffEditor?.getOriginalEditor().updateOptions({ ariaLabel: `${activeName} as the environment runs it now` })
    diffEditor?.getModifiedEditor().updateOptions({ ariaLabel: `${activeName} as edited (read-only here)` })
  }, [diffEditor, activeName])

  // ─── problems → editor ──────────────────────────────────────────────────────────────────
  const reveal = (d: Diagnostic) => {
    const file = files.find((f) => f.name === (d.file ?? files[0].name))
    if (!file) return
    flushSync(() => setActiveKind(file.kind))
    const editor = editors.current.get(file.kind)
    if (!editor) return
    editor.layout() // it may have been hidden behind the other tab until now
    revealDiagnostic(editor, d)
  }

  const replaceTexts = (textOf: (f: EditorFile) => string) => {
    for (const f of files) {
      const model = modelOf(pathsOf[f.kind].edit)
      const text = textOf(f)
      // An edit, not setValue: undo brings the operator's text back.
      if (model && model.getValue() !== text) model.pushEditOperations([], [{ range: model.getFullModelRange(), text }], () => null)
    }
  }
  const discardChanges = () => replaceTexts((f) => f.stored)
  // Re-validated as typing is: the edit reaches onChange.
  const actions: EditorActions = { replaceTexts: (texts) => replaceTexts((f) => (f.kind === 'docker' ? texts.dockerCompose : texts.rancherCompose)) }

  // When the baseline moves (applied, reloaded, rebased on a newer revision) the diff's left side follows it.
  useEffect(() => {
    for (const f of files) {
      const model = modelOf(pathsOf[f.kind].stored)
      if (model && !model.isDisposed() && model.getValue() !== f.stored) model.setValue(f.stored)
    }
  }, [files, pathsOf])

  // ─── server cross-check ─────────────────────────────────────────────────────────────────
  const server = useValidateOnServer()
  const [check, setCheck] = useState<ServerCheckState>({ state: 'idle' })
  const runServerCheck = () => {
    validator.cancel()
    const { input, result } = validator.now() // the browser's list for exactly what is sent
    setCheck({ state: 'pending' })
    const started = performance.now()
    server.mutate(input, {
      onSuccess: (answer) =>
        setCheck({
          state: 'done',
          comparison: compareDiagnostics(result.diagnostics, answer.diagnostics),
          count: answer.diagnostics.length,
          ms: performance.now() - started,
        }),
      onError: (error) => setCheck({ state: 'error', error }),
    })
  }

  // ─── derived ────────────────────────────────────────────────────────────────────────────
  const diagnostics = useMemo(() => (validation ? sortDiagnostics(validation.result.diagnostics, names) : []), [validation, names])
  const perFile = useMemo(() => diagnosticsByFile(diagnostics, names), [diagnostics, names])
  const renderedCni = useMemo(() => (validation ? cniFilesOfRendered(validation.result.rendered) : null), [validation])
  const texts = validation?.input.files.map((f) => f.content) ?? files.map((f) => f.stored)
  const dirty = files.some((f, i) => texts[i] !== f.stored)
  const draft: EditorDraft = {
    stackRevision,
    dockerCompose: texts[files.findIndex((f) => f.kind === 'docker')] ?? '',
    rancherCompose: texts[files.findIndex((f) => f.kind === 'rancher')] ?? '',
    answers,
    diagnostics: validation?.result.diagnostics ?? [],
    errorCount: validation ? countBySeverity(validation.result.diagnostics).errors : 0,
    dirty,
  }
  const activeFile = files.find((f) => f.kind === activeKind) ?? files[0]
  const rendered = validation?.result.rendered.find((r) => composeKindOf(r.name) === activeKind) ?? null

  const editorOptions = useMemo(() => {
    const out = {} as Record<ComposeKind, MonacoEditorApi.IStandaloneEditorConstructionOptions>
    for (const f of files) out[f.kind] = { ...BASE_OPTIONS, ariaLabel: `${f.name}, compose file editor` }
    return out
  }, [files])

  const tabId = (kind: ComposeKind) => `${ids}-tab-${kind}`
  const panelId = (kind: ComposeKind) => `${ids}-panel-${kind}`
  const onTabKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0
    if (step === 0) return
    event.preventDefault()
    const next = files[(index + step + files.length) % files.length]
    setActiveKind(next.kind)
    document.getElementById(tabId(next.kind))?.focus()
  }

  return (
    <>
      <section className="card editor-card" aria-labelledby={`${ids}-files`}>
        <div className="card-header card-header-wrap">
          <h2 id={`${ids}-files`}>Compose files</h2>
          <div className="editor-actions">
            <button type="button" className="button" onClick={discardChanges} disabled={!dirty}>
              Discard changes
            </button>
            <button type="button" className="button" onClick={runServerCheck} disabled={!ready || check.state === 'pending'}>
              Validate on server
            </button>
            {renderApply?.(draft, actions)}
          </div>
        </div>
        <div role="tablist" aria-label="Compose files" className="tabs">
          {files.map((f, index) => {
            const count = perFile.get(f.name)?.length ?? 0
            return (
              <button
                key={f.kind}
                id={tabId(f.kind)}
                type="button"
                role="tab"
                className="tab"
                aria-selected={f.kind === activeKind}
                aria-controls={panelId(f.kind)}
                tabIndex={f.kind === activeKind ? 0 : -1}
                onClick={() => setActiveKind(f.kind)}
                onKeyDown={(event) => onTabKeyDown(event, index)}
              >
                <code>{f.name}</code>
                {count > 0 && <span className="badge badge-bad tab-count">{`${count} ${count === 1 ? 'problem' : 'problems'}`}</span>}
              </button>
            )
          })}
        </div>
        {files.map((f) => (
          <div key={f.kind} id={panelId(f.kind)} role="tabpanel" aria-labelledby={tabId(f.kind)} hidden={f.kind !== activeKind} className="editor-panel">
            <Editor
              path={pathsOf[f.kind].edit}
              defaultValue={f.stored}
              defaultLanguage="yaml"
              theme={theme}
              height="60vh"
              // The diff editor shows this model too; the page disposes it once both editors are gone.
              keepCurrentModel
              options={editorOptions[f.kind]}
              onMount={onMountOf[f.kind]}
              onChange={onChange}
              loading={<Loading label={`Loading ${f.name}…`} />}
            />
          </div>
        ))}
        <p className="editor-status" role="status">
          {validation ? (
            <>
              <span className="strong">{countsText(validation.result.diagnostics)}</span>
              <span className="muted"> · validated in {formatMs(validation.result.ms)} ms</span>
              {dirty && <span className="muted"> · edited, not applied</span>}
            </>
          ) : (
            <span className="muted">Validating…</span>
          )}
        </p>
        <p className="muted small">
          Markers come from Paddock's validator (the same as the server's). Hover a key for its documentation; Ctrl+Space completes keys.
          Tab indents inside the editor; press Ctrl+M (on a Mac, Ctrl+Shift+M) to make Tab move the focus instead.
        </p>
      </section>

      <ProblemsPanel diagnostics={diagnostics} defaultFile={files[0].name} onReveal={reveal} pending={validation === null} />

      <ServerCheck check={check} onRetry={runServerCheck} />

      <section className="card" aria-labelledby={`${ids}-preview`}>
        <h2 id={`${ids}-preview`}>
          Render preview <span className="heading-kind">{rendered ? rendered.name : activeFile.name}, answers applied</span>
        </h2>
        {!ready || !validation ? (
          <Loading label="Rendering…" />
        ) : rendered ? (
          <RenderedView path={pathsOf[activeKind].rendered} text={rendered.content} theme={theme} label={`${rendered.name} rendered with the stack's answers`} />
        ) : (
          <p className="muted">The validator rendered nothing for this file; see Problems.</p>
        )}
      </section>

      <section className="card" aria-labelledby={`${ids}-diff`}>
        <h2 id={`${ids}-diff`}>
          Changes <span className="heading-kind">{activeFile.name} against what the environment runs now</span>
        </h2>
        {ready ? (
          <div className="diff-frame">
            <DiffEditor
              originalModelPath={pathsOf[activeKind].stored}
              modifiedModelPath={pathsOf[activeKind].edit}
              original={activeFile.stored}
              language="yaml"
              theme={theme}
              height="24rem"
              keepCurrentOriginalModel
              keepCurrentModifiedModel
              options={DIFF_OPTIONS}
              onMount={(editor) => setDiffEditor(editor)}
              loading={<Loading label="Loading the diff…" />}
            />
          </div>
        ) : (
          <Loading label="Loading the diff…" />
        )}
        <p className="muted small">{dirty ? 'Left: stored on the stack. Right: your edit.' : 'No changes yet: the files are as the stack stores them.'}</p>
      </section>

      <CniPreview rendered={renderedCni} current={currentCni} />
    </>
  )
}

/** A read-only editor on a model that follows `text` with minimal edits (scroll position kept). */
function RenderedView({ path, text, theme, label }: { path: string; text: string; theme: string; label: string }) {
  const [editor, setEditor] = useState<MonacoEditorApi.IStandaloneCodeEditor | null>(null)
  useEffect(() => {
    const model = editor?.getModel()
    if (model) syncModelText(model, text)
  }, [editor, path, text])
  const options = useMemo(() => ({ ...BASE_OPTIONS, readOnly: true, ariaLabel: label, renderValidationDecorations: 'off' as const }), [label])
  return (
    <Editor
      path={path}
      defaultValue={text}
      defaultLanguage="yaml"
      theme={theme}
      height="24rem"
      keepCurrentModel
      options={options}
      onMount={(e) => setEditor(e)}
      loading={<Loading label="Loading the preview…" />}
    />
  )
}
