import { describe, expect, it } from 'vitest'
import type { Stack, StackUpgradePreview } from '../../../../core/api/index.ts'
import { ApiError } from '../../../lib/api-error.ts'
import {
  applyDisabledReason,
  applyReducer,
  conflictText,
  initialApplyState,
  noticeText,
  upgradeBodyOf,
  type ApplyEvent,
  type ApplyState,
} from './apply-flow.ts'

const draft = { stackRevision: 3, dockerCompose: 'docker', rancherCompose: 'rancher', errorCount: 0, dirty: true }
const body = upgradeBodyOf(draft)
const preview = (over: Partial<StackUpgradePreview> = {}): StackUpgradePreview => ({
  stackId: 'stk-ipsec',
  revision: 3,
  refused: null,
  networkChanges: [{ field: 'mtu', from: '1500', to: '1400' }],
  hosts: [],
  containers: [],
  ...over,
})
const stack = (revision: number) => ({ id: 'stk-ipsec', revision }) as Stack
const mismatch = (current: number) =>
  new ApiError({ code: 'REVISION_MISMATCH', status: 409, message: `stack ipsec is at revision ${current}, not 3`, details: { current } })

const run = (events: ApplyEvent[], from: ApplyState = initialApplyState) => events.reduce(applyReducer, from)
const previewed = (p = preview()) =>
  run([
    { type: 'preview-requested', token: 1, body, baseRevision: 3 },
    { type: 'preview-loaded', token: 1, preview: p },
  ])

describe('applyDisabledReason', () => {
  it('is null for a valid, changed draft', () => {
    expect(applyDisabledReason(draft)).toBeNull()
  })
  it('asks to fix the errors first, counting them', () => {
    expect(applyDisabledReason({ ...draft, errorCount: 1 })).toBe('Fix the error listed under Problems before applying.')
    expect(applyDisabledReason({ ...draft, errorCount: 3 })).toBe('Fix the 3 errors listed under Problems before applying.')
  })
  it('says there is nothing to apply when the files are as stored', () => {
    expect(applyDisabledReason({ ...draft, dirty: false })).toBe('Nothing to apply: the files are as the stack stores them.')
  })
  it('names the errors before the lack of changes', () => {
    expect(applyDisabledReason({ ...draft, dirty: false, errorCount: 2 })).toMatch(/^Fix the 2 errors/)
  })
})

describe('upgradeBodyOf', () => {
  it('sends both compose files and leaves the stored answers alone', () => {
    expect(upgradeBodyOf(draft)).toEqual({ dockerCompose: 'docker', rancherCompose: 'rancher' })
  })
})

describe('applyReducer', () => {
  it('shows the preview when it was computed against the revision the edit started from', () => {
    expect(previewed()).toEqual({ step: 'preview', body, preview: preview(), error: null })
  })

  it('ignores the answer of a preview that is no longer awaited', () => {
    const state = run([
      { type: 'preview-requested', token: 1, body, baseRevision: 3 },
      { type: 'dismissed' },
      { type: 'preview-requested', token: 2, body, baseRevision: 3 },
      { type: 'preview-loaded', token: 1, preview: preview({ revision: 9 }) },
    ])
    expect(state).toEqual({ step: 'previewing', token: 2, body, baseRevision: 3 })
  })

  it('turns a preview of a newer revision into a conflict: nothing is offered to apply', () => {
    expect(previewed(preview({ revision: 4 }))).toEqual({ step: 'conflict', yours: 3, current: 4, confirmingReload: false, resolving: null, error: null })
  })

  it('keeps a failed preview in the dialog and retries it', () => {
    const error = new ApiError({ code: 'VALIDATION_FAILED', status: 400, message: 'bad', details: [{ path: 'dockerCompose', message: 'no driver' }] })
    const failed = run([
      { type: 'preview-requested', token: 1, body, baseRevision: 3 },
      { type: 'preview-failed', token: 1, error },
    ])
    expect(failed).toMatchObject({ step: 'preview-failed', error })
    expect(applyReducer(failed, { type: 'preview-requested', token: 2, body, baseRevision: 3 })).toMatchObject({ step: 'previewing', token: 2 })
  })

  it('never applies a refused change', () => {
    const refused = previewed(preview({ refused: { code: 'READDRESS_REFUSED', message: 'no' } }))
    expect(applyReducer(refused, { type: 'apply-requested' })).toBe(refused)
  })

  it('closes with the new revision after a successful apply', () => {
    const state = run([{ type: 'apply-requested' }, { type: 'apply-succeeded', stack: stack(4) }], previewed())
    expect(state).toEqual({ step: 'closed', notice: { kind: 'applied', revision: 4 } })
    expect(noticeText({ kind: 'applied', revision: 4 })).toBe('Applied — revision 4. Hosts pick up the new configuration within seconds.')
  })

  it('cannot be dismissed while the upgrade is on its way', () => {
    const applying = run([{ type: 'apply-requested' }], previewed())
    expect(applyReducer(applying, { type: 'dismissed' })).toBe(applying)
  })

  it('keeps READDRESS_REFUSED and 400 answers next to the preview', () => {
    const error = new ApiError({ code: 'READDRESS_REFUSED', status: 409, message: 'Subnet 10.42.0.0/16 has 12 allocated address(es)…' })
    const state = run([{ type: 'apply-requested' }, { type: 'apply-failed', error }], previewed())
    expect(state).toEqual({ step: 'preview', body, preview: preview(), error })
  })

  describe('409 REVISION_MISMATCH', () => {
    const conflict = () => run([{ type: 'apply-requested' }, { type: 'apply-failed', error: mismatch(5) }], previewed())

    it('becomes a conflict naming both revisions', () => {
      expect(conflict()).toEqual({ step: 'conflict', yours: 3, current: 5, confirmingReload: false, resolving: null, error: null })
      expect(conflictText(3, 5)).toBe('This stack changed since you opened it (you edited revision 3; it is now at 5).')
      expect(conflictText(3, null)).toBe('This stack changed since you opened it (you edited revision 3; it has a newer revision).')
    })

    it('reloads only after the confirm', () => {
      expect(applyReducer(conflict(), { type: 'resolve-started', how: 'reload' })).toEqual(conflict())
      const asked = applyReducer(conflict(), { type: 'reload-asked' })
      expect(asked).toMatchObject({ confirmingReload: true })
      expect(applyReducer(asked, { type: 'reload-cancelled' })).toEqual(conflict())
      const reloading = applyReducer(asked, { type: 'resolve-started', how: 'reload' })
      expect(reloading).toMatchObject({ resolving: 'reload' })
      expect(applyReducer(reloading, { type: 'resolved', how: 'reload', stack: stack(5) })).toEqual({ step: 'closed', notice: { kind: 'reloaded', revision: 5 } })
    })

    it('rebases without a confirm and says on which revision the edit now applies', () => {
      const rebasing = applyReducer(conflict(), { type: 'resolve-started', how: 'rebase' })
      expect(rebasing).toMatchObject({ step: 'conflict', resolving: 'rebase' })
      expect(applyReducer(rebasing, { type: 'dismissed' })).toBe(rebasing)
      const done = applyReducer(rebasing, { type: 'resolved', how: 'rebase', stack: stack(6) })
      expect(done).toEqual({ step: 'closed', notice: { kind: 'rebased', from: 3, to: 6 } })
    })

    it('stays in the conflict when the latest version cannot be loaded', () => {
      const error = new ApiError({ code: 'NETWORK_ERROR', status: 0, message: 'The control plane could not be reached.' })
      const state = run([{ type: 'resolve-started', how: 'rebase' }, { type: 'resolve-failed', error }], conflict())
      expect(state).toEqual({ step: 'conflict', yours: 3, current: 5, confirmingReload: false, resolving: null, error })
    })

    it('after a rebase, the next preview is of the new revision and applies', () => {
      const rebased = run([{ type: 'resolve-started', how: 'rebase' }, { type: 'resolved', how: 'rebase', stack: stack(5) }], conflict())
      const state = run(
        [
          { type: 'preview-requested', token: 7, body, baseRevision: 5 },
          { type: 'preview-loaded', token: 7, preview: preview({ revision: 5 }) },
          { type: 'apply-requested' },
          { type: 'apply-succeeded', stack: stack(6) },
        ],
        rebased,
      )
      expect(state).toEqual({ step: 'closed', notice: { kind: 'applied', revision: 6 } })
    })
  })
})
