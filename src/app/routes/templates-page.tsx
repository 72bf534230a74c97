import { Link } from 'wouter'
import { EmptyState } from '../../components/ui/empty-state.tsx'
import { QueryView } from '../../components/ui/query-view.tsx'
import { paths } from '../../config/paths.ts'
import { useCatalog } from '../../features/catalog/api/catalog-queries.ts'
import { useTemplates } from '../../features/environments/api/environments-queries.ts'
import { TemplatesTable } from '../../features/templates/components/templates-table.tsx'
import { useDocumentTitle } from '../../lib/use-document-title.ts'
import { useCreateEnvironmentDialog } from '../shell.tsx'

export function TemplatesPage() {
  const templates = useTemplates()
  const catalog = useCatalog()
  const [, setDialogOpen] = useCreateEnvironmentDialog()
  useDocumentTitle('Environment templates')
  return (
    <>
      <div className="page-header">
        <h1>Environment templates</h1>
        <Link href={paths.templateNew.href()} className="button button-primary">
          New template
        </Link>
      </div>
      <p className="muted">
        An environment template decides which infrastructure stacks a new environment gets: Network Services, exactly one
        networking driver, healthcheck and scheduler, with the answers they are deployed with. It is used once, when an
        environment is created: editing or deleting a template changes no environment already created.
      </p>
      {catalog.isError && <p className="muted small">The catalog could not be loaded: only built-in stacks are sorted into categories.</p>}
      <QueryView query={templates} what="environment templates">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No environment templates" />
          ) : (
            <TemplatesTable templates={list} catalog={catalog.data ?? []} onCreateEnvironment={(templateId) => setDialogOpen(true, { templateId })} />
          )
        }
      </QueryView>
    </>
  )
}
