import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { networkDriverKeys, networkKeys } from '../../../lib/query-keys.ts'
import { makeEnvironment, makeNetwork, makeNetworkDriver } from '../../../testing/fixtures.ts'
import { DefaultNetworkCard } from './default-network-card.tsx'
import { DefaultNetworkSection } from './default-network-section.tsx'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

describe('DefaultNetworkCard', () => {
  it('shows what a host and a managed container get from the IPsec default network', () => {
    render(<DefaultNetworkCard network={makeNetwork()} driver={makeNetworkDriver()} />)

    expect(screen.getByRole('heading', { name: 'Default network' })).toBeTruthy()
    expect(screen.getByText('ipsec')).toBeTruthy()
    expect(screen.getByText('Rancher IPsec')).toBeTruthy()
    expect(screen.getByText('version 0.2.5')).toBeTruthy()
    expect(screen.getByText('cni')).toBeTruthy()

    expect(screen.getByText('10.42.0.0/16')).toBeTruthy()
    expect(screen.getByText('10.42.0.1')).toBeTruthy()
    expect(screen.getByText('10.42.0.2 – 10.42.255.250')).toBeTruthy()
    expect(screen.getByText('15 used · 65,514 free')).toBeTruthy()

    expect(screen.getByText('169.254.169.250')).toBeTruthy()
    expect(screen.getByText('rancher.internal')).toBeTruthy()
    expect(screen.getByText('on')).toBeTruthy()
    expect(screen.getByText('1500')).toBeTruthy()
    expect(screen.getByText('1402')).toBeTruthy()
    expect(screen.getByText('mtu − linkMTUOverhead = 1500 − 98')).toBeTruthy()

    const pre = screen.getByLabelText('Contents of 10-rancher.conf')
    expect(pre.textContent).toContain('"linkMTUOverhead": 98')
  })

  it('says "off" when published ports are not opened on the host', () => {
    render(<DefaultNetworkCard network={makeNetwork({ hostPorts: false })} driver={null} />)
    expect(screen.getByText('off')).toBeTruthy()
  })

  it('copies a CNI config file with the Clipboard API', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined)
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    const network = makeNetwork()
    render(<DefaultNetworkCard network={network} driver={makeNetworkDriver()} />)

    fireEvent.click(screen.getByRole('button', { name: 'Copy 10-rancher.conf' }))
    expect(writeText).toHaveBeenCalledWith(network.cniFiles[0].content)
    await waitFor(() => expect(screen.getByText('Copied')).toBeTruthy())
  })
})

describe('DefaultNetworkSection', () => {
  it('says plainly that there is no default network, and why, when there is no network driver', () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } })
    const environment = makeEnvironment({ defaultNetworkId: null })
    client.setQueryData(networkKeys.list(environment.id), [])
    client.setQueryData(networkDriverKeys.list(environment.id), [])
    render(
      <QueryClientProvider client={client}>
        <DefaultNetworkSection environment={environment} />
      </QueryClientProvider>,
    )
    const section = screen.getByRole('region', { name: 'Default network' })
    expect(within(section).getByText('This environment has no default network.')).toBeTruthy()
    expect(within(section).getByText(/no network driver/)).toBeTruthy()
  })
})
