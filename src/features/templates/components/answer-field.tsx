import type { Question } from '../../../../core/api/index.ts'
import { AnswerField as SharedAnswerField } from '../../../components/answers/answer-field.tsx'

type Props = {
  question: Question
  /** The answer as the template stores it; '' when unset (the default applies). */
  value: string
  onChange: (value: string) => void
  /** Live and server messages for this answer. */
  errors: string[]
}

/**
 * One question of a catalog version in the template editor. A template keeps only the answers
 * an operator set, so an unset answer is '' here: the field shows the default that applies (as
 * placeholder, checked state or "Default (x)" choice) rather than a prefilled value.
 */
export function AnswerField(props: Props) {
  return <SharedAnswerField {...props} prefilled={false} />
}
