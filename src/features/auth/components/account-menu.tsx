import { Link } from 'wouter'
import type { Me } from '../../../../core/api/index.ts'
import { paths } from '../../../config/paths.ts'
import { useLogout } from '../api/auth-api.ts'

/** The header's account corner: who is signed in, a link to the account page, and "Sign out". */
export function AccountMenu({ me }: { me: Me }) {
  const logout = useLogout()
  const name = me.account.displayName || me.account.username
  return (
    <div className="account-menu">
      <span className="account-name">
        <span className="visually-hidden">Signed in as </span>
        {name}
      </span>
      <Link href={paths.account.href()}>Account</Link>
      <button type="button" className="button" onClick={() => logout.mutate()} disabled={logout.isPending}>
        {logout.isPending ? 'Signing out…' : 'Sign out'}
      </button>
    </div>
  )
}
