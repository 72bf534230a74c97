import { QueryClient, type QueryKey } from '@tanstack/react-query'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { makeChangeEvent, makeHost } from '../testing/fixtures.ts'
import {
  applyChangeEvent,
  createInvalidationScheduler,
  createLiveUpdates,
  resumeLiveUpdates,
  type EventSourceLike,
} from './live-updates.ts'
import {
  catalogKeys,
  containerKeys,
  environmentKeys,
  findingKeys,
  hostKeys,
  networkDriverKeys,
  networkKeys,
  stackKeys,
  templateKeys,
} from './query-keys.ts'

const E1 = 'env-1'
const E2 = 'env-2'

/** Every key the screens use, for two environments, so a test sees what was and was not touched. */
const SEEDED: QueryKey[] = [
  environmentKeys.list(),
  environmentKeys.detail(E1),
  environmentKeys.detail(E2),
  templateKeys.list(),
  templateKeys.detail('tpl-1'),
  ...[E1, E2].flatMap((env) => [
    stackKeys.list(env),
    networkKeys.list(env),
    networkDriverKeys.list(env),
    hostKeys.list(env),
    containerKeys.list(env, { all: true }),
    containerKeys.list(env, { hostId: 'host-1' }),
    findingKeys.list(env),
  ]),
  catalogKeys.list(),
  catalogKeys.detail('ipsec'),
  stackKeys.detail(E1, 'stk-1'),
  networkKeys.detail(E1, 'net-1'),
  hostKeys.detail(E1, 'host-1'),
  containerKeys.detail(E1, 'ctr-1'),
]

function newClient() {
  return new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity } } })
}

function seed(client: QueryClient) {
  for (const key of SEEDED) client.setQueryData(key, { revision: 1 })
}

function invalidated(client: QueryClient): string[] {
  return client
    .getQueryCache()
    .getAll()
    .filter((q) => q.state.isInvalidated)
    .map((q) => JSON.stringify(q.queryKey))
    .sort()
}

const keys = (...list: QueryKey[]) => list.map((k) => JSON.stringify(k)).sort()

describe('applyChangeEvent', () => {
  let client: QueryClient
  beforeEach(() => {
    client = newClient()
    seed(client)
  })

  it('container: its lists and detail, plus environment counts, hosts (counts, infrastructure), network usage and findings, in that environment only', async () => {
    await applyChangeEvent(client, makeChangeEvent({ kind: 'container', action: 'created', id: 'ctr-1', environmentId: E1 }))
    expect(invalidated(client)).toEqual(
      keys(
        findingKeys.list(E1),
        containerKeys.list(E1, { all: true }),
        containerKeys.list(E1, { hostId: 'host-1' }),
        containerKeys.detail(E1, 'ctr-1'),
        environmentKeys.list(),
        environmentKeys.detail(E1),
        hostKeys.list(E1),
        hostKeys.detail(E1, 'host-1'),
        networkKeys.list(E1),
        networkKeys.detail(E1, 'net-1'),
      ),
    )
  })

  it('host: its lists and detail, plus the environment, its networks and its findings', async () => {
    await applyChangeEvent(client, makeChangeEvent({ kind: 'host', action: 'updated', id: 'host-1', environmentId: E1 }))
    expect(invalidated(client)).toEqual(
      keys(
        findingKeys.list(E1),
        hostKeys.list(E1),
        hostKeys.detail(E1, 'host-1'),
        environmentKeys.list(),
        environmentKeys.detail(E1),
        networkKeys.list(E1),
        networkKeys.detail(E1, 'net-1'),
      ),
    )
  })

  it.each(['network', 'networkDriver', 'stack'] as const)('%s: the overview data and the findings of that environment', async (kind) => {
    const id = { network: 'net-1', networkDriver: 'drv-1', stack: 'stk-1' }[kind]
    await applyChangeEvent(client, makeChangeEvent({ kind, id, environmentId: E1 }))
    expect(invalidated(client)).toEqual(
      keys(
        findingKeys.list(E1),
        networkKeys.list(E1),
        networkKeys.detail(E1, 'net-1'),
        networkDriverKeys.list(E1),
        stackKeys.list(E1),
        ...(kind === 'stack' ? [stackKeys.detail(E1, 'stk-1')] : []),
        environmentKeys.detail(E1),
      ),
    )
  })

  it('finding: the findings of that environment only', async () => {
    await applyChangeEvent(client, makeChangeEvent({ kind: 'finding', id: 'host-1', environmentId: E1 }))
    expect(invalidated(client)).toEqual(keys(findingKeys.list(E1)))
  })

  it('environment: the list and that environment', async () => {
    await applyChangeEvent(client, makeChangeEvent({ kind: 'environment', id: E2, environmentId: E2 }))
    expect(invalidated(client)).toEqual(keys(environmentKeys.list(), environmentKeys.detail(E2)))
  })

  it('environment deleted: drops the cached data of that environment, keeps the others', async () => {
    await applyChangeEvent(client, makeChangeEvent({ kind: 'environment', action: 'deleted', id: E2, environmentId: E2 }))
    expect(client.getQueryState(hostKeys.list(E2))).toBeUndefined()
    expect(client.getQueryState(containerKeys.list(E2, { all: true }))).toBeUndefined()
    expect(client.getQueryState(hostKeys.list(E1))?.isInvalidated).toBe(false)
    expect(client.getQueryState(environmentKeys.detail(E2))?.isInvalidated).toBe(true)
  })

  it('environment template: the template list and detail, and every environment\'s stacks (their drift says whether the template moved on)', async () => {
    await applyChangeEvent(client, makeChangeEvent({ kind: 'environmentTemplate', id: 'tpl-1', environmentId: null }))
    expect(invalidated(client)).toEqual(
      keys(templateKeys.list(), templateKeys.detail('tpl-1'), stackKeys.detail(E1, 'stk-1'), stackKeys.list(E1), stackKeys.list(E2)),
    )
  })

  it('skips a detail the cache already holds at the event revision, still refreshes the lists', async () => {
    client.setQueryData(hostKeys.detail(E1, 'host-1'), makeHost({ revision: 7 }))
    await applyChangeEvent(client, makeChangeEvent({ kind: 'host', id: 'host-1', environmentId: E1, revision: 7 }))
    expect(client.getQueryState(hostKeys.detail(E1, 'host-1'))?.isInvalidated).toBe(false)
    expect(client.getQueryState(hostKeys.list(E1))?.isInvalidated).toBe(true)
  })

  it('an environment-scoped event without environment refreshes that kind everywhere', async () => {
    await applyChangeEvent(client, makeChangeEvent({ kind: 'host', id: 'host-9', environmentId: null }))
    const touched = invalidated(client)
    expect(touched).toContain(JSON.stringify(hostKeys.list(E2)))
    expect(touched).not.toContain(JSON.stringify(containerKeys.list(E1, { all: true })))
  })
})

describe('createInvalidationScheduler', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('holds a key back while its query is fetching, then invalidates it', async () => {
    vi.useFakeTimers()
    const client = newClient()
    let release: (value: string[]) => void = () => {}
    const key = containerKeys.list(E1, { all: true })
    const pending = client.fetchQuery({ queryKey: key, queryFn: () => new Promise<string[]>((resolve) => (release = resolve)) })

    const scheduler = createInvalidationScheduler(client, 50)
    scheduler.push(makeChangeEvent({ kind: 'container', environmentId: E1 }))
    await vi.advanceTimersByTimeAsync(200)
    expect(client.isFetching({ queryKey: key })).toBe(1)
    expect(client.getQueryState(key)?.isInvalidated).toBe(false)

    release([])
    await pending
    await vi.advanceTimersByTimeAsync(60)
    expect(client.getQueryState(key)?.isInvalidated).toBe(true)
  })
})

class FakeEventSource implements EventSourceLike {
  static instances: FakeEventSource[] = []
  readyState = 0
  private listeners = new Map<string, Array<(event: MessageEvent) => void>>()
  closed = false
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this)
  }
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener])
  }
  close() {
    this.closed = true
    this.readyState = 2
  }
  emit(type: string, data?: string) {
    if (type === 'open') this.readyState = 1
    for (const listener of this.listeners.get(type) ?? []) listener(new MessageEvent(type, { data }))
  }
}

describe('createLiveUpdates', () => {
  beforeEach(() => {
    FakeEventSource.instances = []
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  function start(client: QueryClient, onInvalidEvent = vi.fn()) {
    const live = createLiveUpdates(client, {
      url: '/api/v1/events',
      createEventSource: (url) => new FakeEventSource(url),
      flushDelayMs: 10,
      reconnectDelayMs: () => 1000,
      onInvalidEvent,
    })
    live.start()
    return { live, source: FakeEventSource.instances[0], onInvalidEvent }
  }

  it('parses change events and invalidates through the key factories', async () => {
    const client = newClient()
    seed(client)
    const { live, source } = start(client)
    expect(source.url).toBe('/api/v1/events')
    source.emit('open')
    expect(live.getState()).toBe('connected')

    source.emit('change', JSON.stringify(makeChangeEvent({ kind: 'host', id: 'host-1', environmentId: E1 })))
    await vi.advanceTimersByTimeAsync(20)
    expect(client.getQueryState(hostKeys.list(E1))?.isInvalidated).toBe(true)
    expect(client.getQueryState(hostKeys.list(E2))?.isInvalidated).toBe(false)
    live.stop()
  })

  it('ignores events that do not match the contract', async () => {
    const client = newClient()
    seed(client)
    const { source, onInvalidEvent } = start(client)
    source.emit('open')
    source.emit('change', 'not json')
    source.emit('change', JSON.stringify({ kind: 'host', id: 'h' }))
    source.emit('change', JSON.stringify({ ...makeChangeEvent(), kind: 'pod' }))
    await vi.advanceTimersByTimeAsync(20)
    expect(onInvalidEvent).toHaveBeenCalledTimes(3)
    expect(invalidated(client)).toEqual([])
  })

  it('shows "reconnecting" after an error and invalidates everything when the stream is back', async () => {
    const client = newClient()
    seed(client)
    const { live, source } = start(client)
    const states: string[] = []
    live.subscribe(() => states.push(live.getState()))
    source.emit('open')
    expect(invalidated(client)).toEqual([])

    source.emit('error')
    expect(live.getState()).toBe('reconnecting')
    source.emit('open')
    expect(live.getState()).toBe('connected')
    expect(invalidated(client)).toHaveLength(SEEDED.length)
    expect(states).toEqual(['connected', 'reconnecting', 'connected'])
  })

  it('opens a new stream when the browser gave up on the old one', async () => {
    const client = newClient()
    const { live, source } = start(client)
    source.readyState = 2
    source.emit('error')
    expect(source.closed).toBe(true)
    expect(FakeEventSource.instances).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1000)
    expect(FakeEventSource.instances).toHaveLength(2)
    FakeEventSource.instances[1].emit('open')
    expect(live.getState()).toBe('connected')
    live.stop()
    expect(FakeEventSource.instances[1].closed).toBe(true)
  })

  it('reopens a refused stream at once after sign-in, not after its back-off', async () => {
    const client = newClient()
    const { live, source } = start(client)
    // without a session the server answers 401: the browser gives up on the stream
    source.readyState = 2
    source.emit('error')
    expect(FakeEventSource.instances).toHaveLength(1)
    resumeLiveUpdates()
    expect(FakeEventSource.instances).toHaveLength(2)
    FakeEventSource.instances[1].emit('open')
    expect(live.getState()).toBe('connected')
    // the pending retry was cancelled; a stopped instance is not resumed
    await vi.advanceTimersByTimeAsync(1000)
    expect(FakeEventSource.instances).toHaveLength(2)
    live.stop()
    resumeLiveUpdates()
    expect(FakeEventSource.instances).toHaveLength(2)
  })
})
