import { useState } from 'react'
import type { Environment } from '../../../core/api/index.ts'
import { EmptyState } from '../../components/ui/empty-state.tsx'
import { QueryView } from '../../components/ui/query-view.tsx'
import { RelativeTime } from '../../components/ui/relative-time.tsx'
import { useFindings } from '../../features/diagnostics/api/findings-queries.ts'
import { FindingsList } from '../../features/diagnostics/components/findings-list.tsx'
import { findingCounts } from '../../features/diagnostics/utils/finding-format.ts'
import { formatDateTime } from '../../lib/format.ts'

/**
 * The troubleshooting checklist of Rancher's cross-host docs, run by the server over what the
 * agents reported. Live events re-run it when hosts, containers, networks or stacks change.
 */
export function FindingsPage({ environment }: { environment: Environment }) {
  const findings = useFindings(environment.id)
  // only a run the operator asked for is announced; live refreshes update the counts quietly
  const [running, setRunning] = useState(false)
  const runNow = () => {
    setRunning(true)
    void findings.refetch().finally(() => setRunning(false))
  }
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
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState title="No findings: every check passed">
              <p className="muted">
                Checked at <time dateTime={data.checkedAt}>{formatDateTime(data.checkedAt)}</time>.
              </p>
            </EmptyState>
          ) : (
            <FindingsList envId={environment.id} findings={data.items} />
          )
        }
      </QueryView>
    </>
  )
}
