import type { UseQueryResult } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { ApiError } from '../../lib/api-error.ts'
import { useDocumentTitle } from '../../lib/use-document-title.ts'
import { Breadcrumbs, type Crumb } from './breadcrumbs.tsx'
import { ErrorPanel } from './error-panel.tsx'
import { Loading } from './loading.tsx'

type Props<T> = {
  query: UseQueryResult<T>
  /** The kind as operators say it: "Host", "Catalog template". */
  kind: string
  /** What the loading and error lines call the resource; the kind in lower case when left out. */
  what?: string
  /** Title parts after the kind, e.g. the environment's name. */
  context?: Array<string | null | undefined>
  crumbs: Crumb[]
  /** The id from the URL, shown while the name is not known. */
  id: string
  name: (data: T) => string
  /** What to say, with a way back, when there is no such resource (404). */
  notFound: ReactNode
  /** Badges next to the heading (state, simulated…). */
  badges?: (data: T) => ReactNode
  /** Buttons at the end of the heading row. */
  actions?: (data: T) => ReactNode
  children: (data: T) => ReactNode
}

/**
 * The frame of every page about one resource: document title, breadcrumbs, heading, and the
 * loading, "no such resource" and error states. The URL alone restores it.
 */
export function ResourcePage<T>({ query, kind, what = kind.toLowerCase(), context = [], crumbs, id, name, notFound, badges, actions, children }: Props<T>) {
  const missing = query.error instanceof ApiError && query.error.isNotFound
  const resourceName = query.data !== undefined && !missing ? name(query.data) : null
  useDocumentTitle(...(resourceName ? [resourceName, kind] : [missing ? `${kind} not found` : kind]), ...context)

  let body: ReactNode
  let heading: ReactNode = kind
  if (missing) {
    heading = `${kind} not found`
    body = <div className="panel">{notFound}</div>
  } else if (query.isPending) {
    body = <Loading label={`Loading the ${what}…`} />
  } else if (query.isError) {
    body = <ErrorPanel title={`Could not load the ${what}`} error={query.error} onRetry={() => void query.refetch()} />
  } else {
    heading = (
      <>
        <span className="heading-kind">{kind}</span> {resourceName}
      </>
    )
  }
  const data = !missing && !query.isError && !query.isPending ? query.data : undefined

  return (
    <>
      <Breadcrumbs items={crumbs} current={resourceName ?? id} />
      <div className="page-header">
        <div>
          <h1>{heading}</h1>
          {data !== undefined && badges && <div className="heading-badges">{badges(data)}</div>}
        </div>
        {data !== undefined && actions?.(data)}
      </div>
      {data !== undefined ? children(data) : body}
    </>
  )
}
