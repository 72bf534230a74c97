import { Link } from 'wouter'
import { ResourcePage } from '../../components/ui/resource-page.tsx'
import { Tag } from '../../components/ui/state-badge.tsx'
import { paths } from '../../config/paths.ts'
import { useCatalogTemplate } from '../../features/catalog/api/catalog-queries.ts'
import { CatalogTemplateView } from '../../features/catalog/components/catalog-template-view.tsx'
import { DeleteCatalogTemplateButton } from '../../features/catalog/components/delete-catalog-template.tsx'

export function CatalogTemplatePage({ id }: { id: string }) {
  const template = useCatalogTemplate(id)
  return (
    <ResourcePage
      query={template}
      kind="Catalog template"
      crumbs={[{ label: 'Catalog', href: paths.catalog.href() }]}
      id={id}
      name={(t) => t.name}
      badges={(t) => (
        <>
          <Tag>{t.category}</Tag>
          <Tag title={t.source === 'custom' ? 'Imported by an operator' : 'Ships with Paddock'}>{`source: ${t.source === 'custom' ? 'custom' : 'built-in'}`}</Tag>
        </>
      )}
      actions={(t) => (t.source === 'custom' ? <DeleteCatalogTemplateButton template={t} /> : null)}
      notFound={
        <p>
          The catalog has no template <code>{id}</code>. <Link href={paths.catalog.href()}>All catalog templates</Link>.
        </p>
      }
    >
      {(t) => <CatalogTemplateView template={t} />}
    </ResourcePage>
  )
}
