import { useId } from 'react'
import { Link } from 'wouter'
import type { Finding } from '../../../../core/api/index.ts'
import {
  findingsCountText,
  groupFindings,
  SEVERITY_GROUP_LABEL,
  SEVERITY_TONE,
  SUBJECT_KIND_LABEL,
  subjectHref,
  subjectTitle,
  type SubjectGroup,
} from '../utils/finding-format.ts'
import { FindingsList } from './findings-list.tsx'

/** Where a host pair shows is the matrix with its direction selected; the link says so. */
const LINK_HINT: Partial<Record<Finding['subject']['kind'], string>> = {
  hostPair: 'Show this direction on the Reachability page',
  environment: 'Show the environment overview',
}

function SubjectSection({ envId, group }: { envId: string; group: SubjectGroup }) {
  const headingId = useId()
  const title = subjectTitle(group.subject)
  return (
    <section className="checklist-subject" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <span className="muted">{SUBJECT_KIND_LABEL[group.subject.kind]}</span>{' '}
        <Link href={subjectHref(envId, group.subject)} title={LINK_HINT[group.subject.kind]}>
          {title}
        </Link>{' '}
        <span className="muted small">· {findingsCountText(group.findings.length)}</span>
      </h3>
      <FindingsList envId={envId} findings={group.findings} label={`Findings on ${title}`} headingLevel={4} />
    </section>
  )
}

/**
 * The checklist's findings: a section per severity (errors first) with its count, and in it a
 * section per subject — the environment, a network or stack, a host, a host pair in one
 * direction, a container — whose heading links to where that subject shows.
 */
export function ChecklistGroups({ envId, findings }: { envId: string; findings: readonly Finding[] }) {
  return (
    <>
      {groupFindings(findings).map((group) => (
        <section key={group.severity} className="checklist-severity" aria-labelledby={`checklist-${group.severity}`}>
          <h2 id={`checklist-${group.severity}`}>
            {SEVERITY_GROUP_LABEL[group.severity]}{' '}
            <span className={`badge badge-${SEVERITY_TONE[group.severity]}`}>{group.count}</span>
          </h2>
          {group.subjects.map((subject) => (
            <SubjectSection key={subject.key} envId={envId} group={subject} />
          ))}
        </section>
      ))}
    </>
  )
}
