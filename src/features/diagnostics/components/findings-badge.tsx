import { Link } from 'wouter'
import { paths } from '../../../config/paths.ts'
import { useFindings } from '../api/findings-queries.ts'
import { findingCounts, SEVERITY_TONE, worstSeverity } from '../utils/finding-format.ts'

/** "Findings: N", coloured by the worst severity, linking to the checklist; nothing until the first run answers. */
export function FindingsBadge({ envId }: { envId: string }) {
  const findings = useFindings(envId)
  if (!findings.data) return null
  const items = findings.data.items
  const worst = worstSeverity(items)
  return (
    <Link
      href={paths.findings.href(envId)}
      className={`badge badge-${worst ? SEVERITY_TONE[worst] : 'ok'}`}
      title={items.length === 0 ? 'Every check passed' : findingCounts(items)}
    >
      Findings: {items.length}
    </Link>
  )
}
