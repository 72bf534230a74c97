import { useId, useState, type FormEvent } from 'react'
import { ROLE_TEXT, type Member, type Role } from '../../../../core/api/index.ts'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { ApiError, fieldMessages } from '../../../lib/api-error.ts'
import { useAccounts } from '../../auth/api/accounts-api.ts'
import { FieldError } from '../../auth/components/field-error.tsx'
import { useSetMember } from '../api/members-api.ts'
import { RoleSelect } from './role-select.tsx'

type Props = {
  envId: string
  members: Member[]
  /** Admins pick from every account (`GET /accounts`); other owners type a username. */
  admin: boolean
  /** Usernames → account ids known from the members lists this account can read. */
  knownAccounts?: ReadonlyMap<string, string>
}

/** Adds an account to the environment with a role (or changes the role of one already in it). */
export function AddMemberForm({ envId, members, admin, knownAccounts }: Props) {
  const accounts = useAccounts({ enabled: admin })
  const setMember = useSetMember(envId)
  const [accountId, setAccountId] = useState('')
  const [username, setUsername] = useState('')
  const [role, setRole] = useState<Role>('member')
  const [checked, setChecked] = useState(false)
  const [added, setAdded] = useState<string | null>(null)
  const accountFieldId = useId()
  const accountErrorId = useId()
  const roleId = useId()
  const roleErrorId = useId()
  const roleHelpId = useId()

  const candidates = (accounts.data ?? []).filter((a) => !members.some((m) => m.accountId === a.id))
  const error = setMember.error
  const apiError = error instanceof ApiError ? error : null
  const unknown = apiError !== null && (apiError.status === 422 || apiError.isNotFound)
  const accountErrors = [
    ...(checked && (admin ? accountId === '' : username.trim() === '') ? [admin ? 'Choose an account.' : 'Enter a username.'] : []),
    ...(unknown ? [admin ? 'That account does not exist (any more).' : `No account named ${JSON.stringify(username.trim())}: check the spelling, or ask an administrator to create it.`] : []),
  ]
  const roleErrors = fieldMessages(error, 'role')
  const generalError = error && !unknown && roleErrors.length === 0 ? error : null

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault()
    setChecked(true)
    setAdded(null)
    const typed = username.trim().toLowerCase()
    const id = admin ? accountId : (knownAccounts?.get(typed) ?? typed)
    if (id === '') return
    setMember.mutate(
      { accountId: id, role },
      {
        onSuccess: (member) => {
          setAccountId('')
          setUsername('')
          setChecked(false)
          setAdded(`${member.username} is now ${member.role}.`)
        },
      },
    )
  }

  return (
    <form onSubmit={handleSubmit} noValidate className="form" aria-labelledby="add-member-heading">
      <h3 id="add-member-heading">Add a member</h3>
      <div className="field">
        <label htmlFor={accountFieldId}>{admin ? 'Account' : 'Username'}</label>
        {admin ? (
          <select
            id={accountFieldId}
            value={accountId}
            onChange={(e) => setAccountId(e.target.value)}
            aria-invalid={accountErrors.length > 0 || undefined}
            aria-describedby={accountErrors.length > 0 ? accountErrorId : undefined}
          >
            <option value="">{accounts.isPending ? 'Loading accounts…' : candidates.length === 0 ? 'Every account is a member' : 'Choose an account'}</option>
            {candidates.map((a) => (
              <option key={a.id} value={a.id}>
                {a.displayName && a.displayName !== a.username ? `${a.username} (${a.displayName})` : a.username}
              </option>
            ))}
          </select>
        ) : (
          <input
            id={accountFieldId}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={63}
            aria-invalid={accountErrors.length > 0 || undefined}
            aria-describedby={accountErrors.length > 0 ? accountErrorId : undefined}
          />
        )}
        <FieldError id={accountErrorId} messages={accountErrors} />
      </div>
      <div className="field">
        <label htmlFor={roleId}>Role</label>
        <RoleSelect
          id={roleId}
          value={role}
          onChange={setRole}
          aria-invalid={roleErrors.length > 0 || undefined}
          aria-describedby={roleErrors.length > 0 ? roleErrorId : roleHelpId}
        />
        <FieldError id={roleErrorId} messages={roleErrors} />
        <p id={roleHelpId} className="muted small">
          {ROLE_TEXT[role]}
        </p>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={setMember.isPending}>
          {setMember.isPending ? 'Adding…' : 'Add member'}
        </button>
        <span role="status" className="muted small">
          {added ?? ''}
        </span>
      </div>
      {accounts.isError && <ErrorPanel title="Could not load the accounts" error={accounts.error} onRetry={() => void accounts.refetch()} />}
      {generalError && <ErrorPanel title="Could not add the member" error={generalError} />}
    </form>
  )
}
