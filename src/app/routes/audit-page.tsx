import { useMe } from '../../features/auth/api/auth-api.ts'
import { isAdmin } from '../../features/auth/utils/roles.ts'
import { AuditLog } from '../../features/audit/components/audit-log.tsx'
import { useEnvironments } from '../../features/environments/api/environments-queries.ts'
import { useDocumentTitle } from '../../lib/use-document-title.ts'

/** Admins: every audited request (who, what, when, from where), newest first, filtered by environment. */
export function AuditPage() {
  useDocumentTitle('Audit log')
  const me = useMe()
  const environments = useEnvironments()
  if (!me.data) return null
  return (
    <>
      <h1>Audit log</h1>
      <p className="muted">
        Every change sent to the API, refused ones included: who (and whether by browser session, API key or agent), the request,
        the environment, the answer and the address it came from. Bodies, passwords and tokens are never recorded.
      </p>
      {isAdmin(me.data) ? (
        <AuditLog environments={environments.data ?? []} />
      ) : (
        <p className="panel panel-warning">
          Only administrators read the whole audit log; an environment&apos;s owners read its part on the environment&apos;s Settings
          page.
        </p>
      )}
    </>
  )
}
