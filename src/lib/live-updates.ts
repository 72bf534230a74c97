import type { QueryClient, QueryKey } from '@tanstack/react-query'
import { apiPaths, ChangeEvent } from '../../core/api/index.ts'
import {
  containerKeys,
  ENVIRONMENT_SCOPED_KEYS,
  environmentKeys,
  findingKeys,
  hostKeys,
  networkDriverKeys,
  networkKeys,
  stackKeys,
  templateKeys,
} from './query-keys.ts'

/**
 * Live updates: one EventSource on `/events`; each `change` event becomes react-query
 * invalidations through the key factories. The stream never holds data of its own.
 */

/** What the cache should do for one event. `detail` keys are skipped when the cache is already newer. */
export type CacheAction =
  | { type: 'invalidate'; queryKey: QueryKey; detail?: boolean }
  | { type: 'removeInactive'; queryKey: QueryKey }

/** The data the overview screen shows: a change to any of it refreshes all of it. */
function overviewKeys(environmentId: string): QueryKey[] {
  return [
    networkKeys.environment(environmentId),
    networkDriverKeys.environment(environmentId),
    stackKeys.lists(environmentId),
    environmentKeys.detail(environmentId),
  ]
}

const invalidate = (queryKey: QueryKey): CacheAction => ({ type: 'invalidate', queryKey })
const invalidateDetail = (queryKey: QueryKey): CacheAction => ({ type: 'invalidate', queryKey, detail: true })

/** Pure mapping from a change event to cache actions; see the tests for each kind. */
export function cacheActionsFor(event: ChangeEvent): CacheAction[] {
  const env = event.environmentId

  switch (event.kind) {
    case 'environment': {
      const id = event.id
      const actions = [invalidate(environmentKeys.lists()), invalidateDetail(environmentKeys.detail(id))]
      if (event.action === 'deleted') {
        for (const keys of ENVIRONMENT_SCOPED_KEYS) actions.push({ type: 'removeInactive', queryKey: keys.environment(id) })
      }
      return actions
    }
    case 'environmentTemplate':
      // stacks too: each environment's drift (kept under the stack lists) says whether its template moved on
      return [invalidate(templateKeys.lists()), invalidateDetail(templateKeys.detail(event.id)), invalidate(stackKeys.all)]
    case 'finding':
      return [invalidate(env ? findingKeys.environment(env) : findingKeys.all)]
    default:
      break
  }

  if (!env) {
    // An environment-scoped kind without its environment: refresh the kind everywhere.
    const byKind = {
      stack: [stackKeys.all],
      service: [stackKeys.all],
      networkDriver: [networkDriverKeys.all, networkKeys.all],
      network: [networkKeys.all],
      host: [hostKeys.all, environmentKeys.all, networkKeys.all],
      container: [containerKeys.all, hostKeys.all, environmentKeys.all, networkKeys.all],
    }[event.kind]
    return [...byKind, findingKeys.all].map(invalidate)
  }

  // The findings are computed from hosts, containers, networks and stacks: a change to any of
  // them re-runs the checks of that environment (the server answers them fresh on every read).
  const findings = invalidate(findingKeys.environment(env))

  switch (event.kind) {
    case 'stack':
      return [invalidateDetail(stackKeys.detail(env, event.id)), ...overviewKeys(env).map(invalidate), findings]
    case 'service':
      // Services are embedded in their stack; the event does not say which stack.
      return [invalidate(stackKeys.details(env)), ...overviewKeys(env).map(invalidate), findings]
    case 'networkDriver':
      return [invalidateDetail(networkDriverKeys.detail(env, event.id)), ...overviewKeys(env).map(invalidate), findings]
    case 'network':
      return [invalidateDetail(networkKeys.detail(env, event.id)), ...overviewKeys(env).map(invalidate), findings]
    case 'host':
      return [
        findings,
        invalidate(hostKeys.lists(env)),
        invalidateDetail(hostKeys.detail(env, event.id)),
        // hostCount on the environment; router addresses count as used in the subnets.
        invalidate(environmentKeys.lists()),
        invalidate(environmentKeys.detail(env)),
        invalidate(networkKeys.environment(env)),
      ]
    case 'container':
      return [
        findings,
        invalidate(containerKeys.lists(env)),
        invalidateDetail(containerKeys.detail(env, event.id)),
        // containerCount on the environment, containerCount and infrastructure of each host, usage of the subnets.
        invalidate(environmentKeys.lists()),
        invalidate(environmentKeys.detail(env)),
        invalidate(hostKeys.environment(env)),
        invalidate(networkKeys.environment(env)),
      ]
  }
}

function cachedRevision(queryClient: QueryClient, queryKey: QueryKey): number | null {
  const data = queryClient.getQueryData<unknown>(queryKey)
  if (data && typeof data === 'object' && typeof (data as { revision?: unknown }).revision === 'number') {
    return (data as { revision: number }).revision
  }
  return null
}

/** Drops actions that would refetch a detail the cache already holds at (or past) the event's revision. */
export function freshActions(queryClient: QueryClient, event: ChangeEvent): CacheAction[] {
  return cacheActionsFor(event).filter((action) => {
    if (action.type !== 'invalidate' || !action.detail || event.action === 'deleted') return true
    const revision = cachedRevision(queryClient, action.queryKey)
    return revision === null || revision < event.revision
  })
}

/** Applies one event to the cache at once (the scheduler below batches the same work). */
export function applyChangeEvent(queryClient: QueryClient, event: ChangeEvent): Promise<void> {
  const work: Promise<void>[] = []
  for (const action of freshActions(queryClient, event)) {
    if (action.type === 'removeInactive') queryClient.removeQueries({ queryKey: action.queryKey, type: 'inactive' })
    else work.push(queryClient.invalidateQueries({ queryKey: action.queryKey }))
  }
  return Promise.all(work).then(() => undefined)
}

/**
 * Coalesces invalidations from bursts of events. A key whose queries are fetching is held
 * back until they finish (rather than cancelling them), so a 20-page container list is not
 * restarted by every event and no change is lost.
 */
export function createInvalidationScheduler(queryClient: QueryClient, delayMs: number) {
  const pending = new Map<string, QueryKey>()
  let timer: ReturnType<typeof setTimeout> | null = null

  const flush = () => {
    timer = null
    for (const [hash, queryKey] of pending) {
      if (queryClient.isFetching({ queryKey }) > 0) continue
      pending.delete(hash)
      void queryClient.invalidateQueries({ queryKey })
    }
    if (pending.size > 0) schedule()
  }
  const schedule = () => {
    if (timer === null) timer = setTimeout(flush, delayMs)
  }

  return {
    push(event: ChangeEvent) {
      for (const action of freshActions(queryClient, event)) {
        if (action.type === 'removeInactive') queryClient.removeQueries({ queryKey: action.queryKey, type: 'inactive' })
        else pending.set(JSON.stringify(action.queryKey), action.queryKey)
      }
      schedule()
    },
    /** Forgets what is pending (a reconnect invalidates everything anyway). */
    clear() {
      pending.clear()
      if (timer !== null) clearTimeout(timer)
      timer = null
    },
  }
}

export type LiveState = 'connecting' | 'connected' | 'reconnecting'

/** The part of EventSource we use; tests pass a fake. */
export type EventSourceLike = {
  readonly readyState: number
  addEventListener(type: string, listener: (event: MessageEvent) => void): void
  close(): void
}

export type LiveUpdatesOptions = {
  url?: string
  createEventSource?: (url: string) => EventSourceLike
  /** How long events are coalesced before invalidating. */
  flushDelayMs?: number
  /** Delay before opening a new stream when the browser gave up on the old one. */
  reconnectDelayMs?: (attempt: number) => number
  onInvalidEvent?: (data: string, error: unknown) => void
}

const CLOSED = 2

// Every running instance, so signing in can reopen a stream that the server refused without a session.
const resumers = new Set<() => void>()

/**
 * Reopens at once the streams waiting to retry (the server answered 401 before sign-in), rather
 * than after their back-off delay.
 */
export function resumeLiveUpdates(): void {
  for (const resume of resumers) resume()
}

export type LiveUpdates = ReturnType<typeof createLiveUpdates>

export function createLiveUpdates(queryClient: QueryClient, options: LiveUpdatesOptions = {}) {
  const url = options.url ?? apiPaths.events()
  const createEventSource =
    options.createEventSource ??
    ((u: string) => (typeof EventSource === 'undefined' ? null : new EventSource(u))) as (u: string) => EventSourceLike | null
  const reconnectDelay = options.reconnectDelayMs ?? ((attempt: number) => Math.min(1000 * 2 ** attempt, 15_000))
  const scheduler = createInvalidationScheduler(queryClient, options.flushDelayMs ?? 100)

  let state: LiveState = 'connecting'
  let source: EventSourceLike | null = null
  let hadError = false
  let attempt = 0
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let running = false
  const listeners = new Set<() => void>()

  const setState = (next: LiveState) => {
    if (next === state) return
    state = next
    for (const listener of listeners) listener()
  }

  const handleChange = (message: MessageEvent) => {
    const data = typeof message.data === 'string' ? message.data : ''
    let parsed: ReturnType<typeof ChangeEvent.safeParse>
    try {
      parsed = ChangeEvent.safeParse(JSON.parse(data))
    } catch (error) {
      options.onInvalidEvent?.(data, error)
      return
    }
    if (!parsed.success) {
      options.onInvalidEvent?.(data, parsed.error)
      return
    }
    scheduler.push(parsed.data)
  }

  const open = () => {
    const es = createEventSource(url)
    if (!es) return
    source = es
    es.addEventListener('open', () => {
      if (source !== es) return
      attempt = 0
      if (hadError) {
        // Events may have been missed while disconnected.
        hadError = false
        scheduler.clear()
        void queryClient.invalidateQueries()
      }
      setState('connected')
    })
    es.addEventListener('error', () => {
      if (source !== es) return
      hadError = true
      setState('reconnecting')
      if (es.readyState === CLOSED) {
        // The browser retries by itself unless the answer was not an event stream.
        es.close()
        source = null
        retryTimer = setTimeout(() => {
          retryTimer = null
          if (running) open()
        }, reconnectDelay(attempt++))
      }
    })
    es.addEventListener('change', handleChange)
  }

  const resume = () => {
    if (!running || retryTimer === null) return
    clearTimeout(retryTimer)
    retryTimer = null
    attempt = 0
    open()
  }

  return {
    start() {
      if (running) return
      running = true
      resumers.add(resume)
      if (state === 'connected') setState('connecting')
      open()
    },
    stop() {
      running = false
      resumers.delete(resume)
      if (retryTimer !== null) clearTimeout(retryTimer)
      retryTimer = null
      source?.close()
      source = null
      scheduler.clear()
    },
    getState: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}
