import { Link } from 'wouter'
import type { Finding } from '../../../../core/api/index.ts'
import { agentIpProblem, findingHref, SEVERITY_TONE } from '../../diagnostics/utils/finding-format.ts'

type Props = { envId: string; hostName: string; findings: readonly Finding[] }

/**
 * One line per problem with a host's registered agent IP (peers build their tunnels to it, so a
 * wrong one breaks cross-host traffic), each linking to its finding on the checklist.
 */
export function AgentIpWarnings({ envId, hostName, findings }: Props) {
  if (findings.length === 0) return null
  return (
    <ul className="plain-list small" aria-label={`Agent IP warnings for ${hostName}`}>
      {findings.map((f) => (
        <li key={f.checkId}>
          <span className={`badge badge-${SEVERITY_TONE[f.severity]}`}>{f.severity}</span>{' '}
          <Link href={findingHref(envId, f)} title={f.message}>
            {agentIpProblem(f)}
          </Link>
        </li>
      ))}
    </ul>
  )
}
