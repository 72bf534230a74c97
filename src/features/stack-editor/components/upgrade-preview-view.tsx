import { useId } from 'react'
import type { StackUpgradePreview } from '../../../../core/api/index.ts'
import {
  cappedContainers,
  changesNothingLive,
  compactDiff,
  containerChangeText,
  groupHostChanges,
  networkFieldLabel,
  type HostFileChange,
} from '../utils/upgrade-preview.ts'

const FILE_STATUS: Record<HostFileChange['status'], string> = { changed: 'changes', added: 'new file', removed: 'removed' }
const ROW_PREFIX = { same: ' ', removed: '-', added: '+' } as const
const ROW_SPOKEN = { same: '', removed: 'removed: ', added: 'added: ' } as const

/** A unified diff of one CNI file: changed lines with a few lines of context. */
function FileDiff({ file, label }: { file: HostFileChange; label: string }) {
  const rows = compactDiff(file.before, file.after)
  return (
    <pre className="upgrade-diff" tabIndex={0} aria-label={label}>
      {rows.map((row, i) =>
        row.kind === 'skip' ? (
          <span key={i} className="line line-skip">
            {`  ⋯ ${row.count} unchanged ${row.count === 1 ? 'line' : 'lines'}`}
          </span>
        ) : (
          <span key={i} className={`line line-${row.kind}`}>
            <span aria-hidden="true">{ROW_PREFIX[row.kind]} </span>
            {ROW_SPOKEN[row.kind] && <span className="visually-hidden">{ROW_SPOKEN[row.kind]}</span>}
            {row.text || ' '}
          </span>
        ),
      )}
    </pre>
  )
}

function listNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
}

/**
 * What an upgrade would change, as the server computed it: the network's settings, the CNI
 * files per host (hosts with identical changes shown once, unchanged hosts summarised) and the
 * containers whose MTU or DNS changes.
 */
export function UpgradePreviewView({ preview }: { preview: StackUpgradePreview }) {
  const ids = useId()
  const hosts = groupHostChanges(preview.hosts)
  const containers = cappedContainers(preview.containers)
  const nothingLive = changesNothingLive(preview)

  return (
    <div className="upgrade-preview">
      {nothingLive && !preview.refused && (
        <p>Nothing that runs changes: no network setting, no host's CNI config and no container's MTU or DNS. Applying stores the edited compose.</p>
      )}

      {preview.networkChanges.length > 0 && (
        <section aria-labelledby={`${ids}-network`}>
          <h3 id={`${ids}-network`}>Network changes</h3>
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">Setting</th>
                <th scope="col">Now</th>
                <th scope="col">After applying</th>
              </tr>
            </thead>
            <tbody>
              {preview.networkChanges.map((c) => (
                <tr key={c.field}>
                  <th scope="row">{networkFieldLabel(c.field)}</th>
                  <td>{c.from}</td>
                  <td className="strong">{c.to}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {preview.hosts.length > 0 && (
        <section aria-labelledby={`${ids}-hosts`}>
          <h3 id={`${ids}-hosts`}>CNI config per host</h3>
          {hosts.changed.length === 0 ? (
            <p>No host's CNI config changes.</p>
          ) : (
            hosts.changed.map((group) => (
              <div key={group.hostNames.join(',')} className="upgrade-host-group">
                <p>
                  <span className="strong">{listNames(group.hostNames)}</span>{' '}
                  <span className="muted">
                    ({group.hostNames.length} {group.hostNames.length === 1 ? 'host' : 'hosts'})
                  </span>
                </p>
                {group.files.map((file) => (
                  <div key={file.name}>
                    <p className="upgrade-file-name">
                      <code>{file.name}</code> <span className="badge badge-pending">{FILE_STATUS[file.status]}</span>
                    </p>
                    <FileDiff file={file} label={`${file.name} on ${listNames(group.hostNames)}: before and after`} />
                  </div>
                ))}
              </div>
            ))
          )}
          {hosts.unchanged.length > 0 && (
            <p className="muted">
              Unchanged on {hosts.unchanged.length} {hosts.unchanged.length === 1 ? 'host' : 'hosts'}: {listNames(hosts.unchanged)}.
            </p>
          )}
        </section>
      )}

      <section aria-labelledby={`${ids}-containers`}>
        <h3 id={`${ids}-containers`}>Containers whose MTU or DNS changes</h3>
        {preview.containers.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <>
            <table className="table table-compact">
              <thead>
                <tr>
                  <th scope="col">Container</th>
                  <th scope="col">Host</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {containers.shown.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.name}</th>
                    <td>{c.hostName ?? <span className="muted">no host</span>}</td>
                    <td>{containerChangeText(c.changes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {containers.more > 0 && (
              <p className="muted">
                and {containers.more} more ({preview.containers.length} containers in all).
              </p>
            )}
          </>
        )}
      </section>
    </div>
  )
}
