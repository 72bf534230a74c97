import { useState } from 'react'
import { Link, useLocation, useSearchParams } from 'wouter'
import type { CatalogTemplate, EnvironmentTemplate } from '../../../core/api/index.ts'
import { Breadcrumbs } from '../../components/ui/breadcrumbs.tsx'
import { ErrorPanel } from '../../components/ui/error-panel.tsx'
import { Loading } from '../../components/ui/loading.tsx'
import { paths } from '../../config/paths.ts'
import { useCatalog } from '../../features/catalog/api/catalog-queries.ts'
import { useTemplates } from '../../features/environments/api/environments-queries.ts'
import { TemplateEditor } from '../../features/templates/components/template-editor.tsx'
import { copyDraftOf } from '../../features/templates/utils/template-draft.ts'
import { useDocumentTitle } from '../../lib/use-document-title.ts'

/** The template a new one starts from: the one named by `from`, else the default ("Cattle"). */
const DEFAULT_TEMPLATE_NAME = 'Cattle'

function NewEditor({ templates, catalog, from }: { templates: EnvironmentTemplate[]; catalog: CatalogTemplate[]; from: string | null }) {
  const [, navigate] = useLocation()
  const named = from ? templates.find((t) => t.id === from) : undefined
  const source = named ?? templates.find((t) => t.name === DEFAULT_TEMPLATE_NAME) ?? templates.find((t) => t.builtin)
  const [initial] = useState(() =>
    copyDraftOf(source, { name: named ? `${named.name} copy` : null, takenNames: templates.map((t) => t.name) }),
  )
  return (
    <>
      <p className="muted">
        {named
          ? `A copy of ${named.name}: change what you need and save it under a new name.`
          : source
            ? `Starts as a copy of the default template, ${source.name}.`
            : 'Starts empty: there is no default template to copy.'}
        {from && !named && ` (There is no template ${from} to copy.)`}
      </p>
      <TemplateEditor
        initial={initial}
        catalog={catalog}
        onSaved={(saved) => navigate(paths.template.href(saved.id))}
        cancelHref={named ? paths.template.href(named.id) : paths.templates.href()}
      />
    </>
  )
}

export function TemplateNewPage() {
  const [searchParams] = useSearchParams()
  const from = searchParams.get('from')
  const templates = useTemplates()
  const catalog = useCatalog()
  useDocumentTitle('New environment template')

  let body
  if (templates.isPending || catalog.isPending) body = <Loading label="Loading the templates and the catalog…" />
  else if (templates.isError)
    body = <ErrorPanel title="Could not load environment templates" error={templates.error} onRetry={() => void templates.refetch()} />
  else if (catalog.isError)
    body = <ErrorPanel title="Could not load the catalog" error={catalog.error} onRetry={() => void catalog.refetch()} />
  else body = <NewEditor key={from ?? ''} templates={templates.data} catalog={catalog.data} from={from} />

  return (
    <>
      <Breadcrumbs items={[{ label: 'Environment templates', href: paths.templates.href() }]} current="New template" />
      <div className="page-header">
        <h1>New environment template</h1>
        <Link href={paths.templates.href()}>All environment templates</Link>
      </div>
      {body}
    </>
  )
}
