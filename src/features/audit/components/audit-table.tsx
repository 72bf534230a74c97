import type { AuditEntry, Environment } from '../../../../core/api/index.ts'
import { formatDateTime } from '../../../lib/format.ts'

const VIA_TEXT: Record<AuditEntry['via'], string> = {
  session: 'browser session',
  'api-key': 'API key',
  agent: 'agent',
  anonymous: 'no credentials',
}

/** The route with its parameters filled in where they are known (`/environments/env_1/hosts/h_2`). */
export function routeWithParams(entry: AuditEntry): string {
  return entry.route.replace(/:([A-Za-z0-9_]+)/g, (whole, name: string) => entry.params[name] ?? whole)
}

function statusTone(status: number): string {
  if (status >= 500) return 'bad'
  if (status >= 400) return 'pending'
  return 'ok'
}

type Props = {
  entries: AuditEntry[]
  /** To name environments; ids where unknown. */
  environments?: Environment[]
  /** Leave out the environment column (a single environment's log). */
  showEnvironment?: boolean
}

/** Audited requests, newest first: when, who and how, what, where, the answer and from where. */
export function AuditTable({ entries, environments = [], showEnvironment = true }: Props) {
  const nameOf = (envId: string) => environments.find((e) => e.id === envId)?.name ?? envId
  return (
    <div className="table-wrap">
      <table className="table table-compact" aria-label="Audit log">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Who</th>
            <th scope="col">Via</th>
            <th scope="col">Request</th>
            {showEnvironment && <th scope="col">Environment</th>}
            <th scope="col">Status</th>
            <th scope="col">IP</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>
                <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
              </td>
              <td>
                {entry.actorName ?? <span className="muted">{entry.actorKind === 'anonymous' ? 'anonymous' : 'unknown'}</span>}
                {entry.actorKind === 'agent' && <span className="muted small"> (agent)</span>}
              </td>
              <td>{VIA_TEXT[entry.via]}</td>
              <td>
                <code>
                  {entry.method} {routeWithParams(entry)}
                </code>
              </td>
              {showEnvironment && <td>{entry.environmentId ? nameOf(entry.environmentId) : <span className="muted">—</span>}</td>}
              <td>
                <span className={`badge badge-${statusTone(entry.status)}`} title={`request ${entry.requestId}`}>
                  {entry.status}
                </span>
              </td>
              <td>
                <code>{entry.ip}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
