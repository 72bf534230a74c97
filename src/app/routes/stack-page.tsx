import { Link } from 'wouter'
import { ResourcePage } from '../../components/ui/resource-page.tsx'
import { StateBadge } from '../../components/ui/state-badge.tsx'
import { paths } from '../../config/paths.ts'
import { useStack } from '../../features/stacks/api/stacks-queries.ts'
import { StackDetails } from '../../features/stacks/components/stack-details.tsx'
import type { DetailPageProps } from './environment-route.tsx'

export function StackPage({ environment, id }: DetailPageProps) {
  const stack = useStack(environment.id, id)
  const overview = paths.overview.href(environment.id)
  return (
    <ResourcePage
      query={stack}
      kind="Stack"
      context={[environment.name]}
      crumbs={[{ label: `${environment.name} overview`, href: overview }]}
      id={id}
      name={(s) => s.name}
      badges={(s) => <StateBadge state={s.state} />}
      actions={(s) =>
        s.services.some((service) => service.kind === 'networkDriverService') ? (
          <Link href={paths.stackEdit.href(environment.id, s.id)} className="button button-primary">
            Edit compose
          </Link>
        ) : null
      }
      notFound={
        <p>
          There is no stack <code>{id}</code> in {environment.name}; it may have been removed. <Link href={overview}>Back to the overview</Link>.
        </p>
      }
    >
      {(s) => <StackDetails stack={s} />}
    </ResourcePage>
  )
}
