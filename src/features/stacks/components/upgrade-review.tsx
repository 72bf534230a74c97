import { useState } from 'react'
import type { UpgradeStack } from '../../../../core/api/index.ts'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { Loading } from '../../../components/ui/loading.tsx'
import { ApiError } from '../../../lib/api-error.ts'
import { useApplyStackUpgrade, usePreviewStackUpgrade } from '../../stack-editor/api/stack-upgrade.ts'
import { UpgradePreviewView } from '../../stack-editor/components/upgrade-preview-view.tsx'

/**
 * Preview, then apply: the server says what an upgrade would change (writing nothing) and at
 * which stack revision; applying sends that revision as If-Match, so a stack changed in between
 * is refused rather than upgraded blind.
 */
export function useUpgradeReview(envId: string, stackId: string) {
  const preview = usePreviewStackUpgrade(envId, stackId)
  const apply = useApplyStackUpgrade(envId, stackId)
  const [body, setBody] = useState<UpgradeStack | null>(null)
  return {
    body,
    preview,
    apply,
    start: (next: UpgradeStack) => {
      apply.reset()
      setBody(next)
      preview.mutate(next)
    },
    confirm: () => {
      if (body && preview.data && !preview.data.refused) apply.mutate({ body, revision: preview.data.revision })
    },
    reset: () => {
      preview.reset()
      apply.reset()
      setBody(null)
    },
  }
}

export type UpgradeReviewState = ReturnType<typeof useUpgradeReview>

/** The server's field problems as lines, for a preview refused with 400. */
function fieldLines(error: unknown): string[] {
  return error instanceof ApiError ? error.fieldErrors.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)) : []
}

/** What the preview found and the Apply button; nothing before a preview was asked for. */
export function UpgradeReview({ review, stackName, applyLabel = 'Apply upgrade' }: { review: UpgradeReviewState; stackName: string; applyLabel?: string }) {
  const { preview, apply, body } = review
  if (body === null) return null
  if (preview.isPending) return <Loading label="Computing what the upgrade would change…" />
  if (preview.isError) {
    const lines = fieldLines(preview.error)
    return (
      <>
        <ErrorPanel title="The upgrade was not previewed" error={preview.error} onRetry={() => review.start(body)} />
        {lines.length > 0 && (
          <ul className="field-error" aria-label="Problems the server found">
            {lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </>
    )
  }
  const result = preview.data
  if (!result) return null

  if (apply.isSuccess) {
    return (
      <p className="apply-notice-ok" role="status">
        Upgraded: {stackName} is at revision {apply.data.revision}.
      </p>
    )
  }
  const mismatch = apply.error instanceof ApiError && apply.error.isRevisionMismatch ? apply.error : null
  return (
    <div className="upgrade-review">
      <h3>What the upgrade would change</h3>
      {result.refused ? (
        <div className="panel panel-error" role="alert">
          <p className="panel-title">The upgrade would be refused</p>
          <p>{result.refused.message}</p>
          <p className="muted small">
            <code>{result.refused.code}</code>
          </p>
        </div>
      ) : (
        <UpgradePreviewView preview={result} />
      )}
      {mismatch && (
        <div className="panel panel-error" role="alert">
          <p className="panel-title">Not applied: {stackName} changed since the preview</p>
          <p>
            The preview was for revision {result.revision}
            {mismatch.currentRevision !== null ? `; it is now at revision ${mismatch.currentRevision}` : ''}. Preview again to see
            what the upgrade changes now.
          </p>
          <button type="button" className="button" onClick={() => review.start(body)}>
            Preview again
          </button>
        </div>
      )}
      {apply.error && !mismatch && <ErrorPanel title="The upgrade was not applied" error={apply.error} />}
      {!result.refused && !mismatch && (
        <div className="form-actions">
          <button type="button" className="button button-primary" onClick={review.confirm} disabled={apply.isPending}>
            {apply.isPending ? 'Applying…' : applyLabel}
          </button>
          <span className="muted small">at revision {result.revision}</span>
        </div>
      )}
    </div>
  )
}
