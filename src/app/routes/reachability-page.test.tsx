import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Router } from 'wouter'
import { memoryLocation } from 'wouter/memory-location'
import { apiPaths, type Matrix, type Probe } from '../../../core/api/index.ts'
import { makeContainer, makeEnvironment, makeHost } from '../../testing/fixtures.ts'
import { makeMatrix, makeMatrixCell, makeMatrixHost, makeTrace, stubApi } from '../../testing/diagnostics-fixtures.ts'
import { ReachabilityPage } from './reachability-page.tsx'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const ENV = 'env-1'
const containers = [
  makeContainer({ id: 'ctr-web-2', name: 'web-2', hostId: 'hst-2', managedIp: '10.42.0.12' }),
  makeContainer({ id: 'ctr-web-3', name: 'web-3', hostId: 'hst-3', managedIp: '10.42.0.13' }),
  makeContainer({ id: 'ctr-old', name: 'old-job', hostId: 'hst-3', state: 'stopped' }),
]
const cell = makeMatrixCell()

/** The control plane as the page sees it: one blocked direction (lab-2 → lab-3) among healthy ones. */
function stubControlPlane(matrix: Matrix) {
  return stubApi(({ method, url }) => {
    const path = url.pathname
    if (path === apiPaths.diagnosticsMatrix(ENV)) return { body: matrix }
    if (path === apiPaths.diagnosticsMatrixCell(ENV, 'hst-2', 'hst-3')) return { body: cell }
    if (path === apiPaths.findings(ENV)) return { body: { items: [], nextCursor: null, checkedAt: matrix.checkedAt } }
    if (path === apiPaths.containers(ENV)) return { body: { items: containers, nextCursor: null } }
    if (path === apiPaths.diagnosticsTimeline(ENV)) return { body: { items: [], nextCursor: null } }
    if (path === apiPaths.diagnosticsTrace(ENV) && method === 'POST') return { body: makeTrace() }
    return undefined
  })
}

/** A probe web-2 → web-3 as the server answers it; `result` makes it done. */
function makeProbe(overrides: Partial<Probe> = {}): Probe {
  return {
    id: 'prb-1',
    environmentId: ENV,
    hostId: 'hst-2',
    fromContainerId: 'ctr-web-2',
    target: '10.42.0.13',
    toContainerId: 'ctr-web-3',
    protocol: 'icmp',
    port: null,
    state: 'pending',
    result: null,
    createdAt: '2026-11-28T08:00:00.000Z',
    ...overrides,
  }
}

const PING_OUTPUT = [
  'PING 10.42.0.13 (10.42.0.13) 56(84) bytes of data.',
  '64 bytes from 10.42.0.13: icmp_seq=1 ttl=64 time=0.400 ms',
  '',
  '--- 10.42.0.13 ping statistics ---',
  '1 packets transmitted, 1 received, 0% packet loss, time 0ms',
  '(simulated host: no real packets were sent)',
].join('\n')

function renderPage(search = '') {
  const location = memoryLocation({ path: `/environments/${ENV}/reachability`, searchPath: search, record: true })
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  render(
    <QueryClientProvider client={client}>
      <Router hook={location.hook} searchHook={location.searchHook}>
        <ReachabilityPage environment={makeEnvironment()} />
      </Router>
    </QueryClientProvider>,
  )
  const search_ = () => new URLSearchParams(location.history.at(-1)!.split('?')[1] ?? '')
  return { search: search_ }
}

const fourHosts = () =>
  makeMatrix(
    ['-ooo', 'o-po', 'oo-o', 'ooo-'],
    [1, 2, 3, 4].map((n) => (n === 4 ? makeMatrixHost(4, { agentIp: '172.17.0.1', interfaceIps: ['192.168.50.14'] }) : makeMatrixHost(n))),
  )

describe('the reachability page', () => {
  it('shows each host’s registered IP beside its interface IPs, and hides healthy hosts with "Only broken"', async () => {
    stubControlPlane(fourHosts())
    const { search } = renderPage()
    const matrix = await screen.findByRole('table')
    expect(
      within(matrix)
        .getAllByRole('rowheader')
        .map((h) => h.firstChild?.textContent),
    ).toEqual(['lab-1', 'lab-2', 'lab-3', 'lab-4'])
    const lab2 = within(matrix).getAllByRole('rowheader')[1]
    expect(lab2.textContent).toContain('registered 192.168.50.12')
    expect(lab2.textContent).toContain('interfaces 192.168.50.12, 172.17.0.1')
    expect(lab2.textContent).not.toContain('not on its interfaces')
    // lab-4 registered with docker0's address: tunnels aim at an address it does not carry.
    expect(within(matrix).getAllByRole('rowheader')[3].textContent).toContain('registered 172.17.0.1 not on its interfaces')

    fireEvent.click(screen.getByRole('checkbox', { name: 'Only broken' }))
    expect(search().get('broken')).toBe('1')
    const filtered = screen.getByRole('table')
    expect(
      within(filtered)
        .getAllByRole('rowheader')
        .map((h) => h.firstChild?.textContent),
    ).toEqual(['lab-2'])
    expect(
      within(filtered)
        .getAllByRole('columnheader')
        .map((h) => h.firstChild?.textContent),
    ).toEqual(['lab-3'])
    expect(
      within(filtered)
        .getAllByRole('button')
        .map((b) => b.getAttribute('aria-label')),
    ).toEqual(['lab-2 → lab-3: tunnel port blocked'])
    expect(within(filtered).queryByText('lab-1')).toBeNull()
    expect(within(filtered).queryByText('lab-4')).toBeNull()
  })

  it('says so when "Only broken" leaves nothing to show', async () => {
    stubControlPlane(makeMatrix(['-o', 'o-']))
    renderPage('broken=1')
    expect(await screen.findByText('No broken cells: every direction between the 2 hosts is ok.')).toBeTruthy()
    expect(screen.getByRole('checkbox', { name: 'Only broken' })).toHaveProperty('checked', true)
  })

  it('shows what a cell stands on when it is focused: both sides’ checks and a blocked UDP 4500', async () => {
    stubControlPlane(fourHosts())
    renderPage()
    const button = await screen.findByRole('button', { name: 'lab-2 → lab-3: tunnel port blocked' })
    fireEvent.focus(button)
    const tooltip = await screen.findByRole('tooltip')
    await within(tooltip).findByText('UDP 4500:', { exact: false })
    expect(button.getAttribute('aria-describedby')).toBe(tooltip.id)
    const ports = within(tooltip)
      .getAllByRole('listitem')
      .map((li) => li.textContent)
    expect(ports).toEqual(['UDP 500: open', 'UDP 4500: blocked'])
    expect(tooltip.textContent).toContain('IPsec')
    expect(within(tooltip).getByText('Outbound, as lab-2 reports it').nextElementSibling?.textContent).toMatch(
      /^failing.*error: GET \/ping: timeout$/,
    )
    expect(within(tooltip).getByText('Inbound, as lab-3 reports it').nextElementSibling?.textContent).toMatch(/^failing/)
    expect(tooltip.textContent).toContain('Click to trace web-2 → web-3.')

    fireEvent.keyDown(button, { key: 'Escape' })
    expect(screen.queryByRole('tooltip')).toBeNull()
  })

  it('opens the trace of the representative container pair when a cell is clicked', async () => {
    const api = stubControlPlane(fourHosts())
    const { search } = renderPage()
    fireEvent.click(await screen.findByRole('button', { name: 'lab-2 → lab-3: tunnel port blocked' }))

    await waitFor(() => expect(api.bodiesOf('POST', apiPaths.diagnosticsTrace(ENV))).toEqual([{ from: 'ctr-web-2', to: 'ctr-web-3' }]))
    expect(search().get('from')).toBe('hst-2')
    expect(search().get('tt')).toBe('ctr-web-3')
    expect((await screen.findByText('(first failing hop)')).closest('li')?.querySelector('h4')?.textContent).toContain(
      'Tunnel lab-2 → lab-3',
    )
    expect(screen.getByLabelText('Fix for Tunnel lab-2 → lab-3').textContent).toBe('Open UDP 500 and 4500 between the hosts.')
    expect(screen.getByRole('heading', { name: 'lab-2 → lab-3' })).toBeTruthy()
  })

  it('traces from a running container to an IP address and port', async () => {
    const api = stubControlPlane(fourHosts())
    renderPage()
    const from = await screen.findByRole('combobox', { name: 'From container (A)' })
    // Only running containers are offered as A.
    expect(within(from).queryByRole('option', { name: /old-job/ })).toBeNull()
    fireEvent.change(from, { target: { value: 'ctr-web-2' } })
    fireEvent.click(screen.getByRole('radio', { name: 'an IP address' }))
    fireEvent.change(screen.getByRole('textbox', { name: 'To IP address (B)' }), { target: { value: '10.42.0.999' } })
    fireEvent.click(screen.getByRole('button', { name: 'Trace' }))
    expect(screen.getByRole('alert').textContent).toBe('The IP address is an IPv4 address such as 10.42.0.9.')

    fireEvent.change(screen.getByRole('textbox', { name: 'To IP address (B)' }), { target: { value: '10.42.0.9' } })
    fireEvent.change(screen.getByRole('textbox', { name: 'Port (optional)' }), { target: { value: '80' } })
    fireEvent.click(screen.getByRole('button', { name: 'Trace' }))

    await waitFor(() =>
      expect(api.bodiesOf('POST', apiPaths.diagnosticsTrace(ENV))).toEqual([{ from: 'ctr-web-2', to: '10.42.0.9', port: 80 }]),
    )
    // The form comes back from the URL with the IP destination still chosen.
    expect(await screen.findByText('Tracing web-2 → 10.42.0.9, port 80')).toBeTruthy()
    expect(screen.getByRole('radio', { name: 'an IP address' })).toHaveProperty('checked', true)
  })

  it('sends real packets after a trace: pending, then the agent’s answer verbatim, labelled as a simulated host', async () => {
    let reads = 0
    const api = stubApi(({ method, url, body }) => {
      const path = url.pathname
      if (path === apiPaths.probes(ENV) && method === 'POST') {
        const b = body as { protocol: string }
        return { status: 201, body: makeProbe(b.protocol === 'tcp' ? { id: 'prb-2', protocol: 'tcp', port: 80 } : {}) }
      }
      // the first read is still pending; the agent's answer arrives with the second
      if (path === apiPaths.probe(ENV, 'prb-1')) {
        reads++
        return { body: reads < 2 ? makeProbe() : makeProbe({ state: 'done', result: { ok: true, rttMs: 0.4, detail: PING_OUTPUT, answeredAt: '2026-11-28T08:00:01.000Z' } }) }
      }
      if (path === apiPaths.probe(ENV, 'prb-2')) {
        return { body: makeProbe({ id: 'prb-2', protocol: 'tcp', port: 80, state: 'done', result: { ok: false, rttMs: null, detail: 'connect to 10.42.0.13 port 80 (tcp) failed: Connection timed out', answeredAt: '2026-11-28T08:00:02.000Z' } }) }
      }
      if (path === apiPaths.host(ENV, 'hst-2')) return { body: makeHost({ id: 'hst-2', name: 'lab-2', simulated: true }) }
      if (path === apiPaths.diagnosticsTrace(ENV) && method === 'POST') return { body: makeTrace() }
      if (path === apiPaths.containers(ENV)) return { body: { items: containers, nextCursor: null } }
      if (path === apiPaths.diagnosticsMatrix(ENV)) return { body: fourHosts() }
      if (path === apiPaths.findings(ENV)) return { body: { items: [], nextCursor: null, checkedAt: '2026-11-28T08:00:00.000Z' } }
      if (path === apiPaths.diagnosticsTimeline(ENV)) return { body: { items: [], nextCursor: null } }
      return undefined
    })
    renderPage('tf=ctr-web-2&tt=ctr-web-3&port=80')
    const ping = await screen.findByRole('button', { name: 'Send real packets (ping)' })
    // a port in the trace offers a TCP connect too
    expect(screen.getByRole('button', { name: 'Send real packets (TCP 80)' })).toBeTruthy()
    fireEvent.click(ping)

    await waitFor(() => expect(api.bodiesOf('POST', apiPaths.probes(ENV))).toEqual([{ fromContainerId: 'ctr-web-2', to: 'ctr-web-3', protocol: 'icmp', port: null }]))
    expect(await screen.findByText(/Pending: waiting for the agent of lab-2 to ping 10\.42\.0\.13/)).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Send real packets (ping)' })).toHaveProperty('disabled', true)

    const output = await screen.findByLabelText('What the agent printed', {}, { timeout: 3_000 })
    expect(output.textContent).toBe(PING_OUTPUT)
    const verdict = output.previousElementSibling!
    expect(verdict.textContent).toMatch(/^ok ping 10\.42\.0\.13 from lab-2 · RTT 0\.4 ms/)
    expect(within(verdict as HTMLElement).getByText('simulated host')).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Send real packets (ping)' })).toHaveProperty('disabled', false)

    fireEvent.click(screen.getByRole('button', { name: 'Send real packets (TCP 80)' }))
    await waitFor(() => expect(api.bodiesOf('POST', apiPaths.probes(ENV)).at(-1)).toEqual({ fromContainerId: 'ctr-web-2', to: 'ctr-web-3', protocol: 'tcp', port: 80 }))
    await waitFor(() => expect(screen.getByLabelText('What the agent printed').textContent).toBe('connect to 10.42.0.13 port 80 (tcp) failed: Connection timed out'))
    expect(screen.getByLabelText('What the agent printed').previousElementSibling!.textContent).toMatch(/^failed TCP connect to 10\.42\.0\.13:80 from lab-2/)
  })

  it('says why a probe cannot be sent', async () => {
    stubApi(({ method, url }) => {
      const path = url.pathname
      if (path === apiPaths.probes(ENV) && method === 'POST') {
        const message = 'to: container "web-3" has no managed IP (network mode bridge): probes go to a managed IP; give an IPv4 address instead'
        return { status: 422, body: { error: { code: 'REFERENCE_NOT_FOUND', message, details: [{ path: 'to', message }] }, requestId: 'r' } }
      }
      if (path === apiPaths.diagnosticsTrace(ENV) && method === 'POST') return { body: makeTrace() }
      if (path === apiPaths.containers(ENV)) return { body: { items: containers, nextCursor: null } }
      if (path === apiPaths.diagnosticsMatrix(ENV)) return { body: fourHosts() }
      if (path === apiPaths.findings(ENV)) return { body: { items: [], nextCursor: null, checkedAt: '2026-11-28T08:00:00.000Z' } }
      if (path === apiPaths.diagnosticsTimeline(ENV)) return { body: { items: [], nextCursor: null } }
      return undefined
    })
    renderPage('tf=ctr-web-2&tt=ctr-web-3')
    fireEvent.click(await screen.findByRole('button', { name: 'Send real packets (ping)' }))
    // no port in the trace: no TCP button
    expect(screen.queryByRole('button', { name: /TCP/ })).toBeNull()
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Could not send the probe')
    expect(alert.textContent).toContain('has no managed IP')
  })
})
