import { ApiError } from '../../lib/api-error.ts'

type Props = {
  /** What failed, e.g. "Could not load hosts". */
  title: string
  error: unknown
  onRetry?: () => void
}

/** Shows what went wrong with the server's message and code, and a retry when it may help. */
export function ErrorPanel({ title, error, onRetry }: Props) {
  const apiError = error instanceof ApiError ? error : null
  const message = apiError?.message ?? (error instanceof Error ? error.message : String(error))
  return (
    <div className="panel panel-error" role="alert">
      <p className="panel-title">{title}</p>
      <p>{message}</p>
      {apiError && (
        <p className="muted small">
          <code>{apiError.code}</code>
          {apiError.status > 0 && <> · HTTP {apiError.status}</>}
          {apiError.requestId && <> · request {apiError.requestId}</>}
        </p>
      )}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  )
}
