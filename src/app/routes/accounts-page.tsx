import { QueryView } from '../../components/ui/query-view.tsx'
import { useMe } from '../../features/auth/api/auth-api.ts'
import { useAccounts } from '../../features/auth/api/accounts-api.ts'
import { AccountsTable } from '../../features/auth/components/accounts-table.tsx'
import { CreateAccountForm } from '../../features/auth/components/create-account-form.tsx'
import { isAdmin } from '../../features/auth/utils/roles.ts'
import { useDocumentTitle } from '../../lib/use-document-title.ts'

/** Admins: every account, and creating one. People get roles per environment on its Settings page. */
export function AccountsPage() {
  useDocumentTitle('Accounts')
  const me = useMe()
  const admin = isAdmin(me.data)
  const accounts = useAccounts({ enabled: admin })
  if (!me.data) return null
  if (!admin) {
    return (
      <>
        <h1>Accounts</h1>
        <p className="panel panel-warning">Only administrators manage accounts.</p>
      </>
    )
  }
  return (
    <>
      <h1>Accounts</h1>
      <p className="muted">
        An account signs in with a username and password. What it may do in an environment comes from its role there: an owner adds
        it on the environment&apos;s Settings page. Administrators are owners of every environment.
      </p>
      <section className="card" aria-labelledby="accounts-heading">
        <h2 id="accounts-heading">Accounts</h2>
        <QueryView query={accounts} what="accounts">
          {(list) => <AccountsTable accounts={list} />}
        </QueryView>
      </section>
      <section className="card">
        <CreateAccountForm />
      </section>
    </>
  )
}
