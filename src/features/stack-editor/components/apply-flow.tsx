import { useEffect, useId, useReducer, useRef, useState } from 'react'
import type { Stack } from '../../../../core/api/index.ts'
import { Dialog } from '../../../components/ui/dialog.tsx'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { Loading } from '../../../components/ui/loading.tsx'
import { ApiError } from '../../../lib/api-error.ts'
import { useApplyStackUpgrade, useFetchLatestStack, usePreviewStackUpgrade } from '../api/stack-upgrade.ts'
import {
  applyDisabledReason,
  applyReducer,
  conflictText,
  initialApplyState,
  isDialogOpen,
  noticeText,
  upgradeBodyOf,
  type ApplyState,
} from '../utils/apply-flow.ts'
import type { EditorDraft } from './stack-compose-editor.tsx'
import { UpgradePreviewView } from './upgrade-preview-view.tsx'

type Props = {
  draft: EditorDraft
  envId: string
  stackId: string
  stackName: string
  environmentName: string
  /** The revision the stack is at now (live updates); newer than the draft's when someone else changed it. */
  latestRevision: number
  /** The upgrade went through: the stack as now stored becomes the editor's baseline. */
  onApplied: (stack: Stack) => void
  /** "Keep my edits": the latest stack becomes the baseline, the edited text stays. */
  onRebased: (stack: Stack) => void
  /** "Reload the current version": the latest stack becomes the baseline and the text. */
  onReloaded: (stack: Stack) => void
}

/** A failed preview or upgrade: the server's message, and the field list of a 400. */
function UpgradeError({ title, error }: { title: string; error: unknown }) {
  const details = error instanceof ApiError ? error.fieldErrors : []
  return (
    <>
      <ErrorPanel title={title} error={error} />
      {details.length > 0 && (
        <ul className="field-error upgrade-error-details" aria-label="What the server found">
          {details.map((d) => (
            <li key={`${d.path}:${d.message}`}>
              {d.path ? <code>{d.path}</code> : null} {d.message}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}

/**
 * "Apply…" for the compose editor (issue 3, item 5): asks the server for the impact of the draft,
 * shows it in a dialog and applies it with `If-Match` on the revision the preview was computed
 * against. Never overwrites a newer revision: a stale baseline (seen in the preview, or a 409
 * REVISION_MISMATCH) leads to a choice between reloading and rebasing the edit.
 */
export function ApplyFlow({ draft, envId, stackId, stackName, environmentName, latestRevision, onApplied, onRebased, onReloaded }: Props) {
  const [state, dispatch] = useReducer(applyReducer, initialApplyState)
  const preview = usePreviewStackUpgrade(envId, stackId)
  const apply = useApplyStackUpgrade(envId, stackId)
  const fetchLatest = useFetchLatestStack(envId, stackId)
  const tokens = useRef(0)
  const reasonId = useId()
  const reason = applyDisabledReason(draft)

  const requestPreview = (body = upgradeBodyOf(draft), baseRevision = draft.stackRevision) => {
    const token = ++tokens.current
    dispatch({ type: 'preview-requested', token, body, baseRevision })
    preview.mutateAsync(body).then(
      (p) => dispatch({ type: 'preview-loaded', token, preview: p }),
      (error: unknown) => dispatch({ type: 'preview-failed', token, error }),
    )
  }

  const confirm = () => {
    if (state.step !== 'preview' || state.preview.refused) return
    dispatch({ type: 'apply-requested' })
    apply.mutateAsync({ body: state.body, revision: state.preview.revision }).then(
      (stack) => {
        onApplied(stack)
        dispatch({ type: 'apply-succeeded', stack })
      },
      (error: unknown) => dispatch({ type: 'apply-failed', error }),
    )
  }

  const resolve = (how: 'reload' | 'rebase') => {
    if (state.step !== 'conflict' || state.resolving) return
    if (how === 'reload' && !state.confirmingReload) return
    dispatch({ type: 'resolve-started', how })
    fetchLatest().then(
      (stack) => {
        if (how === 'rebase') onRebased(stack)
        else onReloaded(stack)
        dispatch({ type: 'resolved', how, stack })
      },
      (error: unknown) => dispatch({ type: 'resolve-failed', error }),
    )
  }

  // Not dirty and behind: nothing to lose, so loading the latest needs no confirm.
  const [loadingLatest, setLoadingLatest] = useState(false)
  const loadLatest = () => {
    setLoadingLatest(true)
    fetchLatest()
      .then(onReloaded, () => undefined)
      .finally(() => setLoadingLatest(false))
  }
  const behind = latestRevision > draft.stackRevision

  const notice = state.step === 'closed' && state.notice ? state.notice : null
  return (
    <div className="apply-slot" data-slot="apply">
      <button
        type="button"
        className="button button-primary"
        disabled={reason !== null || isDialogOpen(state)}
        aria-describedby={reason ? reasonId : undefined}
        onClick={() => requestPreview()}
      >
        Apply…
      </button>
      {reason && (
        <p id={reasonId} className="muted small">
          {reason}
        </p>
      )}
      {behind && (
        <p className="small apply-behind">
          {`Revision ${latestRevision} was stored since you opened revision ${draft.stackRevision}. `}
          {draft.dirty ? (
            'Applying will ask whether to reload it or keep your edits on top of it.'
          ) : (
            <button type="button" className="button button-small" onClick={loadLatest} disabled={loadingLatest}>
              {`Load revision ${latestRevision}`}
            </button>
          )}
        </p>
      )}
      <p role="status" className={notice?.kind === 'applied' ? 'small apply-notice apply-notice-ok' : 'small apply-notice'}>
        {notice ? noticeText(notice) : ''}
      </p>
      <Dialog open={isDialogOpen(state)} title={`Apply to ${environmentName}`} onClose={() => dispatch({ type: 'dismissed' })} className="dialog-wide">
        <ApplyDialogBody
          state={state}
          stackName={stackName}
          onRetry={() => state.step === 'preview-failed' && requestPreview(state.body, state.baseRevision)}
          onConfirm={confirm}
          onCancel={() => dispatch({ type: 'dismissed' })}
          onAskReload={() => dispatch({ type: 'reload-asked' })}
          onCancelReload={() => dispatch({ type: 'reload-cancelled' })}
          onResolve={resolve}
        />
      </Dialog>
    </div>
  )
}

type BodyProps = {
  state: ApplyState
  stackName: string
  onRetry: () => void
  onConfirm: () => void
  onCancel: () => void
  onAskReload: () => void
  onCancelReload: () => void
  onResolve: (how: 'reload' | 'rebase') => void
}

function ApplyDialogBody({ state, stackName, onRetry, onConfirm, onCancel, onAskReload, onCancelReload, onResolve }: BodyProps) {
  // Where the keyboard focus goes when the dialog's content changes under it (the button that
  // had it may be gone): the conflict, a failed upgrade, the reload confirmation.
  const focusTarget = useRef<HTMLDivElement>(null)
  const focusKey = state.step === 'conflict' ? `conflict:${state.confirmingReload}` : state.step === 'preview' && state.error ? 'apply-error' : state.step
  useEffect(() => {
    focusTarget.current?.focus()
  }, [focusKey])

  switch (state.step) {
    case 'closed':
      return null
    case 'previewing':
      return <Loading label="Asking the server what this change would do…" />
    case 'preview-failed':
      return (
        <>
          <div ref={focusTarget} tabIndex={-1}>
            <UpgradeError title="Could not compute the impact of this change" error={state.error} />
          </div>
          <div className="form-actions apply-dialog-actions">
            <button type="button" className="button" onClick={onCancel}>
              Back to the editor
            </button>
            <button type="button" className="button" onClick={onRetry}>
              Try again
            </button>
          </div>
        </>
      )
    case 'preview':
    case 'applying': {
      const { preview } = state
      const error = state.step === 'preview' ? state.error : null
      // A 4xx answer will not change by asking again.
      const blocked = preview.refused !== null || (error instanceof ApiError && error.isClientError)
      return (
        <>
          <p>
            {`Your edit of stack ${stackName} (revision ${preview.revision}) as the running environment would receive it.`}
          </p>
          {preview.refused && (
            <div className="panel panel-error" role="alert">
              <p className="panel-title">This change cannot be applied to the running environment</p>
              <p>{preview.refused.message}</p>
              <p className="muted small">
                <code>{preview.refused.code}</code>
              </p>
            </div>
          )}
          <UpgradePreviewView preview={preview} />
          {error !== null && (
            <div ref={focusTarget} tabIndex={-1}>
              <UpgradeError title="Not applied" error={error} />
            </div>
          )}
          <div className="form-actions apply-dialog-actions">
            <button type="button" className="button" onClick={onCancel} disabled={state.step === 'applying'}>
              {blocked ? 'Back to the editor' : 'Cancel'}
            </button>
            {!blocked && (
              <button type="button" className="button button-primary" onClick={onConfirm} disabled={state.step === 'applying'}>
                {state.step === 'applying' ? 'Applying…' : 'Apply'}
              </button>
            )}
          </div>
        </>
      )
    }
    case 'conflict':
      return (
        <div ref={focusTarget} tabIndex={-1} className="panel panel-warning apply-conflict" role="alert">
          <p className="panel-title">Not applied. {conflictText(state.yours, state.current)}</p>
          <p>
            Nothing was overwritten. Reload the current version to start again from it, or keep your edits: they then apply on top of the
            current version, and the Changes diff shows them against what runs now before you apply again.
          </p>
          {state.error !== null && <ErrorPanel title="Could not load the current version" error={state.error} />}
          {state.confirmingReload ? (
            <div className="apply-confirm">
              <p className="strong">Discard your edits and load {state.current === null ? 'the current version' : `revision ${state.current}`}?</p>
              <div className="form-actions apply-dialog-actions">
                <button type="button" className="button" onClick={onCancelReload} disabled={state.resolving !== null}>
                  Cancel
                </button>
                <button type="button" className="button button-danger" onClick={() => onResolve('reload')} disabled={state.resolving !== null}>
                  {state.resolving === 'reload' ? 'Reloading…' : 'Discard my edits and reload'}
                </button>
              </div>
            </div>
          ) : (
            <div className="form-actions apply-dialog-actions">
              <button type="button" className="button" onClick={onAskReload} disabled={state.resolving !== null}>
                Reload the current version
              </button>
              <button type="button" className="button button-primary" onClick={() => onResolve('rebase')} disabled={state.resolving !== null}>
                {state.resolving === 'rebase' ? 'Loading the current version…' : 'Keep my edits'}
              </button>
            </div>
          )}
        </div>
      )
  }
}
