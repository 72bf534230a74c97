import { useMemo } from 'react'
import { Link } from 'wouter'
import type { Finding, Host } from '../../../../core/api/index.ts'
import { RelativeTime } from '../../../components/ui/relative-time.tsx'
import { HostKindTag } from '../../../components/ui/host-kind-tag.tsx'
import { StateBadge } from '../../../components/ui/state-badge.tsx'
import { paths } from '../../../config/paths.ts'
import { agentIpFindingsByHost } from '../../diagnostics/utils/finding-format.ts'
import { AgentIpWarnings } from './agent-ip-warnings.tsx'
import { HostSlice } from './host-slice.tsx'

const NONE: readonly Finding[] = []

type Props = {
  envId: string
  hosts: Host[]
  /** The checklist's findings (while they load: none); `agent-ip.*` ones warn beside the agent IP. */
  findings?: readonly Finding[]
}

export function HostsTable({ envId, hosts, findings = NONE }: Props) {
  const agentIpFindings = useMemo(() => agentIpFindingsByHost(findings), [findings])
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Hosts">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Agent IP</th>
            <th scope="col">State</th>
            <th scope="col">Router IP</th>
            <th scope="col">Infrastructure containers</th>
            <th scope="col">Containers</th>
            <th scope="col">Last heartbeat</th>
          </tr>
        </thead>
        <tbody>
          {hosts.map((host) => (
            <tr key={host.id}>
              <td>
                <Link href={paths.host.href(envId, host.id)} className="strong">
                  {host.name}
                </Link>{' '}
                <HostKindTag host={host} />
                {host.hostname && host.hostname !== host.name && <div className="muted small">{host.hostname}</div>}
              </td>
              <td>
                <code>{host.agentIp}</code>
                <AgentIpWarnings envId={envId} hostName={host.name} findings={agentIpFindings.get(host.id) ?? NONE} />
              </td>
              <td>
                <StateBadge state={host.state} />
              </td>
              <td>
                {host.routerIp ? <code>{host.routerIp}</code> : <span className="muted">—</span>}
                {host.slice && (
                  <div className="small">
                    <HostSlice slice={host.slice} />
                  </div>
                )}
              </td>
              <td>
                {host.infrastructure.length === 0 ? (
                  <span className="muted">none yet</span>
                ) : (
                  <ul className="chip-list">
                    {host.infrastructure.map((c) => (
                      <li key={c.id} className="chip" title={`${c.stackName} / ${c.serviceName}`}>
                        <span>{c.name}</span> <StateBadge state={c.state} />
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td>
                <Link href={paths.containers.href(envId, { q: host.name })} aria-label={`${host.containerCount} containers on ${host.name}`}>
                  {host.containerCount}
                </Link>
              </td>
              <td>
                <RelativeTime iso={host.lastHeartbeatAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
