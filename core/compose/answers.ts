// Answers to a catalog template version's questions, as Rancher treats them: every answer is
// a string, an empty string means "not set" (so the question's default applies), and the
// question's type says what text is acceptable. The result feeds renderCompose.
import type { Question } from '../api/catalog.ts'
import type { ErrorDetail } from '../api/errors.ts'

// Plain decimal integers only: no "+", no spaces, no "1e3", no "0x10" — the values end up
// in YAML and in Go's strconv.Atoi on the Rancher side.
const INTEGER = /^-?[0-9]+$/

/**
 * Fills unset answers (missing or '') from question defaults and checks each value against its
 * question (int + min/max, boolean, enum options, required); errors have path `answers.<VARIABLE>`.
 * Answers for variables without a question are kept as given.
 */
export function effectiveAnswers(
  questions: Question[],
  answers: Record<string, string>,
): { answers: Record<string, string>; errors: ErrorDetail[] } {
  const out: Record<string, string> = { ...answers }
  const errors: ErrorDetail[] = []

  for (const q of questions) {
    const given = Object.hasOwn(answers, q.variable) ? answers[q.variable] : undefined
    let value = given
    if (value === undefined || value === '') {
      if (q.default !== undefined && q.default !== '') value = q.default
    }
    if (value !== undefined) out[q.variable] = value

    const path = `answers.${q.variable}`
    if (value === undefined || value === '') {
      if (q.required) errors.push({ path, message: `${q.variable} is required` })
      continue
    }
    const problem = checkValue(q, value)
    if (problem !== null) errors.push({ path, message: problem })
  }
  return { answers: out, errors }
}

/** The message for a value its question's type refuses, or null. */
function checkValue(q: Question, value: string): string | null {
  const shown = JSON.stringify(value)
  switch (q.type) {
    case 'int': {
      if (!INTEGER.test(value)) return `${q.variable} must be an integer, got ${shown}`
      const n = Number(value)
      if (q.min !== undefined && n < q.min) return `${q.variable} must be at least ${q.min}, got ${value}`
      if (q.max !== undefined && n > q.max) return `${q.variable} must be at most ${q.max}, got ${value}`
      return null
    }
    case 'boolean':
      return value === 'true' || value === 'false' ? null : `${q.variable} must be true or false, got ${shown}`
    case 'enum': {
      const options = q.options ?? []
      if (options.includes(value)) return null
      return options.length === 0
        ? `${q.variable} has no options to choose from, got ${shown}`
        : `${q.variable} must be one of ${options.join(', ')}, got ${shown}`
    }
    default:
      // string, password, multiline: any text.
      return null
  }
}
