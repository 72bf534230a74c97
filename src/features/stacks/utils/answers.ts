import type { Answers, Question } from '../../../../core/api/index.ts'

/** What an answers form starts from: the stack's answer, else the question's default. */
export function initialAnswerValues(questions: readonly Question[], answers: Answers = {}): Answers {
  const out: Answers = {}
  for (const q of questions) out[q.variable] = answers[q.variable] ?? q.default ?? ''
  return out
}

/**
 * The answers to send: those the stack already had (kept, edited or cleared) and those the
 * operator set to something other than the default. A default left alone stays unset, so it
 * neither shows as drift from the template nor pins a value the catalog may change.
 * Answers to variables the version does not ask about are kept as they were.
 */
export function answersToSend(questions: readonly Question[], values: Answers, current: Answers = {}): Answers {
  const asked = new Set(questions.map((q) => q.variable))
  const out: Answers = {}
  for (const [variable, value] of Object.entries(current)) if (!asked.has(variable)) out[variable] = value
  for (const q of questions) {
    const value = values[q.variable] ?? ''
    if (q.variable in current || (value !== '' && value !== (q.default ?? ''))) out[q.variable] = value
  }
  return out
}

/** The answers whose value differs, as `VARIABLE: before → after` lines (empty means not set). */
export function changedAnswers(before: Answers, after: Answers): string[] {
  const variables = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
  return variables
    .filter((v) => (before[v] ?? '') !== (after[v] ?? ''))
    .map((v) => `${v}: ${before[v] || 'not set'} → ${after[v] || 'not set'}`)
}
