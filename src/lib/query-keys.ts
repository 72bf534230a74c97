/**
 * Query key factories: the only place keys are spelled. Keys go from generic to specific;
 * every key of environment-scoped data includes the environment id, so one prefix reaches
 * everything of a kind in one environment.
 */

function globalKeys<R extends string>(resource: R) {
  return {
    all: [resource] as const,
    lists: () => [resource, 'list'] as const,
    list: () => [resource, 'list', 'all'] as const,
    details: () => [resource, 'detail'] as const,
    detail: (id: string) => [resource, 'detail', id] as const,
  }
}

function environmentScopedKeys<R extends string>(resource: R) {
  return {
    all: [resource] as const,
    /** Everything of this kind in one environment (lists and details). */
    environment: (environmentId: string) => [resource, environmentId] as const,
    lists: (environmentId: string) => [resource, environmentId, 'list'] as const,
    list: (environmentId: string, filters: Record<string, string | number | boolean> = {}) =>
      [resource, environmentId, 'list', filters] as const,
    details: (environmentId: string) => [resource, environmentId, 'detail'] as const,
    detail: (environmentId: string, id: string) => [resource, environmentId, 'detail', id] as const,
  }
}

export const environmentKeys = globalKeys('environments')
export const templateKeys = globalKeys('templates')
/**
 * Catalog templates: built-in ones ship with the control plane, custom ones are imported. There
 * are no change events for them: import and delete invalidate these keys; a reconnect refreshes them.
 */
export const catalogKeys = globalKeys('catalog')

export const stackKeys = environmentScopedKeys('stacks')
export const networkDriverKeys = environmentScopedKeys('networkDrivers')
export const networkKeys = environmentScopedKeys('networks')
export const hostKeys = environmentScopedKeys('hosts')
export const containerKeys = environmentScopedKeys('containers')
export const findingKeys = environmentScopedKeys('findings')
/** The reachability matrix lives under the findings prefix: whatever re-runs the checks refreshes it too. */
export const reachabilityKeys = {
  matrix: (environmentId: string) => [...findingKeys.environment(environmentId), 'matrix'] as const,
  trace: (environmentId: string, from: string, to: string, port: number | null) => [...findingKeys.environment(environmentId), 'trace', from, to, port] as const,
  cell: (environmentId: string, from: string, to: string) => [...findingKeys.environment(environmentId), 'matrix-cell', from, to] as const,
  /** The network timeline (pages newest first): events that re-run the checks refresh it too. */
  timeline: (environmentId: string) => [...findingKeys.environment(environmentId), 'timeline'] as const,
}
/** Lab faults (lab only): no change events of their own; this client's mutations invalidate them. */
export const labFaultKeys = environmentScopedKeys('labFaults')

/** Every environment-scoped factory, e.g. to drop a deleted environment's cached data. */
export const ENVIRONMENT_SCOPED_KEYS = [stackKeys, networkDriverKeys, networkKeys, hostKeys, containerKeys, findingKeys, labFaultKeys] as const
