import type { Environment } from '../../../core/api/index.ts'
import { DriftPanel } from '../../features/stacks/components/drift-panel.tsx'
import { StacksView } from '../../features/stacks/components/stacks-view.tsx'

/** The Stacks screen: the infrastructure stacks with their services and containers per host, and the drift from the template. */
export function StacksPage({ environment }: { environment: Environment }) {
  return (
    <>
      <div className="page-header">
        <h1>Stacks</h1>
      </div>
      <p className="muted">
        The infrastructure stacks of {environment.name}: Network Services, the network driver (IPsec or VXLAN), the scheduler and
        the healthcheck. Upgrade one with new answers or compose, remove one, or add one from the catalog.
      </p>
      <DriftPanel environment={environment} />
      <StacksView environment={environment} />
    </>
  )
}
