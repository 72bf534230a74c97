import { EmptyState } from '../../components/ui/empty-state.tsx'
import { QueryView } from '../../components/ui/query-view.tsx'
import { useTemplates } from '../../features/environments/api/environments-queries.ts'
import { TemplatesTable } from '../../features/templates/components/templates-table.tsx'
import { useDocumentTitle } from '../../lib/use-document-title.ts'

export function TemplatesPage() {
  const templates = useTemplates()
  useDocumentTitle('Environment templates')
  return (
    <>
      <h1>Environment templates</h1>
      <p className="muted">
        An environment template decides which infrastructure stacks a new environment gets: Network Services, exactly one
        networking driver, healthcheck and scheduler, with the answers they are deployed with. It is used once, when an
        environment is created.
      </p>
      <QueryView query={templates} what="environment templates">
        {(list) => (list.length === 0 ? <EmptyState title="No environment templates" /> : <TemplatesTable templates={list} />)}
      </QueryView>
    </>
  )
}
