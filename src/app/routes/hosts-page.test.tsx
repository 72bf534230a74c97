import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, render, screen, within } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { apiPaths, type Finding, type Host } from '../../../core/api/index.ts'
import { findingKeys } from '../../lib/query-keys.ts'
import { makeEnvironment, makeHost } from '../../testing/fixtures.ts'
import { dockerBridgeFinding, makeFinding, makeFindingsList, tunnelBlockedFinding } from '../../testing/findings-fixtures.ts'
import { HostPage } from './host-page.tsx'
import { HostsPage } from './hosts-page.tsx'

const good = makeHost({ id: 'hst_1', name: 'host-1', agentIp: '192.168.50.11' })
const docker0 = makeHost({
  id: 'hst_4',
  name: 'host-4',
  agentIp: '172.17.0.1',
  interfaces: [
    { name: 'eth0', cidrs: ['192.168.50.14/24'], mtu: 1500 },
    { name: 'docker0', cidrs: ['172.17.0.1/16'], mtu: 1500 },
  ],
})

const json = (body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }))

/** The server: hosts, one host and the checklist answer; anything else (a host's containers) never does. */
function stubServer(hosts: Host[], findings: Finding[]) {
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string) => {
      const path = url.split('?')[0]
      if (path === apiPaths.findings('env-1')) return json(makeFindingsList(findings))
      if (path === apiPaths.hosts('env-1')) return json({ items: hosts, nextCursor: null })
      const host = hosts.find((h) => path === apiPaths.host('env-1', h.id))
      if (host) return json(host)
      return new Promise<Response>(() => {})
    }),
  )
}

function renderWithClient(ui: ReactNode): QueryClient {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } } })
  render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>)
  return client
}

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const findings = [
  dockerBridgeFinding({ id: 'hst_4', name: 'host-4' }),
  // not about a registration: no agent-IP warning for it
  tunnelBlockedFinding({ id: 'hst_1', name: 'host-1' }, { id: 'hst_4', name: 'host-4' }),
]

describe('the Hosts screen', () => {
  it('warns beside a host registered with a docker0 address, linking to its finding', async () => {
    stubServer([good, docker0], findings)
    renderWithClient(<HostsPage environment={makeEnvironment()} />)

    const warnings = await screen.findByRole('list', { name: 'Agent IP warnings for host-4' })
    const row = warnings.closest('tr')!
    expect(within(row).getByRole('link', { name: 'host-4' })).toBeTruthy()
    const link = within(warnings).getByRole('link', { name: 'Docker bridge address (docker0)' })
    expect(link.getAttribute('href')).toBe('/environments/env-1/findings#finding-agent-ip-docker-bridge-host-hst_4')
    expect(warnings.textContent).toBe('error Docker bridge address (docker0)')

    expect(screen.queryByRole('list', { name: 'Agent IP warnings for host-1' })).toBeNull()
  })

  it('names each agent IP problem: a duplicate says which host shares it', async () => {
    const other = makeHost({ id: 'hst_5', name: 'host-5', agentIp: '192.168.50.11' })
    stubServer(
      [good, other],
      [
        makeFinding({ checkId: 'agent-ip.duplicate', subject: { kind: 'host', id: 'hst_1', name: 'host-1' }, evidence: { agentIp: '192.168.50.11', sameAgentIp: ['host-5'] } }),
        makeFinding({ checkId: 'agent-ip.not-on-interfaces', severity: 'warning', subject: { kind: 'host', id: 'hst_5', name: 'host-5' } }),
      ],
    )
    renderWithClient(<HostsPage environment={makeEnvironment()} />)
    expect((await screen.findByRole('list', { name: 'Agent IP warnings for host-1' })).textContent).toBe('error also registered by host-5')
    expect(screen.getByRole('list', { name: 'Agent IP warnings for host-5' }).textContent).toBe('warning not on any of its interfaces')
  })
})

describe('the host page', () => {
  it('says what is wrong with the registered agent IP and shows the fix', async () => {
    window.history.replaceState(null, '', '/environments/env-1/hosts/hst_4')
    stubServer([good, docker0], findings)
    renderWithClient(<HostPage environment={makeEnvironment()} id="hst_4" />)

    const panel = await screen.findByRole('region', { name: 'The registered agent IP is wrong' })
    expect(panel.textContent).toContain("host-4 registered with 172.17.0.1, an address of Docker's bridge")
    expect(within(panel).getByLabelText('Fix for agent-ip.docker-bridge on host-4').textContent).toContain('-e CATTLE_AGENT_IP=192.168.50.14')
    expect(within(panel).getByRole('link', { name: 'See agent-ip.docker-bridge on the Findings page' }).getAttribute('href')).toBe(
      '/environments/env-1/findings#finding-agent-ip-docker-bridge-host-hst_4',
    )
    // and beside the agent IP itself
    expect(screen.getByRole('list', { name: 'Agent IP warnings for host-4' }).textContent).toBe('error Docker bridge address (docker0)')
  })

  it('shows no such panel for a host registered with a good address', async () => {
    stubServer([good, docker0], findings)
    const client = renderWithClient(<HostPage environment={makeEnvironment()} id="hst_1" />)
    expect(await screen.findByRole('heading', { name: 'Interfaces' })).toBeTruthy()
    // the checklist has answered (it names host-1 in a pair finding) and found nothing wrong with its registration
    await vi.waitFor(() => expect(client.getQueryData(findingKeys.list('env-1'))).toBeDefined())
    expect(screen.queryByRole('region', { name: /agent IP/ })).toBeNull()
    expect(screen.queryByRole('list', { name: /Agent IP warnings/ })).toBeNull()
  })
})
