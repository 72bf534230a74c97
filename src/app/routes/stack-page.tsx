import { Link, useLocation } from 'wouter'
import { ResourcePage } from '../../components/ui/resource-page.tsx'
import { StateBadge } from '../../components/ui/state-badge.tsx'
import { paths } from '../../config/paths.ts'
import { useStack } from '../../features/stacks/api/stacks-queries.ts'
import { RemoveStackButton } from '../../features/stacks/components/remove-stack-dialog.tsx'
import { StackDetails } from '../../features/stacks/components/stack-details.tsx'
import { UpgradeStackButton } from '../../features/stacks/components/upgrade-answers-dialog.tsx'
import type { DetailPageProps } from './environment-route.tsx'

export function StackPage({ environment, id }: DetailPageProps) {
  const stack = useStack(environment.id, id)
  const [, navigate] = useLocation()
  const list = paths.stacks.href(environment.id)
  return (
    <ResourcePage
      query={stack}
      kind="Stack"
      context={[environment.name]}
      crumbs={[{ label: `${environment.name} stacks`, href: list }]}
      id={id}
      name={(s) => s.name}
      badges={(s) => <StateBadge state={s.state} />}
      actions={(s) => (
        <div className="inline-list">
          {s.services.some((service) => service.kind === 'networkDriverService') && (
            <Link href={paths.stackEdit.href(environment.id, s.id)} className="button button-primary">
              Edit compose
            </Link>
          )}
          {s.state !== 'removed' && <UpgradeStackButton envId={environment.id} stack={s} />}
          {s.state !== 'removed' && <RemoveStackButton envId={environment.id} stack={s} onRemoved={() => navigate(list)} />}
        </div>
      )}
      notFound={
        <p>
          There is no stack <code>{id}</code> in {environment.name}; it may have been removed. <Link href={list}>Back to the stacks</Link>.
        </p>
      }
    >
      {(s) => <StackDetails stack={s} />}
    </ResourcePage>
  )
}
