import { Link } from 'wouter'
import type { CatalogTemplate, EnvironmentTemplate } from '../../../../core/api/index.ts'
import { TEMPLATE_CATEGORIES } from '../../../../core/templates/rules.ts'
import { Tag } from '../../../components/ui/state-badge.tsx'
import { paths } from '../../../config/paths.ts'
import { categoryOf, driverAtAGlance, stackLabel } from '../utils/categories.ts'
import { DeleteTemplateButton } from './delete-template-button.tsx'

type Props = {
  templates: EnvironmentTemplate[]
  /** The catalog, to sort stacks into categories; empty while it loads (built-ins are still known). */
  catalog: CatalogTemplate[]
  onCreateEnvironment: (templateId: string) => void
}

/** The chosen stacks of each category but Networking (its own column), e.g. "Scheduling: Scheduler". */
function StacksByCategory({ template, catalog }: { template: EnvironmentTemplate; catalog: CatalogTemplate[] }) {
  const rows = TEMPLATE_CATEGORIES.filter((c) => c.category !== 'Networking').flatMap((c) => {
    const stacks = template.stacks.filter((s) => categoryOf(s, catalog) === c.category)
    return stacks.length > 0 ? [{ category: c.category, names: stacks.map((s) => stackLabel(s, catalog)) }] : []
  })
  const unknown = template.stacks.filter((s) => categoryOf(s, catalog) === null)
  if (unknown.length > 0) rows.push({ category: 'Other', names: unknown.map((s) => s.name) })
  if (rows.length === 0) return <span className="muted">none</span>
  return (
    <ul className="plain-list">
      {rows.map((r) => (
        <li key={r.category}>
          <span className="muted small">{r.category}:</span> {r.names.join(', ')}
        </li>
      ))}
    </ul>
  )
}

export function TemplatesTable({ templates, catalog, onCreateEnvironment }: Props) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Environment templates">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Description</th>
            <th scope="col">Visibility</th>
            <th scope="col">Network driver</th>
            <th scope="col">Other infrastructure stacks</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {templates.map((template) => {
            const driver = driverAtAGlance(template.stacks, catalog)
            return (
              <tr key={template.id}>
                <td>
                  <Link href={paths.template.href(template.id)} className="strong">
                    {template.name}
                  </Link>{' '}
                  {template.builtin && <Tag title="Shipped with Paddock">builtin</Tag>}
                </td>
                <td>{template.description || <span className="muted">—</span>}</td>
                <td>{template.isPublic ? 'public' : 'private'}</td>
                <td>
                  {driver === 'none' ? <span className="muted">none</span> : <span className="strong">{driver}</span>}
                  {driver.includes(' + ') && <div className="field-error small">two drivers: an environment takes one</div>}
                </td>
                <td>
                  <StacksByCategory template={template} catalog={catalog} />
                </td>
                <td>
                  <div className="toolbar">
                    {template.builtin ? (
                      <Link
                        href={paths.templateNew.href({ from: template.id })}
                        className="button button-small"
                        aria-label={`Copy ${template.name}`}
                      >
                        Copy
                      </Link>
                    ) : (
                      <>
                        <Link
                          href={paths.templateEdit.href(template.id)}
                          className="button button-small"
                          aria-label={`Edit ${template.name}`}
                        >
                          Edit
                        </Link>
                        <DeleteTemplateButton template={template} small />
                      </>
                    )}
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => onCreateEnvironment(template.id)}
                      aria-label={`Create environment from ${template.name}`}
                    >
                      Create environment
                    </button>
                  </div>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
