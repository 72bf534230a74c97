import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Stack } from '../../../../core/api/index.ts'
import { applyChangeEvent } from '../../../lib/live-updates.ts'
import { templateKeys } from '../../../lib/query-keys.ts'
import { makeChangeEvent, makeEnvironment, makeEnvironmentTemplate, makeHost, makeNetwork } from '../../../testing/fixtures.ts'
import { CreateEnvironmentDialog } from './create-environment-dialog.tsx'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

function renderDialog(initialTemplateId: string | null) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } } })
  client.setQueryData(templateKeys.list(), [
    makeEnvironmentTemplate({ id: 'tpl-vxlan', name: 'Cattle VXLAN' }),
    makeEnvironmentTemplate({ id: 'tpl-cattle', name: 'Cattle' }),
  ])
  render(
    <QueryClientProvider client={client}>
      <CreateEnvironmentDialog open initialTemplateId={initialTemplateId} onClose={() => {}} />
    </QueryClientProvider>,
  )
  return { select: screen.getByRole('combobox', { name: 'Environment template' }) as HTMLSelectElement, client }
}

describe('CreateEnvironmentDialog', () => {
  it('selects the template named Cattle by default', () => {
    expect(renderDialog(null).select.value).toBe('tpl-cattle')
  })

  it('selects the template it was opened for', () => {
    expect(renderDialog('tpl-vxlan').select.value).toBe('tpl-vxlan')
  })

  it('falls back to Cattle when the template it was opened for does not exist', () => {
    expect(renderDialog('tpl-gone').select.value).toBe('tpl-cattle')
  })
})

const T0 = '2026-11-28T08:00:00.000Z'
const WAITING = 'waiting for an active host: infrastructure services start once a host is active'
function makeStack(name: string, overrides: Partial<Stack> = {}): Stack {
  return {
    id: `stk-${name}`,
    revision: 1,
    createdAt: T0,
    updatedAt: T0,
    environmentId: 'env-vx',
    name,
    system: true,
    state: 'activating',
    stateReason: WAITING,
    catalogTemplateId: name,
    version: null,
    externalId: null,
    answers: {},
    dockerCompose: '',
    rancherCompose: '',
    services: [{ id: `svc-${name}`, name, kind: 'service', state: 'inactive', global: true, scale: 1, image: 'rancher/net', networkMode: 'host' }],
    ...overrides,
  }
}

describe('CreateEnvironmentDialog: progress', () => {
  it('shows the new environment coming up live: stacks requested while waiting for a host, then active', async () => {
    const environment = makeEnvironment({ id: 'env-vx', name: 'vx', state: 'activating', templateName: 'Cattle VXLAN', defaultNetworkId: 'net-vx', hostCount: 0 })
    const network = makeNetwork({ id: 'net-vx', environmentId: 'env-vx', name: 'vxlan', effectiveMtu: 1450 })
    network.subnets[0].cidr = '10.60.0.0/16'
    const list = (items: unknown[]) => ({ items, nextCursor: null })
    const writes: Array<{ method: string; url: string; body: unknown }> = []
    const answers: Record<string, unknown> = {
      '/api/v1/environments/env-vx': environment,
      '/api/v1/environments/env-vx/stacks': list([makeStack('network-services'), makeStack('vxlan')]),
      '/api/v1/environments/env-vx/networks': list([network]),
      '/api/v1/environments/env-vx/hosts': list([]),
    }
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit = {}) => {
        const method = init.method ?? 'GET'
        const path = url.split('?')[0]
        let body: unknown = answers[path]
        if (method === 'POST') {
          writes.push({ method, url: path, body: JSON.parse(String(init.body)) })
          body = path.endsWith('/hosts') ? makeHost({ environmentId: 'env-vx', name: 'lab-1', state: 'registering' }) : environment
        }
        return new Response(JSON.stringify(body), { status: method === 'POST' ? 201 : 200, headers: { 'content-type': 'application/json' } })
      }),
    )

    const { select, client } = renderDialog('tpl-vxlan')
    const dialog = screen.getByRole('dialog', { name: 'Create environment' })
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Name' }), { target: { value: 'vx' } })
    expect(select.value).toBe('tpl-vxlan')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create environment' }))

    const progress = await within(dialog).findByRole('region', { name: 'Progress of vx' })
    expect(writes[0]).toEqual({ method: 'POST', url: '/api/v1/environments', body: { name: 'vx', environmentTemplateId: 'tpl-vxlan' } })
    expect(within(progress).getByRole('status').textContent).toBe(
      'Waiting for a host: 2 infrastructure stacks requested. Infrastructure services start only once a host is active.',
    )
    expect(progress.textContent).toContain("Network vxlan created (subnet 10.60.0.0/16, containers' MTU 1450)")
    expect(progress.textContent).toContain('No host is active yet.')
    const stacks = within(progress).getByRole('table', { name: 'Infrastructure stacks' })
    expect(within(stacks).getAllByText('requested')).toHaveLength(2)

    fireEvent.click(within(progress).getByRole('button', { name: 'Add lab host' }))
    await waitFor(() => expect(writes[1]).toEqual({ method: 'POST', url: '/api/v1/environments/env-vx/hosts', body: {} }))

    // What the server then reports through the event stream: the host is active, the stacks follow.
    // The dialog follows the cache that the events refresh; nothing reloads.
    const live = async (kind: 'host' | 'stack', id: string) => {
      await act(() => applyChangeEvent(client, makeChangeEvent({ kind, id, environmentId: 'env-vx' })))
    }
    answers['/api/v1/environments/env-vx/hosts'] = list([makeHost({ environmentId: 'env-vx', name: 'lab-1', state: 'active' })])
    answers['/api/v1/environments/env-vx/stacks'] = list([makeStack('network-services', { stateReason: null }), makeStack('vxlan', { state: 'active', stateReason: null })])
    await live('host', 'host-1')
    await live('stack', 'stk-vxlan')
    await waitFor(() => expect(within(progress).getByRole('status').textContent).toBe('Activating: 1 of 2 infrastructure stacks active.'))
    expect(within(stacks).getByText('activating')).toBeTruthy()

    answers['/api/v1/environments/env-vx/stacks'] = list([makeStack('network-services', { state: 'active', stateReason: null }), makeStack('vxlan', { state: 'active', stateReason: null })])
    await live('stack', 'stk-network-services')
    await waitFor(() => expect(within(progress).getByRole('status').textContent).toBe('Ready: all 2 infrastructure stacks are active.'))
    expect(progress.textContent).toContain('1 host active: lab-1.')

    expect(within(dialog).getByRole('link', { name: 'Open the environment' }).getAttribute('href')).toBe('/environments/env-vx')
  })
})
