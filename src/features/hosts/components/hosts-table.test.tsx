import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { REAL_LAB_LABEL } from '../../../../core/api/index.ts'
import { makeHost } from '../../../testing/fixtures.ts'
import { SLICE_TITLE } from './host-slice.tsx'
import { HostsTable } from './hosts-table.tsx'

afterEach(cleanup)

const rowOf = (name: string) => screen.getByRole('link', { name }).closest('tr')!

describe('the hosts table', () => {
  it('badges each lab host with its kind: "simulated", "real lab", and nothing for another host', () => {
    render(
      <HostsTable
        envId="env-1"
        hosts={[
          makeHost({ id: 'hst-1', name: 'sim-1' }),
          makeHost({ id: 'hst-2', name: 'ns-1', simulated: false, labels: { [REAL_LAB_LABEL]: 'real' } }),
          makeHost({ id: 'hst-3', name: 'metal-1', simulated: false, labels: { rack: 'b2' } }),
        ]}
      />,
    )
    expect(within(rowOf('sim-1')).getByText('simulated').getAttribute('title')).toBe('A lab host simulated inside the control plane: no real packets')
    const real = within(rowOf('ns-1')).getByText('real lab')
    expect(real.getAttribute('title')).toBe('A network namespace running the real Paddock agent: real packets')
    expect(within(rowOf('ns-1')).queryByText('simulated')).toBeNull()
    expect(within(rowOf('metal-1')).queryByText(/simulated|real lab/)).toBeNull()
  })

  it('shows a host’s slice with its router IP, and no slice for a host without one', () => {
    render(
      <HostsTable
        envId="env-1"
        hosts={[
          makeHost({ id: 'hst-1', name: 'ns-1', simulated: false, routerIp: '10.42.1.1', slice: '10.42.1.0/24' }),
          makeHost({ id: 'hst-2', name: 'sim-1', routerIp: '10.42.0.2', slice: null }),
        ]}
      />,
    )
    const routerCell = within(rowOf('ns-1')).getByText('10.42.1.1').closest('td')!
    expect(routerCell.textContent).toContain('Slice 10.42.1.0/24')
    expect(within(routerCell).getByText('10.42.1.0/24').closest('[title]')!.getAttribute('title')).toBe(SLICE_TITLE)
    expect(within(rowOf('sim-1')).queryByText(/Slice/)).toBeNull()
  })
})
