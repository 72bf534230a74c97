import type { Account } from '../../../../core/api/index.ts'
import { RelativeTime } from '../../../components/ui/relative-time.tsx'
import { Tag } from '../../../components/ui/state-badge.tsx'

export function AccountsTable({ accounts }: { accounts: Account[] }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Accounts">
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Display name</th>
            <th scope="col">Administrator</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <tr key={account.id}>
              <td className="strong">{account.username}</td>
              <td>{account.displayName || <span className="muted">—</span>}</td>
              <td>{account.admin ? <Tag title="Owner of every environment; manages accounts">admin</Tag> : <span className="muted">no</span>}</td>
              <td>
                <RelativeTime iso={account.createdAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
