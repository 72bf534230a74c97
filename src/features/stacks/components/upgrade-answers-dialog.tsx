import { useState, type FormEvent } from 'react'
import { Link } from 'wouter'
import type { Answers, CatalogTemplateVersion, ErrorDetail, Stack } from '../../../../core/api/index.ts'
import { checkStackAnswers } from '../../../../core/templates/rules.ts'
import { Dialog } from '../../../components/ui/dialog.tsx'
import { QueryView } from '../../../components/ui/query-view.tsx'
import { paths } from '../../../config/paths.ts'
import { ApiError } from '../../../lib/api-error.ts'
import { useCatalogTemplate } from '../../catalog/api/catalog-queries.ts'
import { pickVersion } from '../../catalog/utils/pick-version.ts'
import { answersToSend, changedAnswers, initialAnswerValues } from '../utils/answers.ts'
import { AnswersFields } from './answers-fields.tsx'
import { UpgradeReview, useUpgradeReview } from './upgrade-review.tsx'

function AnswersUpgradeForm({ envId, stack, version }: { envId: string; stack: Stack; version: CatalogTemplateVersion }) {
  const [values, setValues] = useState<Answers>(() => initialAnswerValues(version.questions, stack.answers))
  const [checked, setChecked] = useState(false)
  const review = useUpgradeReview(envId, stack.id)

  const toSend = answersToSend(version.questions, values, stack.answers)
  const changes = changedAnswers(stack.answers, toSend)
  // The shared rules (types, bounds, CIDRs, cross-field) as the server applies them; shown once
  // the operator asked for a preview, then kept up to date as they type.
  const localErrors: ErrorDetail[] = checked ? checkStackAnswers(version.questions, toSend) : []
  const serverErrors = review.preview.error instanceof ApiError ? review.preview.error.fieldErrors : []
  const errors = [...localErrors, ...serverErrors.filter((s) => !localErrors.some((l) => l.path === s.path))]

  const handleChange = (variable: string, value: string) => {
    setValues((old) => ({ ...old, [variable]: value }))
    review.reset()
  }
  const handleSubmit = (event: FormEvent) => {
    event.preventDefault()
    setChecked(true)
    if (checkStackAnswers(version.questions, toSend).length > 0 || changes.length === 0) return
    review.start({ answers: toSend })
  }

  return (
    <form onSubmit={handleSubmit} noValidate className="form">
      <p className="muted small">
        Version {version.version} of the catalog template. Changing the version or the compose files is done in the{' '}
        <Link href={paths.stackEdit.href(envId, stack.id)}>compose editor</Link>.
      </p>
      <AnswersFields questions={version.questions} values={values} onChange={handleChange} errors={errors} />
      {checked && changes.length === 0 && <p role="status">No answer changed: there is nothing to upgrade.</p>}
      {changes.length > 0 && (
        <ul className="plain-list small" aria-label="Changed answers">
          {changes.map((line) => (
            <li key={line}>
              <code>{line}</code>
            </li>
          ))}
        </ul>
      )}
      {review.body === null && (
        <div className="form-actions">
          <button type="submit" className="button button-primary">
            Preview the upgrade
          </button>
        </div>
      )}
      <UpgradeReview review={review} stackName={stack.name} />
    </form>
  )
}

function AnswersUpgrade({ envId, stack }: { envId: string; stack: Stack }) {
  const catalogTemplate = useCatalogTemplate(stack.catalogTemplateId ?? '')
  return (
    <QueryView query={catalogTemplate} what="the catalog template">
      {(template) => {
        const { version } = pickVersion(template, stack.version)
        if (!version) return <p>The catalog template {template.name} has no versions left: its questions are unknown.</p>
        return <AnswersUpgradeForm envId={envId} stack={stack} version={version} />
      }}
    </QueryView>
  )
}

/** "Upgrade" on the Stacks screen: new answers for the stack's catalog version, previewed before they are applied. */
export function UpgradeStackButton({ envId, stack }: { envId: string; stack: Stack }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" className="button button-small" onClick={() => setOpen(true)} aria-label={`Upgrade stack ${stack.name}`}>
        Upgrade
      </button>
      <Dialog open={open} title={`Upgrade ${stack.name}: answers`} onClose={() => setOpen(false)} className="dialog-wide">
        {stack.catalogTemplateId ? (
          <AnswersUpgrade envId={envId} stack={stack} />
        ) : (
          <p>
            {stack.name} comes from no catalog template, so it has no questions to answer. Change its compose in the{' '}
            <Link href={paths.stackEdit.href(envId, stack.id)}>compose editor</Link>.
          </p>
        )}
      </Dialog>
    </>
  )
}
