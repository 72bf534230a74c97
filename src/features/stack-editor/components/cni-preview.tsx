import { useId } from 'react'
import type { CniFile } from '../../../../core/api/index.ts'
import { compareCniFiles, diffLines, type CniFileComparison, type RenderedCni } from '../utils/cni-diff.ts'

const STATUS_TEXT: Record<CniFileComparison['status'], string> = {
  unchanged: 'unchanged',
  changed: 'changes',
  added: 'new file',
  removed: 'removed',
}
const STATUS_BADGE: Record<CniFileComparison['status'], string> = {
  unchanged: 'badge badge-neutral',
  changed: 'badge badge-pending',
  added: 'badge badge-pending',
  removed: 'badge badge-bad',
}

/** A CNI file's JSON with the lines that differ from the other side marked (and announced as such). */
function JsonLines({ label, lines }: { label: string; lines: Array<{ text: string; changed: boolean }> }) {
  return (
    <pre className="cni-json" tabIndex={0} aria-label={label}>
      {lines.map((line, i) =>
        line.changed ? (
          <mark key={i} className="line line-changed">
            <span className="visually-hidden">changed: </span>
            {line.text || ' '}
          </mark>
        ) : (
          <span key={i} className="line">
            {line.text || ' '}
          </span>
        ),
      )}
    </pre>
  )
}

function FileComparison({ file }: { file: CniFileComparison }) {
  const headingId = useId()
  const diff = file.current !== null && file.next !== null ? diffLines(file.current, file.next) : null
  const side = (text: string | null, keep: 'removed' | 'added') => {
    if (text === null) return null
    if (!diff) return text.replace(/\n$/, '').split('\n').map((t) => ({ text: t, changed: file.status !== 'unchanged' }))
    return diff.filter((l) => l.kind === 'same' || l.kind === keep).map((l) => ({ text: l.text, changed: l.kind !== 'same' }))
  }
  const now = side(file.current, 'removed')
  const next = side(file.next, 'added')
  return (
    <section className={`cni-file cni-file-${file.status}`} aria-labelledby={headingId}>
      <h3 id={headingId}>
        <code>{file.name}</code> <span className={STATUS_BADGE[file.status]}>{STATUS_TEXT[file.status]}</span>
      </h3>
      <div className="cni-columns">
        <div>
          <h4>Hosts have now</h4>
          {now ? <JsonLines label={`${file.name}, current`} lines={now} /> : <p className="muted">No such file today.</p>}
        </div>
        <div>
          <h4>After this edit</h4>
          {next ? <JsonLines label={`${file.name}, after this edit`} lines={next} /> : <p className="muted">The edit removes this file.</p>}
        </div>
      </div>
    </section>
  )
}

type Props = {
  /** From the rendered compose (the validator's `rendered`); null before the first validation. */
  rendered: RenderedCni | null
  /** The network this driver created and the CNI files its hosts have now; null when it has none yet. */
  current: { networkName: string; files: CniFile[] } | null
}

/** The CNI config each host would receive after the edit, next to what hosts have now. */
export function CniPreview({ rendered, current }: Props) {
  const headingId = useId()
  let body
  if (rendered === null) body = <p className="muted">Validating…</p>
  else if (!rendered.ok) body = <p className="muted">{rendered.reason}</p>
  else {
    const files = compareCniFiles(rendered.files, current?.files ?? [])
    const changed = files.filter((f) => f.status !== 'unchanged').length
    body = files.length === 0 ? (
      <p role="status">The network_driver block has no cni_config: hosts receive no CNI config file from it.</p>
    ) : (
      <>
        <p role="status" className={changed > 0 ? 'cni-summary cni-summary-changed' : 'cni-summary'}>
          {changed === 0
            ? `Hosts would receive the same CNI config as now (${files.length} ${files.length === 1 ? 'file' : 'files'}).`
            : `${changed} of ${files.length} CNI config ${files.length === 1 ? 'file differs' : 'files differ'} from what hosts have now.`}
          {current === null && ' This driver has no network yet.'}
        </p>
        {files.map((file) => (
          <FileComparison key={file.name} file={file} />
        ))}
      </>
    )
  }
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>CNI config each host receives</h2>
      <p className="muted small">
        The <code>cni_config</code> of the rendered <code>network_driver</code> block, as the cni-driver container writes it on every host
        {current ? (
          <>
            {' '}
            (network <code>{current.networkName}</code>)
          </>
        ) : null}
        . Values of the form <code>__host_label__: …</code> take each host's label and show empty here.
      </p>
      {body}
    </section>
  )
}
