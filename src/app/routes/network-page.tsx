import { Link } from 'wouter'
import { ResourcePage } from '../../components/ui/resource-page.tsx'
import { StateBadge, Tag } from '../../components/ui/state-badge.tsx'
import { paths } from '../../config/paths.ts'
import { useNetwork } from '../../features/networks/api/networks-queries.ts'
import { NetworkDetails } from '../../features/networks/components/network-details.tsx'
import type { DetailPageProps } from './environment-route.tsx'

export function NetworkPage({ environment, id }: DetailPageProps) {
  const network = useNetwork(environment.id, id)
  const overview = paths.overview.href(environment.id)
  return (
    <ResourcePage
      query={network}
      kind="Network"
      context={[environment.name]}
      crumbs={[{ label: `${environment.name} overview`, href: overview }]}
      id={id}
      name={(n) => n.name}
      badges={(n) => (
        <>
          <StateBadge state={n.state} /> {n.isDefault && <Tag title="Network mode managed resolves to this network">default</Tag>}
        </>
      )}
      notFound={
        <p>
          There is no network <code>{id}</code> in {environment.name}; it may have been removed.{' '}
          <Link href={overview}>Back to the overview</Link>.
        </p>
      }
    >
      {(n) => <NetworkDetails network={n} />}
    </ResourcePage>
  )
}
