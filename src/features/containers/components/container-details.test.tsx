import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { Container } from '../../../../core/api/index.ts'
import { hostKeys, networkKeys } from '../../../lib/query-keys.ts'
import { makeContainer, makeHost, makeNetwork } from '../../../testing/fixtures.ts'
import { ContainerDetails } from './container-details.tsx'

afterEach(cleanup)

function renderCard(container: Container) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } })
  client.setQueryData(hostKeys.detail('env-1', 'host-1'), makeHost({ agentIp: '192.0.2.11' }))
  client.setQueryData(networkKeys.list('env-1'), [makeNetwork()])
  render(
    <QueryClientProvider client={client}>
      <ContainerDetails container={container} />
    </QueryClientProvider>,
  )
}

describe('ContainerDetails', () => {
  it('shows where the managed IP came from, with its subnet, gateway and MAC', () => {
    renderCard(
      makeContainer({
        managedIp: '10.42.0.50',
        managedAddress: {
          address: '10.42.0.50',
          networkId: 'net-1',
          networkName: 'ipsec',
          subnet: '10.42.0.0/16',
          gateway: '10.42.0.1',
          macAddress: '02:0a:2a:00:00:32',
          source: 'requested',
          requested: ['10.42.0.40', '10.42.0.50'],
        },
      }),
    )
    const managed = screen.getByRole('region', { name: 'Managed IP' })
    expect(within(managed).getByText('10.42.0.50', { selector: '.address-ip code' })).toBeTruthy()
    expect(within(managed).getByRole('button', { name: 'Copy managed IP 10.42.0.50' })).toBeTruthy()
    expect(within(managed).getByRole('link', { name: 'ipsec' }).getAttribute('href')).toBe('/environments/env-1/networks/net-1')
    expect(within(managed).getByText('10.42.0.0/16')).toBeTruthy()
    expect(within(managed).getByText('10.42.0.1')).toBeTruthy()
    expect(within(managed).getByText('02:0a:2a:00:00:32')).toBeTruthy()
    const requested = within(managed).getByRole('list', { name: 'Requested addresses' })
    expect(requested.textContent).toBe('10.42.0.4010.42.0.50 (given)')
    expect(managed.textContent).toContain('not visible in docker inspect')

    const docker = screen.getByRole('region', { name: 'Docker bridge IP' })
    expect(within(docker).getByText('172.17.0.0/16')).toBeTruthy()
    expect(within(docker).getByText('172.17.0.1')).toBeTruthy()

    expect(screen.getByRole('link', { name: 'lab-1' }).getAttribute('href')).toBe('/environments/env-1/hosts/host-1')
    expect(screen.getByText('agent IP 192.0.2.11')).toBeTruthy()
  })

  it('says when a requested address was not honoured', () => {
    const base = makeContainer()
    renderCard(makeContainer({ managedAddress: { ...base.managedAddress!, source: 'next-free', requested: ['10.42.0.5'] } }))
    const managed = screen.getByRole('region', { name: 'Managed IP' })
    expect(managed.textContent).toContain('the next free address: the request was not honoured')
  })

  it('links a container:X container to X and names the addresses it inherits', () => {
    renderCard(
      makeContainer({
        id: 'ctr-2',
        name: 'web-1-sidekick',
        networkMode: 'container:web-1',
        networkId: 'net-container',
        networkName: 'Docker Container Network Mode',
        networkContainerId: 'ctr-1',
        networkContainerName: 'web-1',
        managedAddress: null,
        dockerIpNote: { source: 'from container web-1', detail: null },
        managedIpNote: { source: 'from container web-1', detail: null },
      }),
    )
    const networking = screen.getByRole('region', { name: 'Networking' })
    expect(networking.textContent).toContain('shares the network namespace of web-1')
    expect(within(networking).getByRole('link', { name: 'web-1' }).getAttribute('href')).toBe('/environments/env-1/containers/ctr-1')
    expect(networking.textContent).toContain('inherits its addresses: 172.17.0.2, 10.42.0.10')
  })

  it('shows the desired state on its way, the agent error and each address problem with its message', () => {
    renderCard(
      makeContainer({
        state: 'running',
        desiredState: 'stopped',
        error: 'Timeout getting IP address',
        problems: [{ code: 'address-differs', message: 'eth0 carries 10.42.0.99, but IPAM allocated 10.42.0.10.' }],
      }),
    )
    const status = screen.getByRole('region', { name: 'Status' })
    expect(status.textContent).toContain('stopping…')
    expect(status.textContent).toContain('Timeout getting IP address')
    const problems = within(status).getByRole('list', { name: 'Problems' })
    expect(problems.textContent).toBe('address differs eth0 carries 10.42.0.99, but IPAM allocated 10.42.0.10.')
  })
})
