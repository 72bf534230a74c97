import { Link } from 'wouter'
import type { Service, Stack } from '../../../../core/api/index.ts'
import { FileView } from '../../../components/ui/file-view.tsx'
import { KeyValueTable } from '../../../components/ui/key-value-table.tsx'
import { RelativeTime } from '../../../components/ui/relative-time.tsx'
import { StateBadge, Tag } from '../../../components/ui/state-badge.tsx'
import { paths } from '../../../config/paths.ts'
import { useCatalog } from '../../catalog/api/catalog-queries.ts'

function scaleText(service: Service): string {
  return service.global ? 'global: one per active host' : `scale ${service.scale}`
}

/** `label` names the table when several stacks' services share a page. */
export function ServicesTable({ services, label = 'Services' }: { services: Service[]; label?: string }) {
  if (services.length === 0) return <p className="muted">This stack has no services.</p>
  return (
    <div className="table-wrap">
      <table className="table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Kind</th>
            <th scope="col">State</th>
            <th scope="col">Scale</th>
            <th scope="col">Image</th>
            <th scope="col">Network mode</th>
          </tr>
        </thead>
        <tbody>
          {services.map((service) => {
            const driver = service.kind === 'networkDriverService'
            return (
              <tr key={service.id} className={driver ? 'row-highlight' : undefined}>
                <td>
                  <span className="strong">{service.name}</span>
                </td>
                <td>
                  <code>{service.kind}</code>
                  {driver && (
                    <div>
                      <Tag title="Declares the network_driver block">network driver</Tag>{' '}
                      <span className="small">declares the network_driver block</span>
                    </div>
                  )}
                </td>
                <td>
                  <StateBadge state={service.state} />
                </td>
                <td>{scaleText(service)}</td>
                <td className="break">
                  <code>{service.image}</code>
                </td>
                <td>
                  <code>{service.networkMode}</code>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

function CatalogReference({ stack }: { stack: Stack }) {
  const catalog = useCatalog()
  if (!stack.catalogTemplateId) return <span className="muted">none: a custom stack</span>
  const name = catalog.data?.find((t) => t.id === stack.catalogTemplateId)?.name ?? stack.catalogTemplateId
  return (
    <Link href={paths.catalogTemplate.href(stack.catalogTemplateId, { version: stack.version })}>
      {name} {stack.version ? `version ${stack.version}` : '(default version)'}
    </Link>
  )
}

export function StackDetails({ stack }: { stack: Stack }) {
  return (
    <>
      <section className="card" aria-labelledby="stack-facts-heading">
        <h2 id="stack-facts-heading">Stack</h2>
        <dl className="facts">
          <div>
            <dt>State</dt>
            <dd>
              <StateBadge state={stack.state} />
              {stack.stateReason && <div className="small">{stack.stateReason}</div>}
            </dd>
          </div>
          <div>
            <dt>Catalog template</dt>
            <dd>
              <CatalogReference stack={stack} />
            </dd>
          </div>
          <div>
            <dt>External ID</dt>
            <dd className="break">{stack.externalId ? <code>{stack.externalId}</code> : <span className="muted">none</span>}</dd>
          </div>
          <div>
            <dt>Kind</dt>
            <dd>{stack.system ? 'infrastructure stack (from the environment template)' : 'user stack'}</dd>
          </div>
          <div>
            <dt>Revision</dt>
            <dd>
              {stack.revision} <span className="muted small">updated <RelativeTime iso={stack.updatedAt} /></span>
            </dd>
          </div>
          <div>
            <dt>ID</dt>
            <dd>
              <code>{stack.id}</code>
            </dd>
          </div>
        </dl>
      </section>

      <section className="card" aria-labelledby="stack-services-heading">
        <h2 id="stack-services-heading">Services</h2>
        <ServicesTable services={stack.services} />
      </section>

      <section className="card" aria-labelledby="stack-answers-heading">
        <h2 id="stack-answers-heading">Answers</h2>
        <KeyValueTable
          label="Answers"
          entries={stack.answers}
          keyHeader="Variable"
          valueHeader="Answer"
          empty="No answers: the catalog defaults apply."
        />
      </section>

      <section className="card" aria-labelledby="stack-compose-heading">
        <h2 id="stack-compose-heading">Compose</h2>
        <FileView name="docker-compose.yml" content={stack.dockerCompose} headingLevel={3} />
        <FileView name="rancher-compose.yml" content={stack.rancherCompose} headingLevel={3} />
      </section>
    </>
  )
}
