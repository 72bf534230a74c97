import { Link } from 'wouter'
import type { Environment } from '../../../../core/api/index.ts'
import { paths } from '../../../config/paths.ts'
import { TemplateProvenance } from '../../environments/components/template-provenance.tsx'
import { useDrift } from '../api/drift-queries.ts'
import { driftSummaryText } from '../utils/drift.ts'

/**
 * One line for the overview: where the environment came from and whether its stacks still
 * match, linking to the drift panel. Provenance shows at once (it is on the environment); the
 * drift follows when it has loaded, and its errors are left to the Stacks screen.
 */
export function DriftSummary({ environment }: { environment: Environment }) {
  const drift = useDrift(environment.id)
  const report = drift.data
  return (
    <p>
      <TemplateProvenance
        environmentTemplateId={environment.environmentTemplateId}
        templateName={environment.templateName}
        templateRevision={environment.templateRevision}
      />
      {report && report.templateName && (
        <>
          {' '}
          <span className="muted">
            {report.templateChangedSince !== null && <>The template has changed since (revision {report.templateChangedSince}). </>}
            Drift: {driftSummaryText(report)}.
          </span>
        </>
      )}{' '}
      <Link href={paths.stacks.href(environment.id)}>Stacks and drift</Link>
    </p>
  )
}
