import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Container, Network } from '../../../../core/api/index.ts'
import { containerKeys, hostKeys, networkDriverKeys, stackKeys } from '../../../lib/query-keys.ts'
import { makeContainer, makeHost, makeNetwork, makeNetworkDriver } from '../../../testing/fixtures.ts'
import { NetworkDetails } from './network-details.tsx'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const network = makeNetwork({
  subnets: [{ ...makeNetwork().subnets[0], used: 3, free: 65_526, largestFreeRanges: [{ start: '10.42.0.5', end: '10.42.255.250', size: 65_526 }] }],
})

function renderPage(containers: Container[], net: Network = network) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } })
  client.setQueryData(networkDriverKeys.list(net.environmentId), [makeNetworkDriver()])
  client.setQueryData(stackKeys.list(net.environmentId), [])
  client.setQueryData(hostKeys.list(net.environmentId), [makeHost({ routerIp: '10.42.0.2' })])
  client.setQueryData(containerKeys.list(net.environmentId, { networkId: net.id }), containers)
  return render(
    <QueryClientProvider client={client}>
      <NetworkDetails network={net} />
    </QueryClientProvider>,
  )
}

describe('NetworkDetails', () => {
  it('shows the network, each subnet with its usage, the containers on it and the CNI files', () => {
    renderPage([
      makeContainer({ id: 'ctr-2', name: 'web-2', managedIp: '10.42.0.4', hostId: 'host-2', hostName: 'lab-2' }),
      makeContainer({ id: 'ctr-1', name: 'web-1', managedIp: '10.42.0.3', state: 'stopped' }),
    ])

    // what the page showed before stays
    expect(screen.getByText('169.254.169.250')).toBeTruthy()
    expect(screen.getByText('rancher.internal')).toBeTruthy()
    expect(screen.getByText('1402')).toBeTruthy()

    const subnets = screen.getByRole('region', { name: 'Subnets' })
    expect(within(subnets).getByRole('region', { name: 'Subnet 10.42.0.0/16' })).toBeTruthy()
    expect(within(subnets).getByText('10.42.0.5 – 10.42.255.250')).toBeTruthy()
    expect(within(subnets).getByText(/counted as allocated: 1 host\./)).toBeTruthy()

    const table = screen.getByRole('table', { name: 'Containers on ipsec' })
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent))
    // by address, not by name or id
    expect(rows).toEqual([
      ['web-1 nginx:1.27', 'lab-1', '10.42.0.3 Copy', 'stopped'],
      ['web-2 nginx:1.27', 'lab-2', '10.42.0.4 Copy', 'running'],
    ])
    expect(within(table).getByRole('link', { name: 'web-2' }).getAttribute('href')).toBe('/environments/env-1/containers/ctr-2')
    expect(within(table).getByRole('link', { name: 'lab-2' }).getAttribute('href')).toBe('/environments/env-1/hosts/host-2')

    expect(screen.getByRole('region', { name: 'CNI config each host receives' })).toBeTruthy()
    expect(screen.getByLabelText('Contents of 10-rancher.conf').textContent).toContain('"linkMTUOverhead": 98')
    // the subnets table of the overview card is not repeated
    expect(screen.queryByText('3 used · 65,526 free')).toBeNull()
  })

  it('copies a container’s managed IP', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined)
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    renderPage([makeContainer({ managedIp: '10.42.0.3' })])
    fireEvent.click(screen.getByRole('button', { name: 'Copy the managed IP of web-1' }))
    expect(writeText).toHaveBeenCalledWith('10.42.0.3')
    await waitFor(() => expect(screen.getByText('Copied')).toBeTruthy())
  })

  it('filters a long list by name, host or address', () => {
    const many = Array.from({ length: 12 }, (_, i) => makeContainer({ id: `ctr-${i}`, name: `app-${i}`, managedIp: `10.42.1.${i + 1}` }))
    renderPage(many)
    const table = screen.getByRole('table', { name: 'Containers on ipsec' })
    expect(within(table).getAllByRole('row')).toHaveLength(13)
    fireEvent.change(screen.getByLabelText('Filter'), { target: { value: '10.42.1.12' } })
    expect(within(table).getAllByRole('row').slice(1).map((r) => r.querySelector('a')?.textContent)).toEqual(['app-11'])
    expect(screen.getByText('1 of 12 containers, by managed IP.')).toBeTruthy()
  })

  it('says who would appear when no container uses the network', () => {
    renderPage([])
    const section = screen.getByRole('region', { name: 'Containers on ipsec' })
    expect(within(section).getByText(/No container uses this network yet/).textContent).toBe(
      'No container uses this network yet. Containers with network mode managed or ipsec appear here.',
    )
  })
})
