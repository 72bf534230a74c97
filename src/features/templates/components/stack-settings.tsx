import { lazy, useId, useState } from 'react'
import type { CatalogTemplate, TemplateStack } from '../../../../core/api/index.ts'
import { LazyBoundary } from '../../../components/ui/lazy-boundary.tsx'
import { Tag } from '../../../components/ui/state-badge.tsx'
import { composeKindOf, type ComposeKind } from '../../stack-editor/utils/editor-files.ts'
import { versionOf, withAnswer } from '../utils/template-draft.ts'
import { AnswerField } from './answer-field.tsx'
import type { ComposeFileDraft } from './template-compose-editor.tsx'

// Monaco and the validator are downloaded when an operator customises a compose, not before.
const TemplateComposeEditor = lazy(() => import('./template-compose-editor.tsx'))

type Props = {
  stack: TemplateStack
  /** Its catalog template (a stack the catalog lacks is shown elsewhere, with its error). */
  catalogTemplate: CatalogTemplate
  /** Messages by path inside the stack (`version`, `answers.SUBNET`, `dockerCompose`…; '' for the stack). */
  errors: Record<string, string[]>
  onChange: (next: TemplateStack) => void
  /** Keeps the Monaco models of different editors apart. */
  editorKey: string
  /** The answers start folded (they are long and rarely changed) unless one has a problem. */
  answersOpen?: boolean
}

function Messages({ id, messages }: { id?: string; messages: string[] }) {
  if (messages.length === 0) return null
  return (
    <ul id={id} className="field-error">
      {messages.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  )
}

/**
 * The settings of one chosen stack: its catalog version (default marked), the answers form
 * generated from that version's questions, and its compose, which an operator may replace
 * with a custom one (kept in the template) or reset to the catalog's.
 */
export function StackSettings({ stack, catalogTemplate: ct, errors, onChange, editorKey, answersOpen = false }: Props) {
  const ids = useId()
  const versionId = `${ids}-version`
  const versionErrorId = `${ids}-version-error`
  const [composeOpen, setComposeOpen] = useState(false)
  // A new generation of the editor (fresh models) after "Reset to catalog".
  const [generation, setGeneration] = useState(0)
  const version = versionOf(stack, ct)
  const versionErrors = [...(errors.version ?? []), ...(errors.catalogTemplateId ?? [])]
  const answerErrors = Object.keys(errors).some((p) => p.startsWith('answers.'))
  const composeErrors = [...(errors.dockerCompose ?? []), ...(errors.rancherCompose ?? [])]
  const custom = stack.dockerCompose !== null || stack.rancherCompose !== null

  const catalogFile = (kind: ComposeKind) => version?.files.find((f) => composeKindOf(f.name) === kind)
  const files: ComposeFileDraft[] = (['docker', 'rancher'] as const).flatMap((kind) => {
    const file = catalogFile(kind)
    const own = kind === 'docker' ? stack.dockerCompose : stack.rancherCompose
    if (!file && own === null) return []
    return [
      {
        kind,
        name: file?.name ?? (kind === 'docker' ? 'docker-compose.yml' : 'rancher-compose.yml'),
        catalogText: file?.content ?? '',
        text: own ?? file?.content ?? '',
      },
    ]
  })
  const setCompose = (kind: ComposeKind, text: string) => {
    // Back to exactly the catalog's text: nothing custom to keep.
    const value = text === (catalogFile(kind)?.content ?? null) ? null : text
    onChange(kind === 'docker' ? { ...stack, dockerCompose: value } : { ...stack, rancherCompose: value })
  }
  const resetCompose = () => {
    onChange({ ...stack, dockerCompose: null, rancherCompose: null })
    setGeneration((g) => g + 1)
  }
  const unanswered = version ? Object.keys(stack.answers).filter((v) => !version.questions.some((q) => q.variable === v)) : []

  return (
    <div className="stack-settings" role="group" aria-label={`${ct.name} settings`}>
      <Messages messages={[...(errors[''] ?? []), ...(errors.name ?? [])]} />
      <div className="field">
        <label htmlFor={versionId}>Version</label>
        <select
          id={versionId}
          value={stack.version ?? ''}
          onChange={(e) => onChange({ ...stack, version: e.target.value === '' ? null : e.target.value })}
          aria-invalid={versionErrors.length > 0 || undefined}
          aria-describedby={versionErrors.length > 0 ? versionErrorId : undefined}
        >
          <option value="">{`Catalog default (now ${ct.defaultVersion})`}</option>
          {stack.version !== null && !ct.versions.some((v) => v.version === stack.version) && (
            <option value={stack.version}>{`${stack.version} (not in the catalog)`}</option>
          )}
          {[...ct.versions]
            .sort((a, b) => b.versionIndex - a.versionIndex)
            .map((v) => (
              <option key={v.version} value={v.version}>
                {v.version === ct.defaultVersion ? `${v.version} (default)` : v.version}
              </option>
            ))}
        </select>
        <Messages id={versionErrorId} messages={versionErrors} />
      </div>

      {version && version.questions.length > 0 && (
        <details className="stack-answers" open={answersOpen || answerErrors || undefined}>
          <summary>
            Answers{' '}
            <span className="muted small">
              ({version.questions.length} questions of version {version.version}; empty answers take the default)
            </span>
          </summary>
          <div className="answers-form" role="group" aria-label={`Answers for ${ct.name}`}>
            {version.questions.map((q) => (
              <AnswerField
                key={q.variable}
                question={q}
                value={stack.answers[q.variable] ?? ''}
                onChange={(value) => onChange(withAnswer(stack, q, value))}
                errors={errors[`answers.${q.variable}`] ?? []}
              />
            ))}
          </div>
          {unanswered.length > 0 && (
            <p className="muted small">
              Answers this version asks no question for (kept, unused): {unanswered.map((v) => `${v}=${stack.answers[v]}`).join(', ')}.
            </p>
          )}
        </details>
      )}
      {version && version.questions.length === 0 && <p className="muted small">Version {version.version} asks no questions.</p>}

      <div className="stack-compose">
        <p>
          {custom ? (
            <>
              <Tag title="Kept in the template; replaces the catalog's files">custom compose</Tag> This stack deploys its own compose
              instead of the catalog's.
            </>
          ) : (
            <span className="muted">Deploys the catalog's compose files of the chosen version.</span>
          )}
        </p>
        <div className="toolbar">
          <button
            type="button"
            className="button button-small"
            onClick={() => setComposeOpen((o) => !o)}
            disabled={files.length === 0}
            aria-expanded={composeOpen}
          >
            {composeOpen ? 'Hide the compose editor' : 'Customise compose'}
          </button>
          {custom && (
            <button type="button" className="button button-small" onClick={resetCompose}>
              Reset to catalog
            </button>
          )}
        </div>
        <Messages messages={composeErrors} />
        {composeOpen && files.length > 0 && (
          <LazyBoundary loadingLabel="Loading the compose editor…" what="compose editor">
            <TemplateComposeEditor
              key={`${version?.version ?? ''}:${generation}`}
              modelKey={`${editorKey}-${version?.version ?? 'none'}-${generation}`}
              stackLabel={ct.name}
              files={files}
              answers={stack.answers}
              onChange={setCompose}
            />
          </LazyBoundary>
        )}
      </div>
    </div>
  )
}
