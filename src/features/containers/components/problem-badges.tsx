import type { ContainerProblem } from '../../../../core/api/index.ts'

/** A few words per problem for the badge; the problem's own message is the tooltip and the spoken text. */
export const PROBLEM_LABELS: Record<ContainerProblem['code'], string> = {
  'managed-ip-missing': 'managed IP missing',
  'address-differs': 'address differs',
  'outside-subnet': 'outside subnet',
  'duplicate-address': 'duplicate',
  'network-failed': 'network failed',
}

export function ProblemBadge({ problem }: { problem: ContainerProblem }) {
  return (
    <span className="badge badge-bad" title={problem.message}>
      {PROBLEM_LABELS[problem.code] ?? problem.code}
      <span className="visually-hidden">: {problem.message}</span>
    </span>
  )
}

// Two lines fit the fixed row height: two badges, or one and a count of the rest (the cell's title lists them all).
const MAX_BADGES = 2
const BADGES = { display: 'flex', flexWrap: 'wrap', gap: '0.2rem', maxHeight: '2.6rem', overflow: 'hidden' } as const

/** The problems cell of a containers table: a badge per problem, nothing for a healthy container. */
export function ProblemsCell({ problems }: { problems: ContainerProblem[] }) {
  if (problems.length === 0) {
    return (
      <td>
        <span className="visually-hidden">none</span>
      </td>
    )
  }
  const shown = problems.length > MAX_BADGES ? problems.slice(0, MAX_BADGES - 1) : problems
  const rest = problems.slice(shown.length)
  return (
    <td title={problems.map((p) => p.message).join('\n')}>
      <div style={BADGES}>
        {shown.map((problem, i) => (
          <ProblemBadge key={`${problem.code}-${i}`} problem={problem} />
        ))}
        {rest.length > 0 && (
          <>
            <span className="tag" aria-hidden="true">
              +{rest.length} more
            </span>
            <span className="visually-hidden">
              {rest.map((p) => `${PROBLEM_LABELS[p.code] ?? p.code}: ${p.message}`).join('; ')}
            </span>
          </>
        )}
      </div>
    </td>
  )
}
