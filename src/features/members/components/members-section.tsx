import { useQueries } from '@tanstack/react-query'
import { useId } from 'react'
import type { Environment, Me, Member } from '../../../../core/api/index.ts'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { QueryView } from '../../../components/ui/query-view.tsx'
import { ApiError, fieldMessages } from '../../../lib/api-error.ts'
import { useMe } from '../../auth/api/auth-api.ts'
import { ConfirmButton } from '../../auth/components/confirm-button.tsx'
import { FieldError } from '../../auth/components/field-error.tsx'
import { atLeast, isAdmin, roleOf } from '../../auth/utils/roles.ts'
import { fetchMembers, memberKeys, useMembers, useRemoveMember, useSetMember } from '../api/members-api.ts'
import { AddMemberForm } from './add-member-form.tsx'
import { RoleLegend, RoleSelect } from './role-select.tsx'

/** Usernames → account ids of the people in the environments this (non-admin) account can read. */
function useKnownAccounts(me: Me | undefined, enabled: boolean): Map<string, string> {
  const envIds = enabled && me ? Object.keys(me.roles) : []
  const results = useQueries({
    queries: envIds.map((envId) => ({ queryKey: memberKeys.list(envId), queryFn: ({ signal }: { signal: AbortSignal }) => fetchMembers(envId, signal) })),
  })
  const known = new Map<string, string>()
  for (const r of results) for (const m of r.data ?? []) known.set(m.username, m.accountId)
  return known
}

/**
 * The environment's members and their roles. Everyone who can read the environment sees the
 * list; owners (and admins) add members, change roles and remove members. The environment keeps
 * at least one owner: the server refuses otherwise, and the refusal shows at that row.
 */
export function MembersSection({ environment }: { environment: Environment }) {
  const me = useMe()
  const envId = environment.id
  const canEdit = atLeast(roleOf(me.data, envId), 'owner')
  const admin = isAdmin(me.data)
  const members = useMembers(envId)
  const known = useKnownAccounts(me.data, canEdit && !admin)
  return (
    <section className="card" aria-labelledby="members-heading">
      <h2 id="members-heading">Members</h2>
      <p className="muted small">
        {canEdit
          ? 'Who may use this environment, and how. The environment keeps at least one owner.'
          : 'Who may use this environment, and how. Only owners change members.'}
      </p>
      <QueryView query={members} what="members">
        {(list) => (
          <>
            <MembersTable envId={envId} members={list} canEdit={canEdit} selfId={me.data?.account.id ?? null} />
            <RoleLegend />
            {canEdit && <AddMemberForm envId={envId} members={list} admin={admin} knownAccounts={known} />}
          </>
        )}
      </QueryView>
    </section>
  )
}

type TableProps = { envId: string; members: Member[]; canEdit: boolean; selfId: string | null }

export function MembersTable({ envId, members, canEdit, selfId }: TableProps) {
  const setMember = useSetMember(envId)
  const removeMember = useRemoveMember(envId)
  const errorIdBase = useId()
  // The refusal (the last owner) belongs to the row it was about.
  const roleErrorFor = (accountId: string): unknown => (setMember.isError && setMember.variables?.accountId === accountId ? setMember.error : null)
  const removeErrorFor = (accountId: string): unknown => (removeMember.isError && removeMember.variables === accountId ? removeMember.error : null)

  if (members.length === 0) return <p className="muted">No members yet.</p>
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Members">
        <thead>
          <tr>
            <th scope="col">Username</th>
            <th scope="col">Display name</th>
            <th scope="col">Role</th>
            {canEdit && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {members.map((member) => {
            const roleError = roleErrorFor(member.accountId)
            const removeError = removeErrorFor(member.accountId)
            const roleMessages = roleError ? messagesFor(roleError, 'role') : []
            const removeMessages = removeError ? messagesFor(removeError, 'accountId') : []
            const errorId = `${errorIdBase}-${member.accountId}`
            const pendingHere = setMember.isPending && setMember.variables?.accountId === member.accountId
            return (
              <tr key={member.accountId}>
                <td className="strong">
                  {member.username}
                  {member.accountId === selfId && <span className="muted small"> (you)</span>}
                </td>
                <td>{member.displayName || <span className="muted">—</span>}</td>
                <td>
                  {canEdit ? (
                    <>
                      <RoleSelect
                        value={member.role}
                        onChange={(role) => setMember.mutate({ accountId: member.accountId, role })}
                        disabled={pendingHere}
                        aria-label={`Role of ${member.username}`}
                        aria-invalid={roleMessages.length > 0 || undefined}
                        aria-describedby={roleMessages.length > 0 ? `${errorId}-role` : undefined}
                      />
                      <FieldError id={`${errorId}-role`} messages={roleMessages} />
                    </>
                  ) : (
                    member.role
                  )}
                </td>
                {canEdit && (
                  <td>
                    <ConfirmButton
                      label="Remove"
                      ariaLabel={`Remove ${member.username}`}
                      question={`Remove ${member.username} from this environment?`}
                      pending={removeMember.isPending && removeMember.variables === member.accountId}
                      onConfirm={() => removeMember.mutate(member.accountId)}
                    />
                    <FieldError id={`${errorId}-remove`} messages={removeMessages} />
                  </td>
                )}
              </tr>
            )
          })}
        </tbody>
      </table>
      {/* Errors that belong to no field (a network failure) */}
      {[setMember, removeMember].map((m, i) =>
        m.isError && messagesFor(m.error, i === 0 ? 'role' : 'accountId').length === 0 ? (
          <ErrorPanel key={i} title={i === 0 ? 'Could not change the role' : 'Could not remove the member'} error={m.error} />
        ) : null,
      )}
    </div>
  )
}

/** The error's messages at `path`, or (a 400 with other details) all its field messages. */
function messagesFor(error: unknown, path: string): string[] {
  if (!(error instanceof ApiError)) return []
  const at = fieldMessages(error, path)
  if (at.length > 0) return at
  return error.isValidation ? error.fieldErrors.map((d) => d.message) : []
}
