import type { Answers, ErrorDetail, Question } from '../../../../core/api/index.ts'
import { AnswersFields as SharedAnswersFields } from '../../../components/answers/answer-field.tsx'

type Props = {
  questions: readonly Question[]
  values: Answers
  onChange: (variable: string, value: string) => void
  /** Problems with paths `answers.VARIABLE` (the shared rules in the browser, or the server's 400). */
  errors: readonly ErrorDetail[]
}

/**
 * The inputs for a catalog version's questions with their real types (a CIDR or IPv4 text
 * input, numbers with bounds, checkboxes, choices), prefilled with the stack's answers or the
 * defaults; each field shows its own problems.
 */
export function AnswersFields({ questions, values, onChange, errors }: Props) {
  if (questions.length === 0) return <p className="muted">This version asks no questions.</p>
  return <SharedAnswersFields questions={questions} values={values} onChange={onChange} errors={errors} prefilled />
}
