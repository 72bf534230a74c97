import { Link } from 'wouter'
import { ResourcePage } from '../../components/ui/resource-page.tsx'
import { HostKindTag } from '../../components/ui/host-kind-tag.tsx'
import { StateBadge } from '../../components/ui/state-badge.tsx'
import { paths } from '../../config/paths.ts'
import { useHost } from '../../features/hosts/api/hosts-queries.ts'
import { HostDetails } from '../../features/hosts/components/host-details.tsx'
import type { DetailPageProps } from './environment-route.tsx'

export function HostPage({ environment, id }: DetailPageProps) {
  const host = useHost(environment.id, id)
  const hosts = paths.hosts.href(environment.id)
  return (
    <ResourcePage
      query={host}
      kind="Host"
      context={[environment.name]}
      crumbs={[
        { label: `${environment.name} overview`, href: paths.overview.href(environment.id) },
        { label: 'Hosts', href: hosts },
      ]}
      id={id}
      name={(h) => h.name}
      badges={(h) => (
        <>
          <StateBadge state={h.state} />{' '}
          <HostKindTag host={h} />
        </>
      )}
      notFound={
        <p>
          There is no host <code>{id}</code> in {environment.name}; it may have been removed. <Link href={hosts}>All hosts</Link>.
        </p>
      }
    >
      {(h) => <HostDetails host={h} />}
    </ResourcePage>
  )
}
