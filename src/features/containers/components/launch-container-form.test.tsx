import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { hostKeys, networkKeys } from '../../../lib/query-keys.ts'
import { makeContainer, makeHost, makeNetwork } from '../../../testing/fixtures.ts'
import { LaunchContainerButton } from './launch-container-button.tsx'

type Call = { method: string; url: string; body: unknown }

/** A fetch that answers every POST with `reply` and records it. */
function stubServer(status: number, body: unknown) {
  const calls: Call[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET'
      calls.push({ method, url, body: init.body ? JSON.parse(String(init.body)) : undefined })
      if (method !== 'POST') throw new Error(`unexpected ${method} ${url}`)
      return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
    }),
  )
  return calls
}

function openLaunchDialog() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } } })
  client.setQueryData(hostKeys.list('env-1'), [
    makeHost({ id: 'host-1', name: 'lab-1' }),
    makeHost({ id: 'host-2', name: 'lab-2', state: 'disconnected' }),
  ])
  client.setQueryData(networkKeys.list('env-1'), [makeNetwork()])
  render(
    <QueryClientProvider client={client}>
      <LaunchContainerButton environmentId="env-1" />
    </QueryClientProvider>,
  )
  fireEvent.click(screen.getByRole('button', { name: 'Launch container' }))
}

const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } })
/** The error text the field's aria-describedby points at (what a screen reader reads with it). */
function describedText(label: string): string {
  const ids = screen.getByLabelText(label).getAttribute('aria-describedby') ?? ''
  return ids
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ')
}

beforeEach(() => window.history.replaceState(null, '', '/environments/env-1/containers'))
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('Launch container', () => {
  it('sends a Docker CLI container that joins the managed network, then opens its page', async () => {
    const calls = stubServer(201, makeContainer({ id: 'ctr-9', name: 'legacy-2', native: true }))
    openLaunchDialog()

    type('Name', 'legacy-2')
    type('Image', 'redis:7')
    fireEvent.change(screen.getByLabelText('Host'), { target: { value: 'host-2' } })
    fireEvent.click(screen.getByLabelText('Created from the Docker CLI (native)'))
    // `docker run` defaults to the bridge mode, which the label can take onto the managed network.
    expect((screen.getByLabelText('Network mode') as HTMLSelectElement).value).toBe('bridge')
    fireEvent.click(screen.getByLabelText('Join the managed network (io.rancher.container.network=true)'))
    type('Requested IP', '10.42.0.50, 10.42.0.51')
    type('Published ports', '6379:6379, 127.0.0.1:9000:9000/udp')
    type('Labels', 'tier=cache\n\nowner=ops')
    fireEvent.click(screen.getByRole('button', { name: 'Launch' }))

    await waitFor(() => expect(window.location.pathname).toBe('/environments/env-1/containers/ctr-9'))
    expect(calls).toEqual([
      {
        method: 'POST',
        url: '/api/v1/environments/env-1/containers',
        body: {
          name: 'legacy-2',
          image: 'redis:7',
          hostId: 'host-2',
          networkMode: 'bridge',
          native: true,
          labels: {
            tier: 'cache',
            owner: 'ops',
            'io.rancher.container.requested_ip': '10.42.0.50,10.42.0.51',
            'io.rancher.container.network': 'true',
          },
          ports: [
            { bindIp: null, publicPort: 6379, privatePort: 6379, protocol: 'tcp' },
            { bindIp: '127.0.0.1', publicPort: 9000, privatePort: 9000, protocol: 'udp' },
          ],
        },
      },
    ])
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('shows the server refusing a published port next to the ports field', async () => {
    stubServer(409, {
      error: { code: 'PORT_IN_USE', message: 'Port 8080/tcp on lab-1 is already published by web-1.' },
      requestId: 'req-1',
    })
    openLaunchDialog()
    type('Name', 'web-9')
    type('Image', 'nginx:1.27')
    type('Published ports', '8080:80')
    fireEvent.click(screen.getByRole('button', { name: 'Launch' }))

    await waitFor(() => expect(describedText('Published ports')).toContain('Port 8080/tcp on lab-1 is already published by web-1.'))
    expect(screen.getByLabelText('Published ports').getAttribute('aria-invalid')).toBe('true')
    expect(window.location.pathname).toBe('/environments/env-1/containers')
    expect(screen.getByRole('dialog', { name: 'Launch container' })).toBeTruthy()
  })

  it('puts each field error of a 400 at its field', async () => {
    stubServer(400, {
      error: {
        code: 'VALIDATION_FAILED',
        message: 'Some fields are not valid.',
        details: [{ path: 'labels.io.rancher.container.requested_ip', message: '"10.99.0.5" is outside every subnet of ipsec' }],
      },
      requestId: 'req-2',
    })
    openLaunchDialog()
    type('Name', 'web-9')
    type('Image', 'nginx:1.27')
    type('Requested IP', '10.99.0.5')
    fireEvent.click(screen.getByRole('button', { name: 'Launch' }))

    await waitFor(() => expect(describedText('Requested IP')).toContain('"10.99.0.5" is outside every subnet of ipsec'))
  })

  it('does not send a form whose ports or labels do not parse, and says which entry and line', () => {
    const calls = stubServer(201, makeContainer())
    openLaunchDialog()
    type('Name', 'web-9')
    type('Image', 'nginx:1.27')
    type('Published ports', '8080:80, 53:53/sctp')
    type('Labels', 'tier=web\nbroken')
    fireEvent.click(screen.getByRole('button', { name: 'Launch' }))

    expect(describedText('Published ports')).toContain('Entry 2 (53:53/sctp): protocol "sctp" must be tcp or udp.')
    expect(describedText('Labels')).toContain('Line 2 (broken): write key=value.')
    expect(calls).toEqual([])
  })
})
