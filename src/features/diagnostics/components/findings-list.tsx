import { useId } from 'react'
import { Link } from 'wouter'
import type { Finding } from '../../../../core/api/index.ts'
import { CopyButton } from '../../../components/ui/copy-button.tsx'
import { paths } from '../../../config/paths.ts'
import { evidenceText, findingAnchor, SEVERITY_TONE, SUBJECT_KIND_LABEL, subjectText } from '../utils/finding-format.ts'

/** Heading levels a finding may sit at: 2 in a plain list, deeper under the checklist's groups. */
export type FindingHeadingLevel = 2 | 3 | 4

/** The subject, linked to the page that shows it: a host, a container, "host-1 → host-2 (outbound)". */
function Subject({ envId, subject }: { envId: string; subject: Finding['subject'] }) {
  const name = subject.name ?? subject.id
  switch (subject.kind) {
    case 'host':
      return <Link href={paths.host.href(envId, subject.id)}>{name}</Link>
    case 'container':
      return <Link href={paths.container.href(envId, subject.id)}>{name}</Link>
    case 'stack':
      return <Link href={paths.stack.href(envId, subject.id)}>{name}</Link>
    case 'network':
      return <Link href={paths.network.href(envId, subject.id)}>{name}</Link>
    case 'hostPair':
      return (
        <span>
          <Link href={paths.host.href(envId, subject.id)}>{name}</Link>
          {' → '}
          {subject.peerId ? <Link href={paths.host.href(envId, subject.peerId)}>{subject.peerName ?? subject.peerId}</Link> : '?'}
          {subject.direction && ` (${subject.direction})`}
        </span>
      )
    case 'environment':
      return <Link href={paths.overview.href(envId)}>{name}</Link>
  }
}

type FindingItemProps = { envId: string; finding: Finding; anchor: string; level: FindingHeadingLevel }

function FindingItem({ envId, finding, anchor, level }: FindingItemProps) {
  const headingId = useId()
  const Heading = `h${level}` as const
  const Label = `h${level + 1}` as 'h3' | 'h4' | 'h5'
  const subject = subjectText(finding.subject)
  const evidence = Object.entries(finding.evidence)
  return (
    <li className={`finding finding-${finding.severity}`}>
      {/* the anchor lets other screens link here; focusable (not tabbable) so a followed link lands on it */}
      <article id={anchor} tabIndex={-1} aria-labelledby={headingId}>
        {/* the subject is in the heading's name so a screen reader's heading list tells findings apart */}
        <Heading id={headingId} className="finding-heading">
          <span className={`badge badge-${SEVERITY_TONE[finding.severity]}`}>{finding.severity}</span>{' '}
          <code className="finding-check">{finding.checkId}</code> <span className="visually-hidden">on {subject}</span>
        </Heading>
        <p className="finding-subject">
          <span className="muted">{SUBJECT_KIND_LABEL[finding.subject.kind]}: </span>
          <Subject envId={envId} subject={finding.subject} />
        </p>
        <p className="finding-message">{finding.message}</p>
        {evidence.length > 0 && (
          <>
            <Label className="finding-label">Evidence</Label>
            <dl className="finding-evidence">
              {evidence.map(([key, value]) => (
                <div key={key}>
                  <dt>{key}</dt>
                  <dd>
                    {value === null || (Array.isArray(value) && value.length === 0) ? (
                      <span className="muted">none</span>
                    ) : (
                      <code>{evidenceText(value)}</code>
                    )}
                  </dd>
                </div>
              ))}
            </dl>
          </>
        )}
        <div className="finding-fix-header">
          <Label className="finding-label">Fix</Label>
          <CopyButton text={finding.fix} label={`Copy the fix for ${finding.checkId} on ${subject}`} />
        </div>
        {/* focusable: a long command scrolls, and keyboard users must reach it to select or scroll it */}
        <pre className="finding-fix" tabIndex={0} aria-label={`Fix for ${finding.checkId} on ${subject}`}>
          {finding.fix}
        </pre>
      </article>
    </li>
  )
}

type FindingsListProps = {
  envId: string
  findings: readonly Finding[]
  /** The list's accessible name; "Findings" unless a group names it. */
  label?: string
  /** Level of each finding's heading (its Evidence and Fix labels one deeper). */
  headingLevel?: FindingHeadingLevel
}

/** Findings as the checklist shows them: severity, check, subject, message, evidence and a copyable fix. */
export function FindingsList({ envId, findings, label = 'Findings', headingLevel = 2 }: FindingsListProps) {
  // keyed by content, not position, so a live refresh keeps each finding's DOM (and focus) in place
  const seen = new Map<string, number>()
  const anchors = new Map<string, number>()
  const keyed = findings.map((f) => {
    const base = `${f.checkId}:${f.subject.id}:${f.subject.peerId ?? ''}:${f.message}`
    const n = (seen.get(base) ?? 0) + 1
    seen.set(base, n)
    // the first finding of a check on a subject keeps the plain anchor other screens link to
    const anchor = findingAnchor(f)
    const a = (anchors.get(anchor) ?? 0) + 1
    anchors.set(anchor, a)
    return { key: n === 1 ? base : `${base}:${n}`, anchor: a === 1 ? anchor : `${anchor}-${a}`, finding: f }
  })
  return (
    <ul className="findings" aria-label={label}>
      {keyed.map(({ key, anchor, finding }) => (
        <FindingItem key={key} envId={envId} finding={finding} anchor={anchor} level={headingLevel} />
      ))}
    </ul>
  )
}
