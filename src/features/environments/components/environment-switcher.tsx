import { useId } from 'react'
import { useLocation } from 'wouter'
import { pageHref, sectionOf } from '../../../config/paths.ts'
import { useEnvironments } from '../api/environments-queries.ts'

type Props = {
  currentEnvId: string | null
  onCreate: () => void
}

/** Switches environment and keeps the kind of page (hosts stay hosts; a host's page goes to the hosts). */
export function EnvironmentSwitcher({ currentEnvId, onCreate }: Props) {
  const environments = useEnvironments()
  const [location, navigate] = useLocation()
  const selectId = useId()
  const list = environments.data ?? []
  const knownCurrent = currentEnvId !== null && list.some((e) => e.id === currentEnvId)

  return (
    <div className="switcher">
      <label htmlFor={selectId}>Environment</label>
      <select
        id={selectId}
        value={currentEnvId ?? ''}
        disabled={environments.isPending}
        onChange={(e) => navigate(pageHref(sectionOf(location) ?? 'overview', e.target.value))}
      >
        {environments.isPending ? (
          <option value={currentEnvId ?? ''}>Loading…</option>
        ) : currentEnvId === null ? (
          <option value="" disabled>
            {environments.isError ? 'Could not load environments' : list.length === 0 ? 'No environments' : 'Choose…'}
          </option>
        ) : (
          !knownCurrent && <option value={currentEnvId}>{environments.isError ? 'Could not load environments' : currentEnvId}</option>
        )}
        {list.map((env) => (
          <option key={env.id} value={env.id}>
            {env.name}
          </option>
        ))}
      </select>
      <button type="button" className="button button-small" onClick={onCreate}>
        New environment
      </button>
    </div>
  )
}
