import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Container, Stack } from '../../../../core/api/index.ts'
import { catalogKeys, containerKeys, stackKeys } from '../../../lib/query-keys.ts'
import { makeCatalogTemplate, makeContainer, makeEnvironment } from '../../../testing/fixtures.ts'
import { makeService, makeStack } from '../../../testing/stack-fixtures.ts'
import { StacksView } from './stacks-view.tsx'

type Call = { method: string; url: string }

/** The server: each write gets the next answer in turn; reads never answer (the cache holds what the screen shows). */
function stubServer(answers: Array<{ status: number; body: unknown }>) {
  const calls: Call[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET'
      if (method === 'GET') return new Promise<Response>(() => {})
      calls.push({ method, url })
      const answer = answers.shift() ?? { status: 500, body: {} }
      return Promise.resolve(new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } }))
    }),
  )
  return calls
}

function renderView(stacks: Stack[], containers: Container[]) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } } })
  client.setQueryData(stackKeys.list('env-1'), stacks)
  client.setQueryData(containerKeys.list('env-1', { all: true }), containers)
  client.setQueryData(catalogKeys.list(), [makeCatalogTemplate()])
  render(
    <QueryClientProvider client={client}>
      <StacksView environment={makeEnvironment()} />
    </QueryClientProvider>,
  )
}

const infra = (name: string, hostId: string, hostName: string, overrides: Partial<Container> = {}) =>
  makeContainer({ id: `ctr-${name}`, name, hostId, hostName, stackId: 'stk-ipsec', stackName: 'ipsec', system: true, ...overrides })

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('the Stacks screen', () => {
  it('shows each stack with its catalog version, state, services and, per host, its containers with their states', () => {
    stubServer([])
    const scheduler = makeStack({
      id: 'stk-scheduler',
      name: 'scheduler',
      catalogTemplateId: null,
      version: null,
      state: 'activating',
      stateReason: 'waiting for an active host',
      services: [makeService({ id: 'svc-s', name: 'scheduler', kind: 'service', global: false, scale: 1, image: 'rancher/scheduler:v0.8.6' })],
    })
    renderView(
      [makeStack(), scheduler],
      [
        infra('ipsec-cni-driver-1', 'host-1', 'lab-1'),
        infra('ipsec-ipsec-1', 'host-1', 'lab-1', { state: 'error', error: 'Timeout getting IP address' }),
        infra('ipsec-cni-driver-2', 'host-2', 'lab-2', { state: 'creating' }),
        makeContainer({ id: 'web', name: 'web-1' }),
      ],
    )

    const ipsec = screen.getByRole('region', { name: 'ipsec' })
    expect(within(ipsec).getByRole('link', { name: 'Rancher IPsec version 0.2.5' }).getAttribute('href')).toBe('/catalog/ipsec?version=0.2.5')
    const services = within(ipsec).getByRole('table', { name: 'Services of ipsec' })
    expect(within(services).getByRole('row', { name: /cni-driver/ }).textContent).toContain('global: one per active host')

    const onLab1 = within(ipsec).getByRole('list', { name: 'ipsec on lab-1' })
    expect(within(onLab1).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'ipsec-cni-driver-1 running',
      'ipsec-ipsec-1 error Timeout getting IP address',
    ])
    const onLab2 = within(ipsec).getByRole('list', { name: 'ipsec on lab-2' })
    expect(within(onLab2).getByRole('link', { name: 'ipsec-cni-driver-2' }).getAttribute('href')).toBe('/environments/env-1/containers/ctr-ipsec-cni-driver-2')
    expect(onLab2.textContent).toContain('creating')
    // A user container of no stack is not an infrastructure container.
    expect(screen.queryByText('web-1')).toBeNull()

    const waiting = screen.getByRole('region', { name: 'scheduler' })
    expect(waiting.textContent).toContain('activating: waiting for an active host')
    expect(waiting.textContent).toContain('No containers yet')
  })

  it('names the containers a driver removal would break, and removes anyway only when asked (force=true)', async () => {
    const calls = stubServer([
      {
        status: 409,
        body: {
          error: {
            code: 'DRIVER_IN_USE',
            message: 'The network driver is still used by containers.',
            details: { network: 'ipsec', containers: [{ id: 'ctr-web', name: 'web-1', hostName: 'lab-1' }, { id: 'ctr-db', name: 'db-1', hostName: 'lab-2' }] },
          },
          requestId: 'req-1',
        },
      },
      { status: 200, body: makeStack({ state: 'removing', revision: 4 }) },
    ])
    renderView([makeStack()], [])

    fireEvent.click(screen.getByRole('button', { name: 'Remove stack ipsec' }))
    const dialog = screen.getByRole('dialog', { name: 'Remove stack ipsec' })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove ipsec' }))

    const users = await within(dialog).findByRole('list', { name: 'Containers using the network' })
    expect(within(users).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['web-1 on lab-1', 'db-1 on lab-2'])
    expect(within(users).getByRole('link', { name: 'web-1' }).getAttribute('href')).toBe('/environments/env-1/containers/ctr-web')
    expect(dialog.textContent).toContain(
      'their networking will fail; new managed containers will be refused: no network for network mode managed',
    )
    expect(calls).toEqual([{ method: 'DELETE', url: '/api/v1/environments/env-1/stacks/stk-ipsec' }])

    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove anyway' }))
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Remove stack ipsec' })).toBeNull())
    expect(calls[1]).toEqual({ method: 'DELETE', url: '/api/v1/environments/env-1/stacks/stk-ipsec?force=true' })
  })
})
