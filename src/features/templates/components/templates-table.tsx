import { Link } from 'wouter'
import type { EnvironmentTemplate } from '../../../../core/api/index.ts'
import { Tag } from '../../../components/ui/state-badge.tsx'
import { paths } from '../../../config/paths.ts'

export function TemplatesTable({ templates }: { templates: EnvironmentTemplate[] }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Environment templates">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Description</th>
            <th scope="col">Visibility</th>
            <th scope="col">Infrastructure stacks</th>
          </tr>
        </thead>
        <tbody>
          {templates.map((template) => (
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
                {template.stacks.length === 0 ? (
                  <span className="muted">none</span>
                ) : (
                  <ul className="inline-list">
                    {template.stacks.map((stack) => (
                      <li key={stack.name}>
                        <code>{stack.name}</code>
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
