import { useId, useMemo, useState } from 'react'
import { useSearchParams } from 'wouter'
import type { CatalogTemplateVersion, Diagnostic, ErrorDetail, Question } from '../../../../core/api/index.ts'
import { effectiveAnswers } from '../../../../core/compose/answers.ts'
import { AnswersFields } from '../../../components/answers/answer-field.tsx'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { FileView } from '../../../components/ui/file-view.tsx'
import { useCatalogValidator, useDebouncedValue } from '../hooks/use-catalog-validator.ts'
import { ANSWER_PARAM_PREFIX, diagnosticsByVariable } from '../utils/answer-diagnostics.ts'
import { diagnosticCounts, DiagnosticsList } from './diagnostics-list.tsx'

/** Validation runs this long after the last change of an answer. */
const VALIDATE_AFTER_MS = 300

type Answers = Record<string, string>

/** Question defaults, overridden by `answers.<VARIABLE>` in the URL (passwords never come from there). */
function initialAnswers(questions: readonly Question[], params: URLSearchParams): Answers {
  const out: Answers = {}
  for (const q of questions) {
    const fromUrl = q.type === 'password' ? null : params.get(`${ANSWER_PARAM_PREFIX}${q.variable}`)
    out[q.variable] = fromUrl ?? q.default ?? ''
  }
  return out
}

const shown = (d: Diagnostic) => `${d.message} (${d.code}, ${d.file ?? ''}:${d.line}:${d.column})`

/**
 * "Try answers": a form generated from a version's questions (the shared answer fields: CIDR and
 * IPv4 text, int → number with min/max, boolean → checkbox, enum → select, password, multiline →
 * textarea, string → text), defaults prefilled. Answers are checked as the server checks them (effectiveAnswers) at once, and the
 * version's compose is rendered and validated with them in the browser (the core validator,
 * loaded on demand): the rendered files, the diagnostics, and under each field the problems its
 * answer caused. Changed answers (not passwords) live in the URL, so a reload or a link restores them.
 */
export function TryAnswers({ version }: { version: CatalogTemplateVersion }) {
  const headingId = useId()
  const [searchParams, setSearchParams] = useSearchParams()
  const [answers, setAnswers] = useState<Answers>(() => initialAnswers(version.questions, searchParams))
  const { validator, error: loadError } = useCatalogValidator()
  const settled = useDebouncedValue(answers, VALIDATE_AFTER_MS)

  const checked = useMemo(() => effectiveAnswers(version.questions, answers), [version.questions, answers])
  const result = useMemo(() => {
    if (validator === null) return null
    try {
      return validator.validateNetworkDriver({ files: version.files, answers: settled })
    } catch (error) {
      return { error }
    }
  }, [validator, version.files, settled])
  const diagnostics = useMemo(() => (result && 'diagnostics' in result ? result.diagnostics : []), [result])
  const byVariable = useMemo(
    () => diagnosticsByVariable(diagnostics, version.files, new Set(version.questions.map((q) => q.variable))),
    [diagnostics, version.files, version.questions],
  )

  // What the rendered compose says about each answer, as problems at its field: errors make it invalid.
  const caused = useMemo(() => {
    const out: { errors: ErrorDetail[]; warnings: ErrorDetail[] } = { errors: [], warnings: [] }
    for (const [variable, list] of byVariable) {
      for (const d of list) {
        const detail = { path: `answers.${variable}`, message: shown(d) }
        if (d.severity === 'error') out.errors.push(detail)
        else if (d.severity === 'warning') out.warnings.push(detail)
      }
    }
    return out
  }, [byVariable])

  const writeUrl = (next: Answers) =>
    setSearchParams(
      (prev) => {
        const params = new URLSearchParams(prev)
        for (const q of version.questions) {
          const key = `${ANSWER_PARAM_PREFIX}${q.variable}`
          const value = next[q.variable] ?? ''
          if (q.type === 'password' || value === (q.default ?? '')) params.delete(key)
          else params.set(key, value)
        }
        return params
      },
      { replace: true },
    )
  const setAnswer = (variable: string, value: string) => {
    const next = { ...answers, [variable]: value }
    setAnswers(next)
    writeUrl(next)
  }
  const reset = () => {
    const defaults = initialAnswers(version.questions, new URLSearchParams())
    setAnswers(defaults)
    writeUrl(defaults)
  }

  if (version.questions.length === 0 && version.files.length === 0) return null
  const stale = settled !== answers

  return (
    <section className="try-answers" aria-labelledby={headingId}>
      <div className="card-header card-header-wrap">
        <h3 id={headingId}>Try answers</h3>
        {version.questions.length > 0 && (
          <button type="button" className="button button-small card-header-action" onClick={reset}>
            Reset to defaults
          </button>
        )}
      </div>
      <p className="muted">
        The questions as the form an operator fills in (* marks a required answer). Answers are strings, as in Rancher; an empty answer takes the question&apos;s default.
        The compose below is rendered and validated with these answers in the browser.
      </p>
      {version.questions.length > 0 && (
        <form noValidate aria-label={`Answers for version ${version.version}`} onSubmit={(e) => e.preventDefault()}>
          <AnswersFields
            questions={version.questions}
            values={answers}
            onChange={setAnswer}
            errors={[...checked.errors, ...caused.errors]}
            warnings={caused.warnings}
            prefilled
          />
        </form>
      )}

      <h4>Problems with these answers</h4>
      {loadError ? (
        <ErrorPanel title="Could not load the validator" error={loadError} onRetry={() => window.location.reload()} />
      ) : result === null ? (
        // Not a <Loading> (role=status): the page's own status line about the version stays the only one.
        <p className="muted">Loading the validator…</p>
      ) : 'error' in result ? (
        <ErrorPanel title="The validator failed" error={result.error} />
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {stale ? 'Validating…' : diagnosticCounts(diagnostics)}
          </p>
          <DiagnosticsList diagnostics={diagnostics} label={`Problems of version ${version.version} with these answers`} defaultFile={version.files[0]?.name} />
          <h4>Rendered with these answers</h4>
          {result.rendered.map((file) => (
            <FileView key={file.name} name={file.name} label={`rendered ${file.name}`} content={file.content} headingLevel={4} />
          ))}
        </>
      )}
    </section>
  )
}
