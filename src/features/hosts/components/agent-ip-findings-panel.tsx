import { Link } from 'wouter'
import type { Finding } from '../../../../core/api/index.ts'
import { CopyButton } from '../../../components/ui/copy-button.tsx'
import { agentIpProblem, findingHref } from '../../diagnostics/utils/finding-format.ts'

type Props = { envId: string; hostName: string; findings: readonly Finding[] }

/**
 * On a host's page: what is wrong with the agent IP it registered, and the fix — the custom
 * "Add Host" command re-run with `CATTLE_AGENT_IP` — ready to copy (domain §4 item 2).
 */
export function AgentIpFindingsPanel({ envId, hostName, findings }: Props) {
  if (findings.length === 0) return null
  const error = findings.some((f) => f.severity === 'error')
  return (
    <section className={`panel ${error ? 'panel-error' : 'panel-warning'}`} aria-labelledby="host-agent-ip-problem">
      <h2 id="host-agent-ip-problem" className="panel-title">
        {findings.length === 1 ? 'The registered agent IP is wrong' : `The registered agent IP has ${findings.length} problems`}
      </h2>
      {findings.map((f) => (
        <div key={f.checkId}>
          <p>
            <strong>{agentIpProblem(f)}.</strong> {f.message}{' '}
            <Link href={findingHref(envId, f)}>
              See <code>{f.checkId}</code> on the Findings page
            </Link>
          </p>
          <div className="finding-fix-header">
            <h3 className="finding-label">Fix</h3>
            <CopyButton text={f.fix} label={`Copy the fix for ${f.checkId} on ${hostName}`} />
          </div>
          <pre className="finding-fix" tabIndex={0} aria-label={`Fix for ${f.checkId} on ${hostName}`}>
            {f.fix}
          </pre>
        </div>
      ))}
    </section>
  )
}
