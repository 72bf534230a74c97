import type { ReactNode } from 'react'
import { Link } from 'wouter'
import type { Environment } from '../../../core/api/index.ts'
import { ErrorPanel } from '../../components/ui/error-panel.tsx'
import { Loading } from '../../components/ui/loading.tsx'
import type { PageKind } from '../../config/paths.ts'
import { useEnvironment } from '../../features/environments/api/environments-queries.ts'
import { ApiError } from '../../lib/api-error.ts'
import { useDocumentTitle } from '../../lib/use-document-title.ts'
import { ContainersPage } from './containers-page.tsx'
import { HostsPage } from './hosts-page.tsx'
import { OverviewPage } from './overview-page.tsx'
import { SettingsPage } from './settings-page.tsx'

export const PAGE_TITLES: Record<PageKind, string> = {
  overview: 'Overview',
  hosts: 'Hosts',
  containers: 'Containers',
  settings: 'Environment settings',
}

const PAGES: Record<PageKind, (props: { environment: Environment }) => ReactNode> = {
  overview: OverviewPage,
  hosts: HostsPage,
  containers: ContainersPage,
  settings: SettingsPage,
}

/** Loads the environment every page of it needs and handles "it does not exist". */
export function EnvironmentRoute({ envId, kind }: { envId: string; kind: PageKind }) {
  const environment = useEnvironment(envId)
  const notFound = environment.error instanceof ApiError && environment.error.isNotFound
  useDocumentTitle(notFound ? 'Environment not found' : PAGE_TITLES[kind], environment.data?.name)

  if (environment.isPending) return <Loading label="Loading the environment…" />
  if (environment.isError) {
    if (notFound) {
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
        <h1>{PAGE_TITLES[kind]}</h1>
        <ErrorPanel title="Could not load the environment" error={environment.error} onRetry={() => void environment.refetch()} />
      </>
    )
  }
  const Page = PAGES[kind]
  return <Page environment={environment.data} />
}
