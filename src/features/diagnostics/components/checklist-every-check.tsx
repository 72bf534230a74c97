import { CHECKS } from '../../../../core/diagnostics/checks.ts'
import type { Finding } from '../../../../core/api/index.ts'
import { checkStatuses, findingAnchor, findingsCountText, SEVERITY_TONE } from '../utils/finding-format.ts'

type Props = {
  findings: readonly Finding[]
  /** Whether a finding's article is on the page (the severity filter may hide it): only then is it linked. */
  isShown: (finding: Finding) => boolean
}

/**
 * Every check the server runs, each marked passed or with its number of findings, so an
 * operator sees what was checked and not only what failed (the documented procedure, domain §4).
 * Collapsed by default: the findings below are what needs attention.
 */
export function ChecklistEveryCheck({ findings, isShown }: Props) {
  const statuses = checkStatuses(CHECKS, findings)
  const passed = statuses.filter((s) => s.findings.length === 0 && !s.couldNotRun).length
  return (
    <details className="card checklist-every-check">
      <summary>
        <strong>Every check</strong>{' '}
        <span className="muted">
          · {passed} of {statuses.length} passed
        </span>
      </summary>
      <ul className="plain-list" aria-label="Every check">
        {statuses.map((check) => {
          const first = check.findings[0]
          return (
            <li key={check.id}>
              {first ? (
                <span className={`badge badge-${SEVERITY_TONE[check.severity]}`}>{findingsCountText(check.findings.length)}</span>
              ) : check.couldNotRun ? (
                <span className="badge badge-warning">could not run</span>
              ) : (
                <span className="badge badge-ok">passed</span>
              )}{' '}
              {first && isShown(first) ? <a href={`#${findingAnchor(first)}`}>{check.title}</a> : check.title}{' '}
              <code className="muted small">{check.id}</code>
            </li>
          )
        })}
      </ul>
    </details>
  )
}
