import { useId } from 'react'
import { Link } from 'wouter'
import type { Finding } from '../../../../core/api/index.ts'
import { CopyButton } from '../../../components/ui/copy-button.tsx'
import { paths } from '../../../config/paths.ts'
import { evidenceText, SEVERITY_TONE, subjectText } from '../utils/finding-format.ts'

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

function FindingItem({ envId, finding }: { envId: string; finding: Finding }) {
  const headingId = useId()
  const subject = subjectText(finding.subject)
  const evidence = Object.entries(finding.evidence)
  return (
    <li className={`finding finding-${finding.severity}`}>
      <article aria-labelledby={headingId}>
        {/* the subject is in the heading's name so a screen reader's heading list tells findings apart */}
        <h2 id={headingId} className="finding-heading">
          <span className={`badge badge-${SEVERITY_TONE[finding.severity]}`}>{finding.severity}</span>{' '}
          <code className="finding-check">{finding.checkId}</code> <span className="visually-hidden">on {subject}</span>
        </h2>
        <p className="finding-subject">
          <span className="muted">{finding.subject.kind === 'hostPair' ? 'Host pair' : `${finding.subject.kind[0].toUpperCase()}${finding.subject.kind.slice(1)}`}: </span>
          <Subject envId={envId} subject={finding.subject} />
        </p>
        <p className="finding-message">{finding.message}</p>
        {evidence.length > 0 && (
          <>
            <h3 className="finding-label">Evidence</h3>
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
          <h3 className="finding-label">Fix</h3>
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

/** Findings as the checklist shows them: severity, check, subject, message, evidence and a copyable fix. */
export function FindingsList({ envId, findings }: { envId: string; findings: readonly Finding[] }) {
  // keyed by content, not position, so a live refresh keeps each finding's DOM (and focus) in place
  const seen = new Map<string, number>()
  const keyed = findings.map((f) => {
    const base = `${f.checkId}:${f.subject.id}:${f.subject.peerId ?? ''}:${f.message}`
    const n = (seen.get(base) ?? 0) + 1
    seen.set(base, n)
    return { key: n === 1 ? base : `${base}:${n}`, finding: f }
  })
  return (
    <ul className="findings" aria-label="Findings">
      {keyed.map(({ key, finding }) => (
        <FindingItem key={key} envId={envId} finding={finding} />
      ))}
    </ul>
  )
}
