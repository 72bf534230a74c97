import type { Environment } from '../../../../core/api/index.ts'
import { useMe } from '../../auth/api/auth-api.ts'
import { atLeast, roleOf } from '../../auth/utils/roles.ts'
import { AuditLog } from './audit-log.tsx'

/** Owners: this environment's part of the audit log (admins also have the global one). */
export function EnvironmentAuditSection({ environment }: { environment: Environment }) {
  const me = useMe()
  if (!atLeast(roleOf(me.data, environment.id), 'owner')) return null
  return (
    <section className="card" aria-labelledby="environment-audit-heading">
      <h2 id="environment-audit-heading">Audit log</h2>
      <p className="muted small">Every change sent to this environment, refused ones included, newest first.</p>
      <AuditLog environmentId={environment.id} />
    </section>
  )
}
