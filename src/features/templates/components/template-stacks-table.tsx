import { Link } from 'wouter'
import type { CatalogTemplate, TemplateStack } from '../../../../core/api/index.ts'
import { Tag } from '../../../components/ui/state-badge.tsx'
import { paths } from '../../../config/paths.ts'
import { templateStackVersionLabel } from '../utils/template-stack-version.ts'

function Answers({ answers }: { answers: Record<string, string> }) {
  const entries = Object.entries(answers).sort(([a], [b]) => a.localeCompare(b))
  if (entries.length === 0) return <span className="muted">none: the catalog defaults apply</span>
  return (
    <ul className="plain-list">
      {entries.map(([key, value]) => (
        <li key={key}>
          <code>
            {key}={value}
          </code>
        </li>
      ))}
    </ul>
  )
}

type Props = {
  stacks: TemplateStack[]
  /** The catalog, to name templates and tell their default version; empty while it loads. */
  catalog: CatalogTemplate[]
}

/** The infrastructure stacks an environment template gives every new environment. */
export function TemplateStacksTable({ stacks, catalog }: Props) {
  if (stacks.length === 0) return <p className="muted">This template creates no infrastructure stacks.</p>
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Infrastructure stacks of the template">
        <thead>
          <tr>
            <th scope="col">Stack</th>
            <th scope="col">Catalog template</th>
            <th scope="col">Version</th>
            <th scope="col">Answers overriding the defaults</th>
          </tr>
        </thead>
        <tbody>
          {stacks.map((stack) => {
            const catalogTemplate = catalog.find((t) => t.id === stack.catalogTemplateId)
            return (
              <tr key={stack.name}>
                <td>
                  <span className="strong">{stack.name}</span>
                  {stack.dockerCompose !== null && <Tag title="Replaces the catalog's docker-compose file">custom docker-compose</Tag>}
                  {stack.rancherCompose !== null && <Tag title="Replaces the catalog's rancher-compose file">custom rancher-compose</Tag>}
                </td>
                <td>
                  {/* A stack that follows the default opens the catalog page on the default version. */}
                  <Link href={paths.catalogTemplate.href(stack.catalogTemplateId, { version: stack.version })}>
                    {catalogTemplate?.name ?? stack.catalogTemplateId}
                  </Link>
                  {catalogTemplate && <div className="muted small">{catalogTemplate.category}</div>}
                </td>
                <td>{templateStackVersionLabel(stack, catalogTemplate)}</td>
                <td>
                  <Answers answers={stack.answers} />
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
