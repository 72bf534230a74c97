import { ROLE_TEXT } from '../../../core/api/index.ts'
import { useEnvironments } from '../../features/environments/api/environments-queries.ts'
import { useMe } from '../../features/auth/api/auth-api.ts'
import { ApiKeysSection } from '../../features/api-keys/components/api-keys-section.tsx'
import { ChangePasswordForm } from '../../features/auth/components/change-password-form.tsx'
import { useDocumentTitle } from '../../lib/use-document-title.ts'

/** Who you are (account, roles per environment) and changing the password. */
export function AccountPage() {
  useDocumentTitle('Account')
  const me = useMe()
  const environments = useEnvironments()
  if (!me.data) return null
  const { account, roles } = me.data
  const nameOf = (envId: string) => environments.data?.find((e) => e.id === envId)?.name ?? envId
  const roleEntries = Object.entries(roles)
  return (
    <>
      <h1>Account</h1>
      <section aria-labelledby="who-heading" className="card">
        <h2 id="who-heading">Signed in as {account.username}</h2>
        <dl className="facts">
          <div>
            <dt>Display name</dt>
            <dd>{account.displayName || <span className="muted">none</span>}</dd>
          </div>
          <div>
            <dt>Administrator</dt>
            <dd>{account.admin ? 'yes: owner of every environment' : 'no'}</dd>
          </div>
          <div>
            <dt>Signed in with</dt>
            <dd>{me.data.via === 'session' ? 'password (browser session)' : 'API key'}</dd>
          </div>
        </dl>
        {!account.admin && (
          <>
            <h3>Environment roles</h3>
            {roleEntries.length === 0 ? (
              <p className="muted">No environment roles yet: ask an environment owner to add you.</p>
            ) : (
              <ul>
                {roleEntries.map(([envId, role]) => (
                  <li key={envId}>
                    {nameOf(envId)}: <strong>{role}</strong> ({ROLE_TEXT[role]})
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>
      <section className="card">
        <ChangePasswordForm />
      </section>
      <ApiKeysSection />
    </>
  )
}
