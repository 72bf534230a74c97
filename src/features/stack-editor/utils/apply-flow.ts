import type { Stack, StackUpgradePreview, UpgradeStack } from '../../../../core/api/index.ts'
import { ApiError } from '../../../lib/api-error.ts'

/** What the apply flow needs of the editor's draft. */
export interface ApplyDraft {
  stackRevision: number
  dockerCompose: string
  rancherCompose: string
  errorCount: number
  dirty: boolean
}

/** Why "Apply…" cannot be pressed now, or null when it can. */
export function applyDisabledReason(draft: ApplyDraft): string | null {
  if (draft.errorCount > 0) {
    return `Fix the ${draft.errorCount === 1 ? 'error' : `${draft.errorCount} errors`} listed under Problems before applying.`
  }
  if (!draft.dirty) return 'Nothing to apply: the files are as the stack stores them.'
  return null
}

/**
 * The body of the preview and of the upgrade: both compose files as edited. The answers are not
 * sent: the editor does not change them, and the server keeps the stored ones (the same the
 * editor validates with, since the revision must match).
 */
export function upgradeBodyOf(draft: Pick<ApplyDraft, 'dockerCompose' | 'rancherCompose'>): UpgradeStack {
  return { dockerCompose: draft.dockerCompose, rancherCompose: draft.rancherCompose }
}

/** What the apply slot says after the dialog closed. */
export type ApplyNotice =
  | { kind: 'applied'; revision: number }
  | { kind: 'rebased'; from: number; to: number }
  | { kind: 'reloaded'; revision: number }

export type ApplyState =
  /** No dialog. */
  | { step: 'closed'; notice: ApplyNotice | null }
  /** The dialog is open, asking the server what the draft would change. */
  | { step: 'previewing'; token: number; body: UpgradeStack; baseRevision: number }
  /** The preview could not be computed (400 with details, network error…). */
  | { step: 'preview-failed'; token: number; body: UpgradeStack; baseRevision: number; error: unknown }
  /** The impact is shown; `error` is a failed apply (READDRESS_REFUSED, 400…) to show with it. */
  | { step: 'preview'; body: UpgradeStack; preview: StackUpgradePreview; error: unknown }
  | { step: 'applying'; body: UpgradeStack; preview: StackUpgradePreview }
  /**
   * The stack moved on since the editor's baseline (`yours`): at preview time (the preview was
   * computed against another revision) or at apply time (409 REVISION_MISMATCH). Nothing was
   * written; the operator reloads (after a confirm) or rebases the edit on the latest revision.
   */
  | {
      step: 'conflict'
      yours: number
      current: number | null
      confirmingReload: boolean
      resolving: 'reload' | 'rebase' | null
      error: unknown
    }

export type ApplyEvent =
  | { type: 'preview-requested'; token: number; body: UpgradeStack; baseRevision: number }
  | { type: 'preview-loaded'; token: number; preview: StackUpgradePreview }
  | { type: 'preview-failed'; token: number; error: unknown }
  | { type: 'apply-requested' }
  | { type: 'apply-succeeded'; stack: Stack }
  | { type: 'apply-failed'; error: unknown }
  | { type: 'reload-asked' }
  | { type: 'reload-cancelled' }
  | { type: 'resolve-started'; how: 'reload' | 'rebase' }
  | { type: 'resolved'; how: 'reload' | 'rebase'; stack: Stack }
  | { type: 'resolve-failed'; error: unknown }
  | { type: 'dismissed' }

export const initialApplyState: ApplyState = { step: 'closed', notice: null }

const isRevisionMismatch = (error: unknown) => error instanceof ApiError && error.isRevisionMismatch

/** The apply flow's transitions; an event that does not fit the current step is ignored. */
export function applyReducer(state: ApplyState, event: ApplyEvent): ApplyState {
  switch (event.type) {
    case 'preview-requested':
      if (state.step !== 'closed' && state.step !== 'preview-failed') return state
      return { step: 'previewing', token: event.token, body: event.body, baseRevision: event.baseRevision }
    case 'preview-loaded':
      if (state.step !== 'previewing' || state.token !== event.token) return state
      // Computed against what runs now, which is not what the edit started from: applying it
      // would overwrite the other change. Never offered; the operator chooses first.
      if (event.preview.revision !== state.baseRevision) {
        return { step: 'conflict', yours: state.baseRevision, current: event.preview.revision, confirmingReload: false, resolving: null, error: null }
      }
      return { step: 'preview', body: state.body, preview: event.preview, error: null }
    case 'preview-failed':
      if (state.step !== 'previewing' || state.token !== event.token) return state
      return { step: 'preview-failed', token: state.token, body: state.body, baseRevision: state.baseRevision, error: event.error }
    case 'apply-requested':
      if (state.step !== 'preview' || state.preview.refused) return state
      return { step: 'applying', body: state.body, preview: state.preview }
    case 'apply-succeeded':
      if (state.step !== 'applying') return state
      return { step: 'closed', notice: { kind: 'applied', revision: event.stack.revision } }
    case 'apply-failed':
      if (state.step !== 'applying') return state
      if (isRevisionMismatch(event.error)) {
        const current = (event.error as ApiError).currentRevision
        return { step: 'conflict', yours: state.preview.revision, current, confirmingReload: false, resolving: null, error: null }
      }
      return { step: 'preview', body: state.body, preview: state.preview, error: event.error }
    case 'reload-asked':
      if (state.step !== 'conflict' || state.resolving) return state
      return { ...state, confirmingReload: true }
    case 'reload-cancelled':
      if (state.step !== 'conflict' || state.resolving) return state
      return { ...state, confirmingReload: false }
    case 'resolve-started':
      if (state.step !== 'conflict' || state.resolving) return state
      if (event.how === 'reload' && !state.confirmingReload) return state // discarding edits needs the confirm
      return { ...state, resolving: event.how, error: null }
    case 'resolved':
      if (state.step !== 'conflict' || state.resolving !== event.how) return state
      return {
        step: 'closed',
        notice: event.how === 'rebase' ? { kind: 'rebased', from: state.yours, to: event.stack.revision } : { kind: 'reloaded', revision: event.stack.revision },
      }
    case 'resolve-failed':
      if (state.step !== 'conflict' || !state.resolving) return state
      return { ...state, resolving: null, error: event.error }
    case 'dismissed':
      // Not while the upgrade or a reload is on its way: its answer must land somewhere.
      if (state.step === 'applying' || (state.step === 'conflict' && state.resolving)) return state
      return state.step === 'closed' ? state : { step: 'closed', notice: null }
  }
}

/** The dialog is open in every step but `closed`. */
export const isDialogOpen = (state: ApplyState) => state.step !== 'closed'

/** What the conflict says: "This stack changed since you opened it (you edited revision A; it is now at B)." */
export function conflictText(yours: number, current: number | null): string {
  return `This stack changed since you opened it (you edited revision ${yours}; ${current === null ? 'it has a newer revision' : `it is now at ${current}`}).`
}

/** The sentence the apply slot shows after the dialog closed. */
export function noticeText(notice: ApplyNotice): string {
  switch (notice.kind) {
    case 'applied':
      return `Applied — revision ${notice.revision}. Hosts pick up the new configuration within seconds.`
    case 'rebased':
      return `Your edits now apply on top of revision ${notice.to} (was ${notice.from}). The Changes diff shows them against what runs now; review it and press Apply… again.`
    case 'reloaded':
      return `Reloaded revision ${notice.revision}; your edits were discarded.`
  }
}
