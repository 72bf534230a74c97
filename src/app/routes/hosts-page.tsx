import { Link } from 'wouter'
import { isRealLabHost, type Environment } from '../../../core/api/index.ts'
import { EmptyState } from '../../components/ui/empty-state.tsx'
import { QueryView } from '../../components/ui/query-view.tsx'
import { useFindings } from '../../features/diagnostics/api/findings-queries.ts'
import { useHosts } from '../../features/hosts/api/hosts-queries.ts'
import { AddRealHostPanel } from '../../features/hosts/components/add-real-host-panel.tsx'
import { AddLabHostForm } from '../../features/hosts/components/add-lab-host-form.tsx'
import { HostsTable } from '../../features/hosts/components/hosts-table.tsx'
import { paths } from '../../config/paths.ts'

export function HostsPage({ environment }: { environment: Environment }) {
  const hosts = useHosts(environment.id)
  // the checklist's agent-ip.* findings warn beside each wrong registration; the table shows without them meanwhile
  const findings = useFindings(environment.id)
  return (
    <>
      <div className="page-header">
        <h1>Hosts</h1>
        <AddLabHostForm envId={environment.id} />
      </div>
      <p className="muted">
        Each host is known through its agent: the agent IP is the tunnel endpoint its peers use, the router IP the managed
        address its overlay router holds.
      </p>
      <AddRealHostPanel envId={environment.id} settingsHref={paths.settings.href(environment.id)} />
      <QueryView query={hosts} what="hosts">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No hosts yet">
              <p>Add a lab host to get a simulated host that registers through the agent API.</p>
            </EmptyState>
          ) : (
            <>
              {list.some((h) => h.simulated) && (
                <p className="panel panel-warning">
                  <strong>Lab only — simulated hosts:</strong> stop a router, block a tunnel port one way, register a wrong
                  agent IP and more in the <Link href={paths.lab.href(environment.id)}>Lab panel</Link>.
                </p>
              )}
              {list.some(isRealLabHost) && (
                <p className="panel panel-warning">
                  <strong>Real lab — network-namespace hosts running the real agent:</strong> block a tunnel port one way with
                  nftables, stop a router, unplug a LAN link and more in the <Link href={paths.lab.href(environment.id)}>Lab panel</Link>.
                </p>
              )}
              <HostsTable envId={environment.id} hosts={list} findings={findings.data?.items} />
            </>
          )
        }
      </QueryView>
    </>
  )
}
