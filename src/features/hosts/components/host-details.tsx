import { Link } from 'wouter'
import type { Host } from '../../../../core/api/index.ts'
import { EmptyState } from '../../../components/ui/empty-state.tsx'
import { KeyValueTable } from '../../../components/ui/key-value-table.tsx'
import { QueryView } from '../../../components/ui/query-view.tsx'
import { RelativeTime } from '../../../components/ui/relative-time.tsx'
import { StateBadge } from '../../../components/ui/state-badge.tsx'
import { paths } from '../../../config/paths.ts'
import { formatNumber } from '../../../lib/format.ts'
import { useHostContainers } from '../../containers/api/containers-queries.ts'
import { HostContainersTable } from '../../containers/components/host-containers-table.tsx'
import { useFindings } from '../../diagnostics/api/findings-queries.ts'
import { isAgentIpFinding } from '../../diagnostics/utils/finding-format.ts'
import { AgentIpFindingsPanel } from './agent-ip-findings-panel.tsx'
import { AgentIpWarnings } from './agent-ip-warnings.tsx'
import { HostSlice } from './host-slice.tsx'

function InterfacesTable({ host }: { host: Host }) {
  if (host.interfaces.length === 0) return <p className="muted">The agent reported no interfaces.</p>
  return (
    <div className="table-wrap">
      <table className="table table-compact" aria-label="Interfaces">
        <thead>
          <tr>
            <th scope="col">Interface</th>
            <th scope="col">Addresses (CIDR)</th>
            <th scope="col">MTU</th>
          </tr>
        </thead>
        <tbody>
          {host.interfaces.map((iface) => (
            <tr key={iface.name}>
              <td>
                <code>{iface.name}</code>
              </td>
              <td>
                {iface.cidrs.length === 0 ? (
                  <span className="muted">none</span>
                ) : (
                  <ul className="inline-list">
                    {iface.cidrs.map((cidr) => (
                      <li key={cidr}>
                        <code>{cidr}</code>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td>{iface.mtu ?? <span className="muted">not reported</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function InfrastructureTable({ host }: { host: Host }) {
  if (host.infrastructure.length === 0) return <p className="muted">No infrastructure containers on this host yet.</p>
  return (
    <div className="table-wrap">
      <table className="table table-compact" aria-label="Infrastructure containers">
        <thead>
          <tr>
            <th scope="col">Container</th>
            <th scope="col">Stack</th>
            <th scope="col">Service</th>
            <th scope="col">State</th>
          </tr>
        </thead>
        <tbody>
          {host.infrastructure.map((c) => (
            <tr key={c.id}>
              <td>
                <Link href={paths.container.href(host.environmentId, c.id)}>{c.name}</Link>
              </td>
              <td>{c.stackName}</td>
              <td>{c.serviceName}</td>
              <td>
                <StateBadge state={c.state} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function HostContainers({ host }: { host: Host }) {
  const containers = useHostContainers(host.environmentId, host.id)
  return (
    <QueryView query={containers} what="the host's containers">
      {(list) =>
        list.length === 0 ? (
          <EmptyState title="No containers on this host" />
        ) : (
          <>
            <p className="muted small">
              {formatNumber(list.length)} {list.length === 1 ? 'container' : 'containers'}. The managed IP is allocated by Paddock&apos;s
              IPAM and is not visible in <code>docker inspect</code>.
            </p>
            <HostContainersTable containers={list} label={`Containers on ${host.name}`} />
          </>
        )
      }
    </QueryView>
  )
}

export function HostDetails({ host }: { host: Host }) {
  // the checklist's verdict on the registered agent IP; nothing is shown until it answers
  const findings = useFindings(host.environmentId)
  const agentIpFindings = (findings.data?.items ?? []).filter((f) => isAgentIpFinding(f) && f.subject.id === host.id)
  return (
    <>
      <AgentIpFindingsPanel envId={host.environmentId} hostName={host.name} findings={agentIpFindings} />
      <section className="card" aria-labelledby="host-facts-heading">
        <h2 id="host-facts-heading">Host</h2>
        <dl className="facts">
          <div>
            <dt>Agent IP</dt>
            <dd>
              <code>{host.agentIp}</code> <div className="muted small">the tunnel endpoint its peers use</div>
              <AgentIpWarnings envId={host.environmentId} hostName={host.name} findings={agentIpFindings} />
            </dd>
          </div>
          <div>
            <dt>State</dt>
            <dd>
              <StateBadge state={host.state} />
            </dd>
          </div>
          <div>
            <dt>Router IP</dt>
            <dd>
              {host.routerIp ? <code>{host.routerIp}</code> : <span className="muted">none yet</span>} <HostSlice slice={host.slice} />
              <div className="muted small">the managed address its overlay router holds</div>
            </dd>
          </div>
          <div>
            <dt>MTU</dt>
            <dd>{host.mtu ?? <span className="muted">not reported</span>}</dd>
          </div>
          <div>
            <dt>Hostname</dt>
            <dd>
              <code>{host.hostname}</code>
            </dd>
          </div>
          <div>
            <dt>Last heartbeat</dt>
            <dd>
              <RelativeTime iso={host.lastHeartbeatAt} />
            </dd>
          </div>
          <div>
            <dt>ID</dt>
            <dd>
              <code>{host.id}</code>
            </dd>
          </div>
        </dl>
      </section>

      <section className="card" aria-labelledby="host-interfaces-heading">
        <h2 id="host-interfaces-heading">Interfaces</h2>
        <InterfacesTable host={host} />
      </section>

      <section className="card" aria-labelledby="host-labels-heading">
        <h2 id="host-labels-heading">Labels</h2>
        <KeyValueTable label="Host labels" entries={host.labels} keyHeader="Label" empty="The host has no labels." />
      </section>

      <section className="card" aria-labelledby="host-infra-heading">
        <h2 id="host-infra-heading">Infrastructure containers</h2>
        <InfrastructureTable host={host} />
      </section>

      <section className="card" aria-labelledby="host-containers-heading">
        <h2 id="host-containers-heading">Containers</h2>
        <HostContainers host={host} />
      </section>
    </>
  )
}
