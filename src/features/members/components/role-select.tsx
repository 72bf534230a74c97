import { ROLE_TEXT, ROLES, type Role } from '../../../../core/api/index.ts'

type Props = {
  id?: string
  value: Role
  onChange: (role: Role) => void
  disabled?: boolean
  'aria-label'?: string
  'aria-invalid'?: boolean
  'aria-describedby'?: string
}

/** The four Rancher roles; each option says what the role may do. */
export function RoleSelect({ value, onChange, ...rest }: Props) {
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value as Role)}>
      {ROLES.map((role) => (
        <option key={role} value={role} title={ROLE_TEXT[role]}>
          {role}
        </option>
      ))}
    </select>
  )
}

/** What each role may do, as a short list under the members table. */
export function RoleLegend() {
  return (
    <dl className="facts small" aria-label="What each role may do">
      {ROLES.map((role) => (
        <div key={role}>
          <dt>{role}</dt>
          <dd>{ROLE_TEXT[role]}</dd>
        </div>
      ))}
    </dl>
  )
}
