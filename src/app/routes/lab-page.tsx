import type { Environment } from '../../../core/api/index.ts'
import { useHosts } from '../../features/hosts/api/hosts-queries.ts'
import { LabPanel } from '../../features/lab/components/lab-panel.tsx'
import { labHostsOf } from '../../features/lab/utils/lab-hosts.ts'

/** Lab only: inject faults into the environment's lab hosts (simulated, or the real lab's namespaces) and clear them. */
export function LabPage({ environment }: { environment: Environment }) {
  // the same query as the panel's: one request
  const hosts = useHosts(environment.id)
  const real = labHostsOf(hosts.data ?? [])?.kind === 'real-lab'
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Lab</h1>
          <p className="muted">
            {real
              ? 'Break the real data plane of these network-namespace hosts — a dropped UDP port, a stopped overlay router, a wrong agent IP, an unplugged LAN link — and watch the checks find it from what the agents measured.'
              : 'Break the simulated hosts the way real ones break — a stopped router, a blocked UDP port, a wrong agent IP — and watch the checks find it.'}
          </p>
        </div>
      </div>
      <LabPanel envId={environment.id} />
    </>
  )
}
