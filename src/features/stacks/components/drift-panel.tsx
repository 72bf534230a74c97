import { useId } from 'react'
import { Link } from 'wouter'
import type { Environment, Stack, StackDrift } from '../../../../core/api/index.ts'
import { QueryView } from '../../../components/ui/query-view.tsx'
import { StateBadge } from '../../../components/ui/state-badge.tsx'
import { paths } from '../../../config/paths.ts'
import { TemplateProvenance } from '../../environments/components/template-provenance.tsx'
import { useDrift } from '../api/drift-queries.ts'
import { useStacks } from '../api/stacks-queries.ts'
import { DRIFT_STATUS_EXPLANATION, DRIFT_STATUS_TEXT, DRIFT_STATUS_TONE, driftChangeLabel, driftChangeText, templateAnswersFor } from '../utils/drift.ts'
import { UpgradeReview, useUpgradeReview } from './upgrade-review.tsx'

/** "Preview upgrade to the template": the stack's answers set back to the template's, previewed, then applicable. */
function PreviewToTemplate({ envId, stack, drift }: { envId: string; stack: Stack; drift: StackDrift }) {
  const review = useUpgradeReview(envId, stack.id)
  const otherChanges = drift.changes.filter((c) => c.variable === null)
  return (
    <div>
      {review.body === null ? (
        <button type="button" className="button button-small" onClick={() => review.start({ answers: templateAnswersFor(stack, drift) })}>
          Preview upgrade to the template
        </button>
      ) : (
        <button type="button" className="button button-small button-ghost" onClick={review.reset}>
          Hide the preview
        </button>
      )}
      {(otherChanges.length > 0 || drift.composeChanged) && (
        <p className="muted small">
          An upgrade here sets the answers back; {otherChanges.length > 0 ? otherChanges.map((c) => c.field).join(', ') : 'the custom compose'} stays
          as it runs (change it in the <Link href={paths.stackEdit.href(envId, stack.id)}>compose editor</Link>).
        </p>
      )}
      <UpgradeReview review={review} stackName={stack.name} applyLabel="Upgrade to the template’s answers" />
    </div>
  )
}

function DriftItem({ envId, drift, stack }: { envId: string; drift: StackDrift; stack: Stack | undefined }) {
  const canPreview = drift.status === 'drifted' && stack !== undefined && drift.changes.some((c) => c.variable !== null)
  return (
    <li className="upgrade-host-group">
      <p>
        <span className="strong">{drift.stackId ? <Link href={paths.stack.href(envId, drift.stackId)}>{drift.name}</Link> : drift.name}</span>{' '}
        <StateBadge state={DRIFT_STATUS_TONE[drift.status]} label={DRIFT_STATUS_TEXT[drift.status]} />{' '}
        <span className="muted small">{DRIFT_STATUS_EXPLANATION[drift.status]}</span>
      </p>
      {(drift.changes.length > 0 || drift.composeChanged) && (
        <ul className="plain-list" aria-label={`How ${drift.name} differs (template → running)`}>
          {drift.changes.map((change) => (
            <li key={`${change.field}:${change.variable ?? ''}`}>
              <code>{driftChangeText(change)}</code>
              {driftChangeLabel(change) && <span className="muted small"> ({driftChangeLabel(change)})</span>}
            </li>
          ))}
          {drift.composeChanged && <li>compose customised</li>}
        </ul>
      )}
      {canPreview && <PreviewToTemplate envId={envId} stack={stack} drift={drift} />}
    </li>
  )
}

/**
 * The running infrastructure stacks against the template the environment was created from (as
 * it was then): per stack in sync, drifted (each difference as `MTU 1500 → 1400`, template →
 * running), missing or added, and for a drifted stack what an upgrade back would change.
 */
export function DriftPanel({ environment }: { environment: Environment }) {
  const headingId = useId()
  const drift = useDrift(environment.id)
  const stacks = useStacks(environment.id)
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Drift from the template</h2>
      <QueryView query={drift} what="the drift from the template">
        {(report) => (
          <>
            <p>
              <TemplateProvenance
                environmentTemplateId={report.environmentTemplateId}
                templateName={report.templateName}
                templateRevision={report.templateRevision}
              />
            </p>
            {report.templateChangedSince !== null && (
              <p className="panel panel-warning">
                The template has changed since (revision {report.templateChangedSince}). This environment keeps what it was created
                with, and is compared with the template as it was then.
              </p>
            )}
            {report.stacks.length === 0 ? (
              <p className="muted">No infrastructure stacks in the template or running: nothing to compare.</p>
            ) : (
              <ul className="plain-list" aria-label="Stacks against the template">
                {report.stacks.map((d) => (
                  <DriftItem key={`${d.name}:${d.stackId ?? ''}`} envId={environment.id} drift={d} stack={stacks.data?.find((s) => s.id === d.stackId)} />
                ))}
              </ul>
            )}
          </>
        )}
      </QueryView>
    </section>
  )
}
