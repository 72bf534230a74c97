import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Router } from 'wouter'
import { memoryLocation } from 'wouter/memory-location'
import { apiPaths, REAL_LAB_LABEL, type Host, type LabFault } from '../../../../core/api/index.ts'
import { stubApi } from '../../../testing/diagnostics-fixtures.ts'
import { makeHost } from '../../../testing/fixtures.ts'
import { LabPanel } from './lab-panel.tsx'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const ENV = 'env-1'
const T0 = '2026-11-28T08:00:00.000Z'
const realLabHost = (n: number) =>
  makeHost({ id: `hst-${n}`, name: `host-${n}`, agentIp: `192.168.50.${10 + n}`, simulated: false, labels: { [REAL_LAB_LABEL]: 'real' } })
const simulatedHost = (n: number) => makeHost({ id: `hst-${n}`, name: `host-${n}`, agentIp: `192.168.50.${10 + n}` })

/** The server: the environment's hosts, no active faults; an injected fault comes back as the real lab describes it. */
function renderPanel(hosts: Host[], search = '') {
  const api = stubApi(({ method, url, body }) => {
    if (url.pathname === apiPaths.hosts(ENV)) return { body: { items: hosts, nextCursor: null } }
    if (url.pathname === apiPaths.labFaults(ENV) && method === 'GET') return { body: { items: [], nextCursor: null } }
    if (url.pathname === apiPaths.labFaults(ENV) && method === 'POST') {
      const fault = { ...(body as object), id: 'flt-1', environmentId: ENV, description: 'UDP 4789 dropped from host-2 to host-3 (nftables in host-3)', createdAt: T0 }
      return { status: 201, body: fault as LabFault }
    }
    return undefined
  })
  const location = memoryLocation({ path: `/environments/${ENV}/lab`, searchPath: search })
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  render(
    <QueryClientProvider client={client}>
      <Router hook={location.hook} searchHook={location.searchHook}>
        <LabPanel envId={ENV} />
      </Router>
    </QueryClientProvider>,
  )
  return api
}

const faultOptions = async () => {
  const form = await screen.findByRole('form', { name: 'Inject a fault' })
  const select = within(form).getByLabelText('Fault') as HTMLSelectElement
  return { form, select, values: [...select.options].map((o) => o.value) }
}

describe('the Lab panel', () => {
  it('on a real-lab environment offers only the faults real hosts can take, and says they hit the real data plane', async () => {
    renderPanel([realLabHost(1), realLabHost(2), realLabHost(3)])
    const { values } = await faultOptions()
    expect(values).toEqual(['router-stopped', 'udp-blocked', 'wrong-agent-ip', 'mtu-mismatch', 'disconnected'])
    const note = screen.getByRole('note')
    expect(note.textContent).toContain('Lab only — real lab hosts (network namespaces)')
    expect(note.textContent).toContain('nftables drop inside the receiving host’s namespace')
    expect(note.textContent).not.toContain('simulated host’s agent reports')
  })

  it('on a simulated environment keeps every fault and the simulated wording', async () => {
    renderPanel([simulatedHost(1), simulatedHost(2)])
    const { values } = await faultOptions()
    expect(values).toContain('slow-metadata')
    expect(values).toContain('lan-overlap')
    expect(values).toHaveLength(7)
    expect(screen.getByRole('note').textContent).toContain('Lab only — simulated hosts')
  })

  it('a link to a simulated-only fault opens a real-lab environment on a fault it can take', async () => {
    renderPanel([realLabHost(1), realLabHost(2)], 'fault=slow-metadata')
    const { select, form } = await faultOptions()
    expect(select.value).toBe('udp-blocked')
    expect(within(form).queryByLabelText('Metadata reload time (ms)')).toBeNull()
  })

  it('injects "UDP 4789 blocked host-2 → host-3" on real-lab hosts', async () => {
    const api = renderPanel([realLabHost(1), realLabHost(2), realLabHost(3)])
    const { form } = await faultOptions()
    fireEvent.change(within(form).getByLabelText('From host'), { target: { value: 'hst-2' } })
    fireEvent.change(within(form).getByLabelText('To host'), { target: { value: 'hst-3' } })
    fireEvent.change(within(form).getByLabelText('UDP port'), { target: { value: '4789' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Inject fault' }))
    expect(await within(form).findByText('Injected: UDP 4789 dropped from host-2 to host-3 (nftables in host-3).')).toBeTruthy()
    expect(api.bodiesOf('POST', apiPaths.labFaults(ENV))).toEqual([{ type: 'udp-blocked', fromHostId: 'hst-2', toHostId: 'hst-3', port: 4789 }])
  })
})
