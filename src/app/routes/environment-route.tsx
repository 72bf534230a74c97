import { lazy, type ReactNode } from 'react'
import { Link } from 'wouter'
import type { Environment } from '../../../core/api/index.ts'
import { DocumentTitle } from '../../components/ui/document-title.tsx'
import { ErrorPanel } from '../../components/ui/error-panel.tsx'
import { LazyBoundary } from '../../components/ui/lazy-boundary.tsx'
import { Loading } from '../../components/ui/loading.tsx'
import type { DetailKind, PageKind } from '../../config/paths.ts'
import { useEnvironment } from '../../features/environments/api/environments-queries.ts'
import { ApiError } from '../../lib/api-error.ts'
import { useDocumentTitle } from '../../lib/use-document-title.ts'
import { ContainerPage } from './container-page.tsx'
import { ContainersPage } from './containers-page.tsx'
import { FindingsPage } from './findings-page.tsx'
import { HostPage } from './host-page.tsx'
import { HostsPage } from './hosts-page.tsx'
import { LabPage } from './lab-page.tsx'
import { NetworkPage } from './network-page.tsx'
import { OverviewPage } from './overview-page.tsx'
import { ReachabilityPage } from './reachability-page.tsx'
import { SettingsPage } from './settings-page.tsx'
import { StackPage } from './stack-page.tsx'
import { StacksPage } from './stacks-page.tsx'

// Monaco, monaco-yaml and the validator come with this page only: the rest of the app never loads them.
const StackEditPage = lazy(() => import('./stack-edit-page.tsx'))
const STACK_EDIT_TITLE = 'Edit network driver compose'

export const PAGE_TITLES: Record<PageKind, string> = {
  overview: 'Overview',
  hosts: 'Hosts',
  containers: 'Containers',
  stacks: 'Stacks',
  findings: 'Findings',
  reachability: 'Reachability',
  lab: 'Lab',
  settings: 'Environment settings',
}

export const DETAIL_TITLES: Record<DetailKind, string> = {
  stack: 'Stack',
  network: 'Network',
  host: 'Host',
  container: 'Container',
}

const PAGES: Record<PageKind, (props: { environment: Environment }) => ReactNode> = {
  overview: OverviewPage,
  hosts: HostsPage,
  containers: ContainersPage,
  stacks: StacksPage,
  findings: FindingsPage,
  reachability: ReachabilityPage,
  lab: LabPage,
  settings: SettingsPage,
}

export type DetailPageProps = { environment: Environment; id: string }

const DETAIL_PAGES: Record<DetailKind, (props: DetailPageProps) => ReactNode> = {
  stack: StackPage,
  network: NetworkPage,
  host: HostPage,
  container: ContainerPage,
}

type Gate = { environment: ReturnType<typeof useEnvironment>; envId: string; heading: string }

/** The loading, "no such environment" and error states every page of an environment shares; null once it is loaded. */
function environmentGate({ environment, envId, heading }: Gate): ReactNode {
  if (environment.isPending) return <Loading label="Loading the environment…" />
  if (environment.isError) {
    if (environment.error instanceof ApiError && environment.error.isNotFound) {
      return (
        <>
          <h1>Environment not found</h1>
          <p>
            There is no environment <code>{envId}</code> (it may have been deleted). <Link href="/">Go to the first environment</Link>.
          </p>
        </>
      )
    }
    return (
      <>
        <h1>{heading}</h1>
        <ErrorPanel title="Could not load the environment" error={environment.error} onRetry={() => void environment.refetch()} />
      </>
    )
  }
  return null
}

const isNotFound = (error: unknown) => error instanceof ApiError && error.isNotFound

/** Loads the environment every page of it needs and handles "it does not exist". */
export function EnvironmentRoute({ envId, kind }: { envId: string; kind: PageKind }) {
  const environment = useEnvironment(envId)
  useDocumentTitle(isNotFound(environment.error) ? 'Environment not found' : PAGE_TITLES[kind], environment.data?.name)

  const gate = environmentGate({ environment, envId, heading: PAGE_TITLES[kind] })
  if (gate !== null || !environment.data) return gate
  const Page = PAGES[kind]
  return <Page environment={environment.data} />
}

/** The same for the page of one resource of the environment; that page sets the title once it knows the name. */
export function EnvironmentDetailRoute({ envId, kind, id }: { envId: string; kind: DetailKind; id: string }) {
  const environment = useEnvironment(envId)
  const gate = environmentGate({ environment, envId, heading: DETAIL_TITLES[kind] })
  if (gate !== null || !environment.data) {
    return (
      <>
        <DocumentTitle parts={[isNotFound(environment.error) ? 'Environment not found' : DETAIL_TITLES[kind]]} />
        {gate}
      </>
    )
  }
  const Page = DETAIL_PAGES[kind]
  return <Page environment={environment.data} id={id} />
}

/** The network-driver compose editor of a stack; its code (Monaco) loads when the route opens. */
export function EnvironmentStackEditRoute({ envId, id }: { envId: string; id: string }) {
  const environment = useEnvironment(envId)
  const gate = environmentGate({ environment, envId, heading: STACK_EDIT_TITLE })
  if (gate !== null || !environment.data) {
    return (
      <>
        <DocumentTitle parts={[isNotFound(environment.error) ? 'Environment not found' : STACK_EDIT_TITLE]} />
        {gate}
      </>
    )
  }
  return (
    <LazyBoundary what="editor" loadingLabel="Loading the editor…">
      <StackEditPage environment={environment.data} id={id} />
    </LazyBoundary>
  )
}
