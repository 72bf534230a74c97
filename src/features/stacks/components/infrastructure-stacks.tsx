import { Link } from 'wouter'
import type { Stack } from '../../../../core/api/index.ts'
import { QueryView } from '../../../components/ui/query-view.tsx'
import { StateBadge, Tag } from '../../../components/ui/state-badge.tsx'
import { paths } from '../../../config/paths.ts'
import { useStacks } from '../api/stacks-queries.ts'

export function StacksTable({ envId, stacks }: { envId: string; stacks: Stack[] }) {
  if (stacks.length === 0) {
    return <p className="muted">This environment runs no infrastructure stacks (its template enables none, or they were removed).</p>
  }
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Infrastructure stacks">
        <thead>
          <tr>
            <th scope="col">Stack</th>
            <th scope="col">Catalog version</th>
            <th scope="col">State</th>
            <th scope="col">Services</th>
          </tr>
        </thead>
        <tbody>
          {stacks.map((stack) => (
            <tr key={stack.id}>
              <td>
                <Link href={paths.stack.href(envId, stack.id)} className="strong">
                  {stack.name}
                </Link>
              </td>
              <td>
                {stack.catalogTemplateId ? (
                  <>
                    <span>{stack.version ?? 'default'}</span>
                    <div className="small">
                      <Link
                        href={paths.catalogTemplate.href(stack.catalogTemplateId, { version: stack.version })}
                        aria-label={`Catalog template ${stack.catalogTemplateId}`}
                      >
                        {stack.catalogTemplateId}
                      </Link>
                    </div>
                  </>
                ) : (
                  <span className="muted">custom</span>
                )}
              </td>
              <td>
                <StateBadge state={stack.state} />
                {stack.stateReason && <div className="muted small">{stack.stateReason}</div>}
              </td>
              <td>
                {stack.services.length === 0 ? (
                  <span className="muted">none</span>
                ) : (
                  <ul className="chip-list">
                    {stack.services.map((service) => (
                      <li key={service.id} className="chip">
                        <span>{service.name}</span> <StateBadge state={service.state} />
                        {service.kind === 'networkDriverService' && <Tag title="Declares the network_driver block">network driver</Tag>}
                        {service.global && <Tag title="One container per active host">global</Tag>}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** The environment's system stacks (Network Services, the networking driver, healthcheck, scheduler). */
export function InfrastructureStacks({ envId }: { envId: string }) {
  const stacks = useStacks(envId)
  return (
    <section className="card" aria-labelledby="infra-stacks-heading">
      <div className="card-header">
        <h2 id="infra-stacks-heading">Infrastructure stacks</h2>
        <Link href={paths.stacks.href(envId)} className="card-header-action">
          Manage stacks
        </Link>
      </div>
      <QueryView query={stacks} what="infrastructure stacks">
        {(data) => <StacksTable envId={envId} stacks={data.filter((s) => s.system)} />}
      </QueryView>
    </section>
  )
}
