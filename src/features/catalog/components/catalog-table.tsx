import { Link } from 'wouter'
import type { CatalogTemplate } from '../../../../core/api/index.ts'
import { paths } from '../../../config/paths.ts'

export function CatalogTable({ templates }: { templates: CatalogTemplate[] }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Catalog templates">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Category</th>
            <th scope="col">Source</th>
            <th scope="col">Description</th>
            <th scope="col">Default version</th>
            <th scope="col">Versions</th>
          </tr>
        </thead>
        <tbody>
          {templates.map((template) => (
            <tr key={template.id}>
              <td>
                <Link href={paths.catalogTemplate.href(template.id)} className="strong">
                  {template.name}
                </Link>
                <div className="muted small">
                  <code>{template.id}</code>
                </div>
              </td>
              <td>{template.category}</td>
              <td>{template.source === 'custom' ? 'custom' : 'built-in'}</td>
              <td>{template.description}</td>
              <td>
                <code>{template.defaultVersion}</code>
              </td>
              <td>{template.versions.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
