import type { UseQueryResult } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { ErrorPanel } from './error-panel.tsx'
import { Loading } from './loading.tsx'

type Props<T> = {
  query: UseQueryResult<T>
  /** Plural noun for the messages: "Loading hosts…", "Could not load hosts". */
  what: string
  children: (data: T) => ReactNode
}

/** The loading and error states every query shows the same way. */
export function QueryView<T>({ query, what, children }: Props<T>) {
  if (query.isPending) return <Loading label={`Loading ${what}…`} />
  if (query.isError) return <ErrorPanel title={`Could not load ${what}`} error={query.error} onRetry={() => void query.refetch()} />
  return <>{children(query.data)}</>
}
