import { useState } from 'react'
import { useSearchParams } from 'wouter'
import type { Environment, Finding } from '../../../core/api/index.ts'
import { EmptyState } from '../../components/ui/empty-state.tsx'
import { QueryView } from '../../components/ui/query-view.tsx'
import { RelativeTime } from '../../components/ui/relative-time.tsx'
import { useFindings } from '../../features/diagnostics/api/findings-queries.ts'
import { ChecklistEveryCheck } from '../../features/diagnostics/components/checklist-every-check.tsx'
import { ChecklistGroups } from '../../features/diagnostics/components/checklist-groups.tsx'
import { useHashTarget } from '../../features/diagnostics/components/checklist-hash-target.tsx'
import { ChecklistSeverityFilter } from '../../features/diagnostics/components/checklist-severity-filter.tsx'
import { findingCounts, parseSeverity, SEVERITY_GROUP_LABEL, type Severity } from '../../features/diagnostics/utils/finding-format.ts'
import { formatDateTime } from '../../lib/format.ts'

/** URL parameter of the severity filter (`?severity=error`); absent: all severities. */
const SEVERITY_PARAM = 'severity'

/**
 * The troubleshooting checklist of Rancher's cross-host docs, run by the server over what the
 * agents reported: findings grouped by severity and subject, and every check with its result.
 * Live events re-run it when hosts, containers, networks or stacks change.
 */
export function FindingsPage({ environment }: { environment: Environment }) {
  const envId = environment.id
  const findings = useFindings(envId)
  const [params, setParams] = useSearchParams()
  const severity = parseSeverity(params.get(SEVERITY_PARAM))
  const setSeverity = (value: Severity | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev)
      if (value) next.set(SEVERITY_PARAM, value)
      else next.delete(SEVERITY_PARAM)
      return next
    })
  // a link from the Hosts screen names a finding (`#finding-…`): go to it once the list is there
  useHashTarget(findings.data !== undefined)
  // only a run the operator asked for is announced; live refreshes update the counts quietly
  const [running, setRunning] = useState(false)
  const runNow = () => {
    setRunning(true)
    void findings.refetch().finally(() => setRunning(false))
  }
  const isShown = (f: Finding) => severity === null || f.severity === severity
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Findings</h1>
          <p className="muted">
            The cross-host troubleshooting checklist — driver and network services, registered agent IPs, routers, tunnel
            ports, peers, MTU, managed IPs and metadata — run over what the agents reported, each finding with its evidence
            and fix.
          </p>
        </div>
        <button type="button" className="button" onClick={runNow}>
          Run checks now
        </button>
      </div>
      <p className="muted small" role="status">
        {running
          ? 'Running the checks…'
          : findings.data && (
              <>
                {findingCounts(findings.data.items)} · checked <RelativeTime iso={findings.data.checkedAt} />
              </>
            )}
      </p>
      <QueryView query={findings} what="findings">
        {(data) => {
          const shown = data.items.filter(isShown)
          return (
            <>
              {data.items.length > 0 && (
                <div className="toolbar">
                  <ChecklistSeverityFilter findings={data.items} value={severity} onChange={setSeverity} />
                </div>
              )}
              {data.items.length === 0 ? (
                <EmptyState title="No findings: every check passed">
                  <p className="muted">
                    Checked at <time dateTime={data.checkedAt}>{formatDateTime(data.checkedAt)}</time>.
                  </p>
                </EmptyState>
              ) : shown.length === 0 && severity ? (
                <EmptyState title={`No ${SEVERITY_GROUP_LABEL[severity].toLowerCase()}`}>
                  <p className="muted">
                    The other findings are hidden by the severity filter.{' '}
                    <button type="button" className="button button-small" onClick={() => setSeverity(null)}>
                      Show all
                    </button>
                  </p>
                </EmptyState>
              ) : (
                <ChecklistGroups envId={envId} findings={shown} />
              )}
              {/* last: what needs attention comes first, and the collapsed list's check ids stay behind the findings' own */}
              <ChecklistEveryCheck findings={data.items} isShown={isShown} />
            </>
          )
        }}
      </QueryView>
    </>
  )
}
