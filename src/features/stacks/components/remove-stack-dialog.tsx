import { useState } from 'react'
import { Link } from 'wouter'
import type { DriverInUseDetails, Stack } from '../../../../core/api/index.ts'
import { Dialog } from '../../../components/ui/dialog.tsx'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { paths } from '../../../config/paths.ts'
import { useRemoveStack } from '../api/stacks-mutations.ts'
import { driverInUseOf } from '../utils/driver-in-use.ts'

/** What a forced removal does to the containers the refusal named. */
export const FORCED_REMOVAL_CONSEQUENCE =
  'their networking will fail; new managed containers will be refused: no network for network mode managed'

function DriverInUse({ envId, stackName, details }: { envId: string; stackName: string; details: DriverInUseDetails }) {
  const network = details.network || 'its network'
  const count = details.containers.length
  return (
    <div className="panel panel-error" role="alert">
      <p className="panel-title">
        Refused: {count === 0 ? 'containers use' : `${count} ${count === 1 ? 'container uses' : 'containers use'}`} the network of{' '}
        {stackName} ({network})
      </p>
      {count > 0 && (
        <ul className="plain-list" aria-label="Containers using the network">
          {details.containers.map((c) => (
            <li key={c.id}>
              <Link href={paths.container.href(envId, c.id)}>{c.name}</Link>{' '}
              <span className="muted small">{c.hostName ? `on ${c.hostName}` : 'not on a host'}</span>
            </li>
          ))}
        </ul>
      )}
      <p>
        If you remove {stackName} anyway, {FORCED_REMOVAL_CONSEQUENCE}. Add a network driver stack again from the Stacks screen to
        restore networking.
      </p>
    </div>
  )
}

type Props = {
  envId: string
  stack: Stack
  /** After the stack was removed (the stack page goes back to the list). */
  onRemoved?: (stack: Stack) => void
}

/**
 * "Remove" with a confirmation. The server refuses to remove a network driver's stack while
 * containers use its network (409 DRIVER_IN_USE); the dialog then names them and what a forced
 * removal does to them, and offers "Remove anyway" (`?force=true`).
 */
export function RemoveStackButton({ envId, stack, onRemoved }: Props) {
  const [open, setOpen] = useState(false)
  const remove = useRemoveStack(envId)
  const inUse = driverInUseOf(remove.error)
  const declaresDriver = stack.services.some((s) => s.kind === 'networkDriverService')

  const close = () => {
    setOpen(false)
    remove.reset()
  }
  const run = (force: boolean) =>
    remove.mutate(
      { id: stack.id, force },
      {
        onSuccess: (removed) => {
          setOpen(false)
          onRemoved?.(removed)
        },
      },
    )

  return (
    <>
      <button type="button" className="button button-small button-danger" onClick={() => setOpen(true)} aria-label={`Remove stack ${stack.name}`}>
        Remove
      </button>
      <Dialog open={open} title={`Remove stack ${stack.name}`} onClose={close}>
        <p>Removing {stack.name} removes its services and their containers on every host.</p>
        {declaresDriver && (
          <p className="panel panel-warning">
            {stack.name} is the network driver stack: the managed network goes with it. While containers use that network the
            removal is refused.
          </p>
        )}
        {inUse && <DriverInUse envId={envId} stackName={stack.name} details={inUse} />}
        {remove.error && !inUse && <ErrorPanel title={`Could not remove ${stack.name}`} error={remove.error} />}
        <div className="form-actions">
          {inUse ? (
            <button type="button" className="button button-danger" onClick={() => run(true)} disabled={remove.isPending}>
              {remove.isPending ? 'Removing…' : 'Remove anyway'}
            </button>
          ) : (
            <button type="button" className="button button-danger" onClick={() => run(false)} disabled={remove.isPending}>
              {remove.isPending ? 'Removing…' : `Remove ${stack.name}`}
            </button>
          )}
          <button type="button" className="button" onClick={close}>
            Cancel
          </button>
        </div>
      </Dialog>
    </>
  )
}
