import type { Environment } from '../../../../core/api/index.ts'
import { EmptyState } from '../../../components/ui/empty-state.tsx'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { Loading } from '../../../components/ui/loading.tsx'
import { QueryView } from '../../../components/ui/query-view.tsx'
import { useCatalog } from '../../catalog/api/catalog-queries.ts'
import { useContainers } from '../../containers/api/containers-queries.ts'
import { useStacks } from '../api/stacks-queries.ts'
import { containersByStackAndHost } from '../utils/group-containers.ts'
import { AddStackButton } from './add-stack-dialog.tsx'
import { StackCard } from './stack-card.tsx'

/** The environment's stacks, one card each; removed stacks are gone (the drift panel still names them). */
export function StacksView({ environment }: { environment: Environment }) {
  const envId = environment.id
  const stacks = useStacks(envId)
  const containers = useContainers(envId)
  const catalog = useCatalog()
  const byStack = containersByStackAndHost(containers.data ?? [])

  return (
    <QueryView query={stacks} what="stacks">
      {(all) => {
        const shown = all.filter((s) => s.state !== 'removed')
        return (
          <>
            <div className="toolbar">
              <p className="muted">
                {shown.length} {shown.length === 1 ? 'stack' : 'stacks'}. Infrastructure services start only once a host is active.
              </p>
              <div className="toolbar-count">
                <AddStackButton envId={envId} stacks={all} />
              </div>
            </div>
            {containers.isPending && <Loading label="Loading the stacks' containers…" />}
            {containers.isError && (
              <ErrorPanel title="Could not load the containers" error={containers.error} onRetry={() => void containers.refetch()} />
            )}
            {shown.length === 0 ? (
              <EmptyState title="No infrastructure stacks">
                <p>
                  Without a network driver stack, containers with network mode managed are refused. Add one (IPsec or VXLAN) with
                  Network Services.
                </p>
              </EmptyState>
            ) : (
              shown.map((stack) => (
                <StackCard
                  key={stack.id}
                  envId={envId}
                  stack={stack}
                  catalogTemplate={catalog.data?.find((t) => t.id === stack.catalogTemplateId)}
                  hosts={byStack.get(stack.id) ?? []}
                />
              ))
            )}
          </>
        )
      }}
    </QueryView>
  )
}
