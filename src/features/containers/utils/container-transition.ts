import type { Container } from '../../../../core/api/index.ts'

/**
 * What the container is on its way to, while the agent has not yet reported the desired state:
 * "stopping…", "starting…", "removing…". Null when it is there, or when it is in error (the
 * error then says why it is not).
 */
export function pendingTransition(container: Pick<Container, 'state' | 'desiredState'>): string | null {
  const { state, desiredState } = container
  if (state === desiredState || state === 'error' || state === 'removed') return null
  if (desiredState === 'removed') return 'removing…'
  return desiredState === 'stopped' ? 'stopping…' : 'starting…'
}
