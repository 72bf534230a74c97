import { Link } from 'wouter'
import { StateBadge } from '../../../components/ui/state-badge.tsx'
import { paths } from '../../../config/paths.ts'
import type { HostContainers } from '../utils/group-containers.ts'

/** A stack's containers, host by host, each with its state (and the agent's error when it has one). */
export function StackContainers({ envId, stackName, hosts }: { envId: string; stackName: string; hosts: HostContainers[] }) {
  if (hosts.length === 0) {
    return <p className="muted">No containers yet: infrastructure services start once a host is active.</p>
  }
  return (
    <ul className="plain-list" aria-label={`Containers of ${stackName} per host`}>
      {hosts.map((host) => {
        const hostLabel = host.hostName ?? 'not on a host'
        return (
          <li key={host.hostId ?? ''} className="upgrade-host-group">
            <p className="strong">
              {host.hostId ? <Link href={paths.host.href(envId, host.hostId)}>{hostLabel}</Link> : hostLabel}{' '}
              <span className="muted small">
                ({host.containers.length} {host.containers.length === 1 ? 'container' : 'containers'})
              </span>
            </p>
            <ul className="chip-list" aria-label={`${stackName} on ${hostLabel}`}>
              {host.containers.map((c) => (
                <li key={c.id} className="chip">
                  <Link href={paths.container.href(envId, c.id)}>{c.name}</Link> <StateBadge state={c.state} />
                  {c.error && <span className="small"> {c.error}</span>}
                </li>
              ))}
            </ul>
          </li>
        )
      })}
    </ul>
  )
}
