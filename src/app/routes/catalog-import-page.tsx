import { Breadcrumbs } from '../../components/ui/breadcrumbs.tsx'
import { paths } from '../../config/paths.ts'
import { CatalogImportForm } from '../../features/catalog/components/catalog-import-form.tsx'
import { useDocumentTitle } from '../../lib/use-document-title.ts'

export default function CatalogImportPage() {
  useDocumentTitle('Import catalog template', 'Catalog')
  return (
    <>
      <Breadcrumbs items={[{ label: 'Catalog', href: paths.catalog.href() }]} current="Import" />
      <h1>Import catalog template</h1>
      <p className="muted">
        Bring a network driver (or any infrastructure stack) from a Rancher catalog: paste or load one version&apos;s{' '}
        <code>docker-compose.yml(.tpl)</code> and <code>rancher-compose.yml</code>, and the template&apos;s <code>config.yml</code>. It becomes a
        custom catalog template that environment templates can choose; its questions become a form.
      </p>
      <CatalogImportForm />
    </>
  )
}
