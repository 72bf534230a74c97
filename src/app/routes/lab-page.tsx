import type { Environment } from '../../../core/api/index.ts'
import { LabPanel } from '../../features/lab/components/lab-panel.tsx'

/** Lab only: inject faults into the environment's simulated hosts and clear them. */
export function LabPage({ environment }: { environment: Environment }) {
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Lab</h1>
          <p className="muted">
            Break the simulated hosts the way real ones break — a stopped router, a blocked UDP port, a wrong agent IP — and
            watch the checks find it.
          </p>
        </div>
      </div>
      <LabPanel envId={environment.id} />
    </>
  )
}
