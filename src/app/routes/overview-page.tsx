import { Link } from 'wouter'
import type { Environment } from '../../../core/api/index.ts'
import { StateBadge } from '../../components/ui/state-badge.tsx'
import { paths } from '../../config/paths.ts'
import { FindingsBadge } from '../../features/diagnostics/components/findings-badge.tsx'
import { DefaultNetworkSection } from '../../features/networks/components/default-network-section.tsx'
import { NetworksSection } from '../../features/networks/components/networks-section.tsx'
import { DriftSummary } from '../../features/stacks/components/drift-summary.tsx'
import { InfrastructureStacks } from '../../features/stacks/components/infrastructure-stacks.tsx'
import { NoNetworkBanner } from '../../features/stacks/components/no-network-banner.tsx'
import { formatNumber } from '../../lib/format.ts'

export function OverviewPage({ environment }: { environment: Environment }) {
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Overview</h1>
          <p className="muted">
            <span className="strong">{environment.name}</span> <StateBadge state={environment.state} />{' '}
            <FindingsBadge envId={environment.id} />
            {environment.description && <> · {environment.description}</>}
          </p>
        </div>
        <ul className="stat-list">
          <li>
            <Link href={paths.hosts.href(environment.id)} className="stat">
              <span className="stat-value">{formatNumber(environment.hostCount)}</span>
              <span className="stat-label">{environment.hostCount === 1 ? 'host' : 'hosts'}</span>
            </Link>
          </li>
          <li>
            <Link href={paths.containers.href(environment.id)} className="stat">
              <span className="stat-value">{formatNumber(environment.containerCount)}</span>
              <span className="stat-label">{environment.containerCount === 1 ? 'container' : 'containers'}</span>
            </Link>
          </li>
        </ul>
      </div>
      <DriftSummary environment={environment} />
      <NoNetworkBanner environment={environment} />
      <DefaultNetworkSection environment={environment} />
      <InfrastructureStacks envId={environment.id} />
      <NetworksSection envId={environment.id} />
    </>
  )
}
