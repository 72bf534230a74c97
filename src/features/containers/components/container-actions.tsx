import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useLocation } from 'wouter'
import type { Container } from '../../../../core/api/index.ts'
import { Dialog } from '../../../components/ui/dialog.tsx'
import { ErrorPanel } from '../../../components/ui/error-panel.tsx'
import { paths } from '../../../config/paths.ts'
import { containersQueryOptions, useContainerAction, type ContainerAction } from '../api/containers-queries.ts'

const FAILED: Record<ContainerAction, string> = { stop: 'Could not stop', start: 'Could not start', remove: 'Could not remove' }

/** The live containers that run in this one's network namespace (`container:<name>`). */
function sharers(container: Container, all: Container[]): Container[] {
  const mode = `container:${container.name}`
  return all.filter((c) => c.id !== container.id && c.state !== 'removed' && (c.networkContainerId === container.id || c.networkMode === mode))
}

function RemoveConsequences({ container, open }: { container: Container; open: boolean }) {
  // Loaded when the dialog opens: the whole environment's containers are needed to find who shares this one.
  const all = useQuery({ ...containersQueryOptions(container.environmentId), enabled: open })
  const address = container.managedAddress
  const dependents = all.data ? sharers(container, all.data) : []
  return (
    <>
      <p>
        Remove the container <strong>{container.name}</strong>
        {container.hostName ? <> from {container.hostName}</> : null}? The host agent stops and deletes it. It cannot be undone.
      </p>
      {address && (
        <p>
          Its managed IP <code>{address.address}</code> on {address.networkName} is released: the next container launched may get it.
        </p>
      )}
      {container.system && (
        <p className="panel panel-warning">
          {container.name} belongs to the infrastructure stack {container.stackName ?? 'of the environment'}
          {container.serviceName ? ` (service ${container.serviceName})` : ''}: removing it can break networking for the containers on{' '}
          {container.hostName ?? 'its host'}.
        </p>
      )}
      {all.isPending && <p className="muted small">Checking which containers share its network namespace…</p>}
      {all.isError && <p className="muted small">Could not check which containers share its network namespace ({all.error.message}).</p>}
      {dependents.length > 0 && (
        <div className="panel panel-warning">
          <p>
            {dependents.length === 1 ? 'This container shares' : `These ${dependents.length} containers share`} its network namespace (network
            mode <code>container:{container.name}</code>) and lose networking:
          </p>
          <ul aria-label="Containers that lose networking">
            {dependents.map((c) => (
              <li key={c.id}>
                <Link href={paths.container.href(c.environmentId, c.id)}>{c.name}</Link>
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  )
}

/**
 * Stop or Start (whichever the desired state calls for) and Remove, with a confirmation that
 * says what removal takes away. After a removal the containers list opens.
 */
export function ContainerActions({ container }: { container: Container }) {
  const [, navigate] = useLocation()
  const [confirming, setConfirming] = useState(false)
  const action = useContainerAction(container.environmentId, container.id)
  const pending = action.isPending ? action.variables : null

  if (container.desiredState === 'removed') return null

  const run = (which: ContainerAction) => action.mutate(which)
  const closeConfirm = () => {
    setConfirming(false)
    if (action.variables === 'remove') action.reset()
  }
  // mutateAsync, not mutate's callbacks: the answer (state removed) re-renders this page without
  // these buttons, and callbacks of an unmounted mutate never run.
  const remove = () =>
    action.mutateAsync('remove').then(
      () => navigate(paths.containers.href(container.environmentId)),
      () => {}, // shown from action.error in the dialog
    )
  const failed = action.error !== null && action.variables ? action.variables : null

  return (
    <div>
      <div className="form-actions">
        {container.desiredState === 'running' ? (
          <button type="button" className="button" disabled={action.isPending} onClick={() => run('stop')}>
            {pending === 'stop' ? 'Stopping…' : 'Stop'}
          </button>
        ) : (
          <button type="button" className="button" disabled={action.isPending} onClick={() => run('start')}>
            {pending === 'start' ? 'Starting…' : 'Start'}
          </button>
        )}
        <button type="button" className="button button-danger" disabled={action.isPending} onClick={() => setConfirming(true)}>
          Remove
        </button>
      </div>
      {failed && failed !== 'remove' && <ErrorPanel title={`${FAILED[failed]} ${container.name}`} error={action.error} />}
      <Dialog open={confirming} title={`Remove ${container.name}`} onClose={closeConfirm}>
        <RemoveConsequences container={container} open={confirming} />
        {failed === 'remove' && <ErrorPanel title={`${FAILED.remove} ${container.name}`} error={action.error} />}
        <div className="form-actions">
          <button type="button" className="button" onClick={closeConfirm}>
            Cancel
          </button>
          <button type="button" className="button button-danger" disabled={action.isPending} onClick={remove}>
            {pending === 'remove' ? 'Removing…' : `Remove ${container.name}`}
          </button>
        </div>
      </Dialog>
    </div>
  )
}
