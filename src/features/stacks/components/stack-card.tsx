import { useId } from 'react'
import { Link } from 'wouter'
import type { CatalogTemplate, Stack } from '../../../../core/api/index.ts'
import { StateBadge } from '../../../components/ui/state-badge.tsx'
import { paths } from '../../../config/paths.ts'
import type { HostContainers } from '../utils/group-containers.ts'
import { RemoveStackButton } from './remove-stack-dialog.tsx'
import { ServicesTable } from './stack-details.tsx'
import { StackContainers } from './stack-containers.tsx'
import { UpgradeStackButton } from './upgrade-answers-dialog.tsx'

type Props = {
  envId: string
  stack: Stack
  /** The catalog template, when the catalog is loaded and still has it (for its name). */
  catalogTemplate: CatalogTemplate | undefined
  hosts: HostContainers[]
}

/** One infrastructure stack on the Stacks screen: what it is, its services, its containers per host, and what can be done to it. */
export function StackCard({ envId, stack, catalogTemplate, hosts }: Props) {
  const headingId = useId()
  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card-header card-header-wrap">
        <h2 id={headingId}>
          <Link href={paths.stack.href(envId, stack.id)}>{stack.name}</Link>
        </h2>
        <StateBadge state={stack.state} />
        <div className="card-header-action inline-list">
          <UpgradeStackButton envId={envId} stack={stack} />
          <Link href={paths.stackEdit.href(envId, stack.id)} className="button button-small" aria-label={`Edit compose of ${stack.name}`}>
            Edit compose
          </Link>
          <RemoveStackButton envId={envId} stack={stack} />
        </div>
      </div>
      <dl className="facts">
        <div>
          <dt>Catalog template</dt>
          <dd>
            {stack.catalogTemplateId ? (
              <Link href={paths.catalogTemplate.href(stack.catalogTemplateId, { version: stack.version })}>
                {catalogTemplate?.name ?? stack.catalogTemplateId} {stack.version ? `version ${stack.version}` : '(default version)'}
              </Link>
            ) : (
              <span className="muted">none: a custom stack</span>
            )}
          </dd>
        </div>
        <div>
          <dt>State</dt>
          <dd>
            {stack.state}
            {stack.stateReason && <span className="muted">: {stack.stateReason}</span>}
          </dd>
        </div>
      </dl>
      <h3>Services</h3>
      <ServicesTable services={stack.services} label={`Services of ${stack.name}`} />
      <h3>Containers per host</h3>
      <StackContainers envId={envId} stackName={stack.name} hosts={hosts} />
    </section>
  )
}
