import { Link } from 'wouter'
import { ResourcePage } from '../../components/ui/resource-page.tsx'
import { StateBadge, Tag } from '../../components/ui/state-badge.tsx'
import { paths } from '../../config/paths.ts'
import { useContainer } from '../../features/containers/api/containers-queries.ts'
import { ContainerActions } from '../../features/containers/components/container-actions.tsx'
import { ContainerDetails } from '../../features/containers/components/container-details.tsx'
import { pendingTransition } from '../../features/containers/utils/container-transition.ts'
import type { DetailPageProps } from './environment-route.tsx'

export function ContainerPage({ environment, id }: DetailPageProps) {
  const container = useContainer(environment.id, id)
  const containers = paths.containers.href(environment.id)
  return (
    <ResourcePage
      query={container}
      kind="Container"
      context={[environment.name]}
      crumbs={[
        { label: `${environment.name} overview`, href: paths.overview.href(environment.id) },
        { label: 'Containers', href: containers },
      ]}
      id={id}
      name={(c) => c.name}
      badges={(c) => (
        <>
          <StateBadge state={c.state} /> {pendingTransition(c) && <span className="badge badge-pending">{pendingTransition(c)}</span>}{' '}
          {c.native && <Tag title="Created with the Docker CLI (nativeContainer)">Docker CLI</Tag>}
          {c.system && <Tag title="Infrastructure container of a system stack">infra</Tag>}
        </>
      )}
      actions={(c) => <ContainerActions container={c} />}
      notFound={
        <p>
          There is no container <code>{id}</code> in {environment.name}; it may have been removed.{' '}
          <Link href={containers}>All containers</Link>.
        </p>
      }
    >
      {(c) => <ContainerDetails container={c} />}
    </ResourcePage>
  )
}
