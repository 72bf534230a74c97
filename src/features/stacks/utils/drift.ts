import type { Answers, DriftChange, DriftReport, Stack, StackDrift } from '../../../../core/api/index.ts'

/** How a missing value reads in a change line. */
const NOT_SET = 'not set'

/**
 * A change as one line, template value first: `MTU 1500 → 1400`. An answer is named by its
 * variable (what the compose and the catalog page use), not by its question's label ("MTU for
 * the network"), which `driftChangeLabel` gives alongside.
 */
export function driftChangeText(change: DriftChange): string {
  return `${change.variable ?? change.field} ${change.template ?? NOT_SET} → ${change.running ?? NOT_SET}`
}

/** The question's label of an answer change when it says more than the variable; null otherwise. */
export function driftChangeLabel(change: DriftChange): string | null {
  return change.variable !== null && change.field !== change.variable ? change.field : null
}

export const DRIFT_STATUS_TEXT: Record<StackDrift['status'], string> = {
  'in-sync': 'in sync',
  drifted: 'drifted',
  missing: 'missing',
  added: 'added',
}

/** What each status means, next to the badge. */
export const DRIFT_STATUS_EXPLANATION: Record<StackDrift['status'], string> = {
  'in-sync': 'Runs as the template says.',
  drifted: 'Runs with other settings than the template.',
  missing: 'In the template, but not running: it was removed.',
  added: 'Running, but not in the template: it was added later.',
}

/** The badge tone of a status (StateBadge colours by state name). */
export const DRIFT_STATUS_TONE: Record<StackDrift['status'], string> = {
  'in-sync': 'active',
  drifted: 'upgrading',
  missing: 'error',
  added: 'inactive',
}

/** Stacks that differ from the template in any way. */
export function driftedStacks(report: DriftReport): StackDrift[] {
  return report.stacks.filter((s) => s.status !== 'in-sync' || s.composeChanged)
}

/**
 * The answers that upgrade a running stack back to the template: the stack's own answers with
 * each drifted answer set to the template's value. The drift report carries no copy of the
 * template, so the changes' template side is all there is; a template value that is not set
 * drops the answer (the question's default applies again).
 */
export function templateAnswersFor(stack: Pick<Stack, 'answers'>, drift: StackDrift): Answers {
  const answers: Answers = { ...stack.answers }
  for (const change of drift.changes) {
    if (change.variable === null) continue
    if (change.template === null || change.template === '') delete answers[change.variable]
    else answers[change.variable] = change.template
  }
  return answers
}

/** Whether an upgrade with answers can bring the stack back (a version or compose difference needs more). */
export function answersOnlyDrift(drift: StackDrift): boolean {
  return !drift.composeChanged && drift.changes.length > 0 && drift.changes.every((c) => c.variable !== null)
}

/** The drift in a few words for the overview: "in sync", "1 drifted, 1 missing"… */
export function driftSummaryText(report: DriftReport): string {
  const count = (status: StackDrift['status']) => report.stacks.filter((s) => s.status === status).length
  const drifted = report.stacks.filter((s) => s.status === 'drifted' || (s.status === 'in-sync' && s.composeChanged)).length
  const parts = [
    drifted > 0 ? `${drifted} ${drifted === 1 ? 'stack' : 'stacks'} drifted` : null,
    count('missing') > 0 ? `${count('missing')} missing` : null,
    count('added') > 0 ? `${count('added')} added` : null,
  ].filter((p): p is string => p !== null)
  if (parts.length === 0) return report.stacks.length === 0 ? 'no infrastructure stacks to compare' : 'stacks in sync with the template'
  return parts.join(', ')
}
