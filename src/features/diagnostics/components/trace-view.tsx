import type { Trace } from '../../../../core/api/index.ts'
import { CopyButton } from '../../../components/ui/copy-button.tsx'

const VERDICT_TONE = { reachable: 'ok', unreachable: 'bad', unknown: 'neutral' } as const
const HOP_TONE = { ok: 'ok', fail: 'bad', unknown: 'neutral' } as const
const HOP_MARK = { ok: '✓', fail: '✗', unknown: '?' } as const

/** The verdict and each hop of the path with its evidence; the first failing hop is highlighted with its fix. */
export function TraceView({ trace }: { trace: Trace }) {
  const firstFail = trace.hops.findIndex((h) => h.verdict === 'fail')
  return (
    <section aria-labelledby="trace-verdict" className="trace">
      <h3 id="trace-verdict">
        Verdict: <span className={`badge badge-${VERDICT_TONE[trace.verdict]}`}>{trace.verdict}</span>
      </h3>
      <p>{trace.summary}</p>
      <ol className="trace-hops">
        {trace.hops.map((hop, index) => (
          <li key={`${index}-${hop.name}`} className={`trace-hop${index === firstFail ? ' trace-hop-first-fail' : ''}`}>
            <h4 className="trace-hop-name">
              <span className={`badge badge-${HOP_TONE[hop.verdict]}`}>
                <span aria-hidden="true">{HOP_MARK[hop.verdict]}</span> {hop.verdict}
              </span>{' '}
              {hop.name}
              {index === firstFail && <span className="visually-hidden"> (first failing hop)</span>}
            </h4>
            <ul className="trace-evidence small">
              {hop.evidence.map((line, k) => (
                <li key={k}>{line}</li>
              ))}
            </ul>
            {hop.fix && (
              <>
                <div className="finding-fix-header">
                  <h5 className="finding-label">Fix</h5>
                  <CopyButton text={hop.fix} label={`Copy the fix for ${hop.name}`} />
                </div>
                <pre className="finding-fix" tabIndex={0} aria-label={`Fix for ${hop.name}`}>
                  {hop.fix}
                </pre>
              </>
            )}
          </li>
        ))}
      </ol>
    </section>
  )
}
