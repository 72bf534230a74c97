import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Container } from '../../../../core/api/index.ts'
import { containerKeys } from '../../../lib/query-keys.ts'
import { makeContainer } from '../../../testing/fixtures.ts'
import { ContainerActions } from './container-actions.tsx'

type Call = { method: string; url: string }

function stubServer(answer: Container) {
  const calls: Call[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      calls.push({ method: init.method ?? 'GET', url })
      return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } })
    }),
  )
  return calls
}

function renderActions(container: Container, all: Container[] = [container]) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } } })
  client.setQueryData(containerKeys.list('env-1', { all: true }), all)
  render(
    <QueryClientProvider client={client}>
      <ContainerActions container={container} />
    </QueryClientProvider>,
  )
}

beforeEach(() => window.history.replaceState(null, '', '/environments/env-1/containers/ctr-1'))
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('ContainerActions', () => {
  it('stops a running container and starts a stopped one', async () => {
    const calls = stubServer(makeContainer({ desiredState: 'stopped' }))
    renderActions(makeContainer())
    fireEvent.click(screen.getByRole('button', { name: 'Stop' }))
    await waitFor(() => expect(calls).toEqual([{ method: 'POST', url: '/api/v1/environments/env-1/containers/ctr-1/stop' }]))
    cleanup()

    const again = stubServer(makeContainer())
    renderActions(makeContainer({ state: 'stopped', desiredState: 'stopped' }))
    fireEvent.click(screen.getByRole('button', { name: 'Start' }))
    await waitFor(() => expect(again).toEqual([{ method: 'POST', url: '/api/v1/environments/env-1/containers/ctr-1/start' }]))
  })

  it('warns before removal what is lost, then removes and goes back to the list', async () => {
    const web1 = makeContainer({ system: true, stackName: 'ipsec', serviceName: 'ipsec' })
    const sidekick = makeContainer({ id: 'ctr-2', name: 'web-1-sidekick', networkMode: 'container:web-1', networkContainerId: 'ctr-1' })
    const calls = stubServer(makeContainer({ state: 'removed', desiredState: 'removed' }))
    renderActions(web1, [web1, sidekick, makeContainer({ id: 'ctr-3', name: 'db-1' })])

    fireEvent.click(screen.getByRole('button', { name: 'Remove' }))
    const dialog = screen.getByRole('dialog', { name: 'Remove web-1' })
    expect(dialog.textContent).toContain('Its managed IP 10.42.0.10 on ipsec is released')
    expect(dialog.textContent).toContain('belongs to the infrastructure stack ipsec')
    const losing = within(dialog).getByRole('list', { name: 'Containers that lose networking' })
    expect(within(losing).getAllByRole('link').map((a) => a.textContent)).toEqual(['web-1-sidekick'])

    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove web-1' }))
    await waitFor(() => expect(window.location.pathname).toBe('/environments/env-1/containers'))
    // (the list refetches after the removal; only the writes matter here)
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([{ method: 'DELETE', url: '/api/v1/environments/env-1/containers/ctr-1' }])
  })
})
