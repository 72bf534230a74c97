import { useId, useState, type FormEvent } from 'react'
import { CATALOG_CATEGORIES, type Answers, type CatalogTemplate, type ErrorDetail, type Stack } from '../../../../core/api/index.ts'
import { checkStackAnswers } from '../../../../core/templates/rules.ts'
import { Dialog } from '../../../components/ui/dialog.tsx'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { QueryView } from '../../../components/ui/query-view.tsx'
import { ApiError, fieldMessages } from '../../../lib/api-error.ts'
import { useCatalog } from '../../catalog/api/catalog-queries.ts'
import { versionsNewestFirst } from '../../catalog/utils/pick-version.ts'
import { useCreateStack } from '../api/stacks-mutations.ts'
import { answersToSend, initialAnswerValues } from '../utils/answers.ts'
import { AnswersFields } from './answers-fields.tsx'

/** The stack name a catalog template suggests: its id (`ipsec`), numbered when that is taken. */
export function suggestedStackName(template: CatalogTemplate, taken: ReadonlySet<string>): string {
  if (!taken.has(template.id)) return template.id
  for (let n = 2; ; n++) if (!taken.has(`${template.id}-${n}`)) return `${template.id}-${n}`
}

/** Paths the form shows next to a field; any other problem goes to the panel at the bottom. */
const FORM_PATHS = ['name', 'catalogTemplateId', 'version']

type FormProps = { envId: string; catalog: CatalogTemplate[]; stacks: Stack[]; onAdded: () => void }

function AddStackForm({ envId, catalog, stacks, onAdded }: FormProps) {
  const ids = useId()
  const create = useCreateStack(envId)
  const taken = new Set(stacks.filter((s) => s.state !== 'removed').map((s) => s.name))
  const first = catalog[0]
  const [templateId, setTemplateId] = useState(first?.id ?? '')
  const template = catalog.find((t) => t.id === templateId) ?? null
  const [versionName, setVersionName] = useState(first?.defaultVersion ?? '')
  const version = template?.versions.find((v) => v.version === versionName) ?? null
  const [name, setName] = useState(() => (first ? suggestedStackName(first, taken) : ''))
  const [values, setValues] = useState<Answers>(() => initialAnswerValues(version?.questions ?? []))
  const [checked, setChecked] = useState(false)

  const pickTemplate = (id: string) => {
    const next = catalog.find((t) => t.id === id)
    setTemplateId(id)
    setVersionName(next?.defaultVersion ?? '')
    setValues(initialAnswerValues(next?.versions.find((v) => v.version === next.defaultVersion)?.questions ?? []))
    if (next) setName(suggestedStackName(next, taken))
    create.reset()
  }
  const pickVersion = (v: string) => {
    setVersionName(v)
    // Answers carry over where the new version asks the same question.
    const questions = template?.versions.find((x) => x.version === v)?.questions ?? []
    setValues((old) => ({ ...initialAnswerValues(questions), ...Object.fromEntries(Object.entries(old).filter(([k]) => questions.some((q) => q.variable === k))) }))
    create.reset()
  }

  const questions = version?.questions ?? []
  const answers = answersToSend(questions, values)
  const localErrors: ErrorDetail[] = checked ? checkStackAnswers(questions, answers) : []
  const serverErrors = create.error instanceof ApiError ? create.error.fieldErrors : []
  const answerErrors = [...localErrors, ...serverErrors.filter((s) => s.path.startsWith('answers.') && !localErrors.some((l) => l.path === s.path))]
  const nameErrors = [
    ...fieldMessages(create.error, 'name'),
    ...(create.error instanceof ApiError && create.error.code === 'NAME_TAKEN' ? [create.error.message] : []),
  ]
  const shownElsewhere = (d: ErrorDetail) => FORM_PATHS.includes(d.path) || d.path.startsWith('answers.')
  // Whatever no field shows (a 409, a problem with another path) goes to the panel.
  const everyDetailShown = serverErrors.length > 0 && serverErrors.every(shownElsewhere)
  const nameTaken = create.error instanceof ApiError && create.error.code === 'NAME_TAKEN'
  const generalError = create.error && !nameTaken && !everyDetailShown ? create.error : null

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault()
    setChecked(true)
    if (!template || !version || checkStackAnswers(questions, answers).length > 0) return
    const isDefault = version.version === template.defaultVersion
    create.mutate({ name: name.trim(), catalogTemplateId: template.id, version: isDefault ? null : version.version, answers }, { onSuccess: onAdded })
  }

  const fieldError = (path: string, id: string, extra: string[] = []) => {
    const messages = [...fieldMessages(create.error, path), ...extra]
    return messages.length > 0 ? (
      <p id={id} className="field-error">
        {messages.join(' ')}
      </p>
    ) : null
  }

  return (
    <form onSubmit={handleSubmit} noValidate className="form">
      <div className="field">
        <label htmlFor={`${ids}-template`}>Catalog template</label>
        <select id={`${ids}-template`} value={templateId} onChange={(e) => pickTemplate(e.target.value)} aria-describedby={`${ids}-template-hint`}>
          {CATALOG_CATEGORIES.map((category) => {
            const inCategory = catalog.filter((t) => t.category === category)
            return inCategory.length === 0 ? null : (
              <optgroup key={category} label={category}>
                {inCategory.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </optgroup>
            )
          })}
        </select>
        <p id={`${ids}-template-hint`} className="muted small">
          {template ? `${template.category}: ${template.description}` : ''}
          {template?.category === 'Networking' && ' An environment takes one network driver; a second is refused.'}
        </p>
        {fieldError('catalogTemplateId', `${ids}-template-error`)}
      </div>
      <div className="field">
        <label htmlFor={`${ids}-version`}>Version</label>
        <select id={`${ids}-version`} value={versionName} onChange={(e) => pickVersion(e.target.value)}>
          {template &&
            versionsNewestFirst(template).map((v) => (
              <option key={v.version} value={v.version}>
                {v.version === template.defaultVersion ? `${v.version} (default)` : v.version}
              </option>
            ))}
        </select>
        {fieldError('version', `${ids}-version-error`)}
      </div>
      <div className="field">
        <label htmlFor={`${ids}-name`}>Stack name</label>
        <input
          id={`${ids}-name`}
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          maxLength={63}
          required
          aria-invalid={nameErrors.length > 0 || undefined}
          aria-describedby={nameErrors.length > 0 ? `${ids}-name-error` : undefined}
        />
        {nameErrors.length > 0 && (
          <p id={`${ids}-name-error`} className="field-error">
            {nameErrors.join(' ')}
          </p>
        )}
      </div>
      <h3>Answers</h3>
      <AnswersFields questions={questions} values={values} onChange={(k, v) => setValues((old) => ({ ...old, [k]: v }))} errors={answerErrors} />
      {generalError && <ErrorPanel title="The stack was not added" error={generalError} />}
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={create.isPending || !template}>
          {create.isPending ? 'Adding…' : 'Add stack'}
        </button>
      </div>
    </form>
  )
}

/** "Add stack": an infrastructure stack from the catalog, e.g. a network driver again after a forced removal. */
export function AddStackButton({ envId, stacks }: { envId: string; stacks: Stack[] }) {
  const [open, setOpen] = useState(false)
  const catalog = useCatalog()
  return (
    <>
      <button type="button" className="button button-primary" onClick={() => setOpen(true)}>
        Add stack
      </button>
      <Dialog open={open} title="Add an infrastructure stack" onClose={() => setOpen(false)} className="dialog-wide">
        <QueryView query={catalog} what="the catalog">
          {(list) =>
            list.length === 0 ? (
              <p>The catalog is empty: import a catalog template first.</p>
            ) : (
              <AddStackForm envId={envId} catalog={list} stacks={stacks} onAdded={() => setOpen(false)} />
            )
          }
        </QueryView>
      </Dialog>
    </>
  )
}
