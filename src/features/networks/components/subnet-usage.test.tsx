import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { Subnet } from '../../../../core/api/index.ts'
import { makeNetwork } from '../../../testing/fixtures.ts'
import { SubnetUsage } from './subnet-usage.tsx'

afterEach(cleanup)

const subnet = (overrides: Partial<Subnet> = {}): Subnet => ({
  ...makeNetwork().subnets[0],
  used: 14,
  free: 65_515,
  largestFreeRanges: [
    { start: '10.42.100.11', end: '10.42.255.250', size: 39_920 },
    { start: '10.42.0.15', end: '10.42.100.9', size: 25_595 },
  ],
  ...overrides,
})

/** The text of the element, as a person reads it (inline elements joined). */
const readsAs = (text: string) => (_: string, el: Element | null) => el?.textContent === text && [...(el?.children ?? [])].every((c) => c.textContent !== text)

describe('SubnetUsage', () => {
  it('shows how full the subnet is, its gateway, range and reserved addresses', () => {
    render(<SubnetUsage subnet={subnet()} routerCount={3} />)
    const section = screen.getByRole('region', { name: 'Subnet 10.42.0.0/16' })

    expect(within(section).getByText(readsAs('14 allocated of 65,529 (65,515 free)'))).toBeTruthy()
    const fact = (term: string) => within(section).getByText(term, { selector: 'dt' }).nextElementSibling?.textContent
    expect(fact('Gateway')).toBe('10.42.0.1')
    expect(fact('Allocation range')).toBe('10.42.0.2 – 10.42.255.250 65,529 addresses')

    const reserved = within(section).getAllByRole('listitem').map((li) => li.textContent)
    expect(reserved).toEqual([
      '10.42.0.0 network address',
      '10.42.0.1 gateway (the bridge address on each host)',
      '10.42.255.251 – 10.42.255.255 the last five addresses (broadcast included)',
      'One address per host for its overlay router, taken from the range and counted as allocated: 3 hosts.',
    ])
  })

  it('lists the largest free ranges with their sizes', () => {
    render(<SubnetUsage subnet={subnet()} routerCount={3} />)
    const rows = screen.getAllByRole('row').map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent))
    expect(rows).toEqual([
      ['Free range', 'Addresses'],
      ['10.42.100.11 – 10.42.255.250', '39,920'],
      ['10.42.0.15 – 10.42.100.9', '25,595'],
    ])
    // the two ranges hold every free address: nothing more to say
    expect(screen.queryByText(/smaller gaps/)).toBeNull()
  })

  it('says where the free addresses outside the listed ranges are', () => {
    const s = subnet({ used: 20, free: 65_509, largestFreeRanges: [{ start: '10.42.0.30', end: '10.42.255.250', size: 65_501 }, { start: '10.42.0.20', end: '10.42.0.20', size: 1 }] })
    render(<SubnetUsage subnet={s} routerCount={1} />)
    expect(screen.getByText('10.42.0.20')).toBeTruthy()
    expect(screen.getByText('The other 7 addresses free are in smaller gaps between allocated addresses.')).toBeTruthy()
    expect(screen.getByText(/counted as allocated: 1 host\.$/)).toBeTruthy()
  })

  it('says plainly when the subnet is full', () => {
    render(<SubnetUsage subnet={subnet({ used: 65_529, free: 0, largestFreeRanges: [] })} routerCount={null} />)
    expect(screen.getByText(readsAs('65,529 allocated of 65,529 (0 free)'))).toBeTruthy()
    expect(screen.getByText(/No free address is left/)).toBeTruthy()
    expect(screen.queryByRole('table')).toBeNull()
    expect(screen.getByText('One address per host for its overlay router, taken from the range and counted as allocated.')).toBeTruthy()
  })
})
