import { Link } from 'wouter'
import { EmptyState } from '../../components/ui/empty-state.tsx'
import { QueryView } from '../../components/ui/query-view.tsx'
import { paths } from '../../config/paths.ts'
import { useCatalog } from '../../features/catalog/api/catalog-queries.ts'
import { CatalogTable } from '../../features/catalog/components/catalog-table.tsx'
import { useDocumentTitle } from '../../lib/use-document-title.ts'

export function CatalogPage() {
  const catalog = useCatalog()
  useDocumentTitle('Catalog')
  return (
    <>
      <div className="page-header">
        <h1>Catalog</h1>
        <Link href={paths.catalogImport.href()} className="button button-primary">
          Import template
        </Link>
      </div>
      <p className="muted">
        Catalog templates are the infrastructure stacks an environment template can include: each has versions, the questions
        its compose files are rendered with, and the compose files themselves. Built-in templates ship with Paddock; custom ones
        are imported from a Rancher catalog.
      </p>
      <QueryView query={catalog} what="the catalog">
        {(list) => (list.length === 0 ? <EmptyState title="The catalog is empty" /> : <CatalogTable templates={list} />)}
      </QueryView>
    </>
  )
}
