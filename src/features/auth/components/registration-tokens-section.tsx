import { useState } from 'react'
import type { Environment, RegistrationTokenCreated } from '../../../../core/api/index.ts'
import { CopyButton } from '../../../components/ui/copy-button.tsx'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { QueryView } from '../../../components/ui/query-view.tsx'
import { RelativeTime } from '../../../components/ui/relative-time.tsx'
import { StateBadge } from '../../../components/ui/state-badge.tsx'
import { useMembers } from '../../members/api/members-api.ts'
import { RegisterHostCommands } from '../../hosts/components/add-real-host-panel.tsx'
import { useMe } from '../api/auth-api.ts'
import { useRegistrationTokens, useRevokeRegistrationToken, useRotateRegistrationToken } from '../api/registration-tokens-api.ts'
import { atLeast, roleOf } from '../utils/roles.ts'
import { ConfirmButton } from './confirm-button.tsx'

/**
 * The environment's agent registration tokens (members and owners see them; owners rotate and
 * revoke). The token text exists only in the answer to "Rotate": shown once, here.
 */
export function RegistrationTokensSection({ environment }: { environment: Environment }) {
  const me = useMe()
  const envId = environment.id
  const role = roleOf(me.data, envId)
  const canRead = atLeast(role, 'member')
  const canEdit = atLeast(role, 'owner')
  const tokens = useRegistrationTokens(envId, { enabled: canRead })
  const members = useMembers(envId)
  const rotate = useRotateRegistrationToken(envId)
  const revoke = useRevokeRegistrationToken(envId)
  const [created, setCreated] = useState<RegistrationTokenCreated | null>(null)
  if (!canRead) return null
  const nameOf = (accountId: string | null) =>
    accountId === null ? 'Paddock' : (members.data?.find((m) => m.accountId === accountId)?.username ?? accountId)

  return (
    <section className="card" aria-labelledby="registration-tokens-heading">
      <h2 id="registration-tokens-heading">Registration tokens</h2>
      <p className="muted small">
        An agent presents the registration token to join this environment (only this one). Paddock keeps only a hash: a token is
        shown once, when it is made. Rotating makes a new one and revokes the previous one; hosts that already joined keep working.
      </p>
      {created && (
        <div className="panel panel-warning" role="status" aria-labelledby="token-created-heading">
          <p id="token-created-heading" className="panel-title">
            New registration token
          </p>
          <p>
            <strong>Copy it now: it is not shown again.</strong>
          </p>
          <p>
            <code data-testid="registration-token">{created.token}</code> <CopyButton text={created.token} label="Copy the registration token" />
          </p>
          <RegisterHostCommands envId={envId} token={created.token} />
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setCreated(null)}>
              I have copied the token
            </button>
          </div>
        </div>
      )}
      <QueryView query={tokens} what="registration tokens">
        {(list) => {
          const active = list.filter((t) => t.revokedAt === null)
          const revoked = list.filter((t) => t.revokedAt !== null).slice(0, 5)
          return (
            <>
              {active.length === 0 && <p className="panel panel-warning">No valid registration token: no new host can join until an owner rotates.</p>}
              {[...active, ...revoked].length > 0 && (
                <div className="table-wrap">
                  <table className="table" aria-label="Registration tokens">
                    <thead>
                      <tr>
                        <th scope="col">Token</th>
                        <th scope="col">State</th>
                        <th scope="col">Created</th>
                        <th scope="col">Created by</th>
                        {canEdit && (
                          <th scope="col">
                            <span className="visually-hidden">Actions</span>
                          </th>
                        )}
                      </tr>
                    </thead>
                    <tbody>
                      {[...active, ...revoked].map((token) => (
                        <tr key={token.id}>
                          <td>
                            <code>{token.id}</code>
                          </td>
                          <td>
                            <StateBadge state={token.revokedAt ? 'revoked' : 'active'} />
                          </td>
                          <td>
                            <RelativeTime iso={token.createdAt} />
                          </td>
                          <td>{nameOf(token.createdBy)}</td>
                          {canEdit && (
                            <td>
                              {token.revokedAt === null && (
                                <ConfirmButton
                                  label="Revoke"
                                  ariaLabel={`Revoke registration token ${token.id}`}
                                  question="Revoke it? No new host can join until the next rotation."
                                  pending={revoke.isPending && revoke.variables === token.id}
                                  onConfirm={() => revoke.mutate(token.id)}
                                />
                              )}
                            </td>
                          )}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </>
          )
        }}
      </QueryView>
      {canEdit && (
        <div className="form-actions">
          <button
            type="button"
            className="button button-primary"
            disabled={rotate.isPending}
            onClick={() => rotate.mutate(undefined, { onSuccess: setCreated })}
          >
            {rotate.isPending ? 'Rotating…' : 'Rotate registration token'}
          </button>
        </div>
      )}
      {rotate.isError && <ErrorPanel title="Could not rotate the registration token" error={rotate.error} />}
      {revoke.isError && <ErrorPanel title="Could not revoke the registration token" error={revoke.error} />}
    </section>
  )
}
