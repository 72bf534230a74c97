import { Redirect } from 'wouter'
import { EmptyState } from '../../components/ui/empty-state.tsx'
import { QueryView } from '../../components/ui/query-view.tsx'
import { paths } from '../../config/paths.ts'
import { useEnvironments } from '../../features/environments/api/environments-queries.ts'
import { useDocumentTitle } from '../../lib/use-document-title.ts'
import { useCreateEnvironmentDialog } from '../shell.tsx'

/** `/`: the first environment's overview, or a way to create the first one. */
export function HomePage() {
  const environments = useEnvironments()
  const [, setDialogOpen] = useCreateEnvironmentDialog()
  useDocumentTitle('Environments')

  return (
    <QueryView query={environments} what="environments">
      {(list) =>
        list.length > 0 ? (
          <Redirect to={paths.overview.href(list[0].id)} replace />
        ) : (
          <>
            <h1>Environments</h1>
            <EmptyState title="No environments yet">
              <p>
                An environment gets its infrastructure stacks, network driver and default network from an environment template.
              </p>
              <button type="button" className="button button-primary" onClick={() => setDialogOpen(true)}>
                Create environment
              </button>
            </EmptyState>
          </>
        )
      }
    </QueryView>
  )
}
