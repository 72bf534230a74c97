// Loaded lazily (React.lazy in environment-route.tsx): this module pulls in Monaco, monaco-yaml
// and the core validator, which no other page needs.
import { Link } from 'wouter'
import type { Environment, Stack } from '../../../core/api/index.ts'
import { ResourcePage } from '../../components/ui/resource-page.tsx'
import { StateBadge } from '../../components/ui/state-badge.tsx'
import { Loading } from '../../components/ui/loading.tsx'
import { paths } from '../../config/paths.ts'
import { useHosts } from '../../features/hosts/api/hosts-queries.ts'
import { useNetworkDrivers, useNetworks } from '../../features/networks/api/networks-queries.ts'
import { useStack } from '../../features/stacks/api/stacks-queries.ts'
import { StackEditorSession } from '../../features/stack-editor/components/stack-editor-session.tsx'
import { currentCniOf, hostNetworksOf } from '../../features/stack-editor/utils/environment-facts.ts'
import { useStableByContent } from '../../features/stack-editor/hooks/use-stable-by-content.ts'
import type { DetailPageProps } from './environment-route.tsx'

function EditorForStack({ stack, environment }: { stack: Stack; environment: Environment }) {
  const envId = environment.id
  const networks = useNetworks(envId)
  const drivers = useNetworkDrivers(envId)
  const hosts = useHosts(envId)
  const hostNetworks = hostNetworksOf(hosts.data ?? [])
  const context = useStableByContent(hostNetworks.length > 0 ? { hostNetworks } : undefined)

  if (networks.isPending || drivers.isPending || hosts.isPending) return <Loading label="Loading the environment's network…" />
  const currentCni = currentCniOf(stack, drivers.data ?? [], networks.data ?? [])
  const declaresDriver = stack.services.some((s) => s.kind === 'networkDriverService')
  return (
    <>
      {!declaresDriver && (
        <div className="panel panel-warning">
          <p className="panel-title">This stack has no network driver service.</p>
          <p>The editor validates network-driver compose files; for this stack it can only check the YAML and the compose structure.</p>
        </div>
      )}
      {(networks.isError || drivers.isError) && (
        <p className="panel panel-warning">The current network could not be loaded; the CNI comparison shows the edited files only.</p>
      )}
      <StackEditorSession key={stack.id} envId={envId} environmentName={environment.name} stack={stack} context={context} currentCni={currentCni} />
    </>
  )
}

export default function StackEditPage({ environment, id }: DetailPageProps) {
  const stack = useStack(environment.id, id)
  const overview = paths.overview.href(environment.id)
  return (
    <ResourcePage
      query={stack}
      kind="Edit network driver compose"
      what="stack"
      context={[environment.name]}
      crumbs={[
        { label: `${environment.name} overview`, href: overview },
        { label: stack.data ? `Stack ${stack.data.name}` : 'Stack', href: paths.stack.href(environment.id, id) },
      ]}
      id={id}
      name={(s) => s.name}
      badges={(s) => (
        <>
          <StateBadge state={s.state} /> <span className="muted small">revision {s.revision}</span>
        </>
      )}
      notFound={
        <p>
          There is no stack <code>{id}</code> in {environment.name}; it may have been removed. <Link href={overview}>Back to the overview</Link>.
        </p>
      }
    >
      {(s) => <EditorForStack stack={s} environment={environment} />}
    </ResourcePage>
  )
}
