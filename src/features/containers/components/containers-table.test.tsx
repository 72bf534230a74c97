import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Container } from '../../../../core/api/index.ts'
import { makeContainer } from '../../../testing/fixtures.ts'
import { HostContainersTable } from './host-containers-table.tsx'
import { ContainersTable } from './containers-table.tsx'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

// jsdom lays nothing out: give the scroll region a browser-sized viewport so the virtualizer renders the rows in view.
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(800)
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1200)
})

const writeText = vi.fn<(text: string) => Promise<void>>()
beforeEach(() => {
  writeText.mockReset().mockResolvedValue(undefined)
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
})

const web = makeContainer({ id: 'c1', name: 'web-1', dockerIp: '172.17.0.2', managedIp: '10.42.0.5' })
const cli = makeContainer({
  id: 'c2',
  name: 'adhoc',
  networkMode: 'bridge',
  native: true,
  dockerIp: '172.17.0.3',
  managedIp: null,
  managedIpNote: { source: 'none', detail: null },
  managedAddress: null,
})
const broken = makeContainer({
  id: 'c3',
  name: 'api-1',
  managedIp: '10.42.0.7',
  problems: [
    { code: 'address-differs', message: 'Its eth0 carries the managed-subnet address 10.42.0.99, but IPAM allocated 10.42.0.7 to it.' },
    { code: 'network-failed', message: 'Network ipsec is gone.' },
  ],
})

const rowOf = (name: string) => screen.getByRole('link', { name }).closest('tr')!

function renderTable(containers: Container[], sort: Parameters<typeof ContainersTable>[0]['sort'] = null) {
  const onSort = vi.fn()
  render(<ContainersTable containers={containers} sort={sort} onSort={onSort} />)
  return onSort
}

describe('ContainersTable', () => {
  it('shows both IPs, each with a copy button named after the address', async () => {
    renderTable([web, cli])
    const row = within(rowOf('web-1'))
    expect(row.getByText('172.17.0.2')).toBeTruthy()
    expect(row.getByText('10.42.0.5')).toBeTruthy()
    fireEvent.click(row.getByRole('button', { name: 'Copy managed IP 10.42.0.5' }))
    expect(writeText).toHaveBeenCalledWith('10.42.0.5')
    expect(await row.findByText('Copied')).toBeTruthy()
    fireEvent.click(row.getByRole('button', { name: 'Copy Docker bridge IP 172.17.0.2' }))
    expect(writeText).toHaveBeenLastCalledWith('172.17.0.2')
  })

  it('has nothing to copy where there is no address, and says how a Docker CLI container joins', () => {
    renderTable([cli])
    const row = within(rowOf('adhoc'))
    expect(row.getAllByRole('button').map((b) => b.getAttribute('aria-label'))).toEqual(['Copy Docker bridge IP 172.17.0.3'])
    expect(row.getByText(/io\.rancher\.container\.network=true/)).toBeTruthy()
  })

  it('shows a badge per problem, its message as the tooltip and the spoken text', () => {
    renderTable([web, broken])
    const cells = within(rowOf('api-1')).getAllByRole('cell')
    const problems = cells[cells.length - 1]
    const differs = within(problems).getByText('address differs')
    expect(differs.getAttribute('title')).toBe(broken.problems[0].message)
    expect(differs.textContent).toBe(`address differs: ${broken.problems[0].message}`)
    expect(within(problems).getByText('network failed').getAttribute('title')).toBe('Network ipsec is gone.')
    const healthy = within(rowOf('web-1')).getAllByRole('cell')
    expect(healthy[healthy.length - 1].textContent).toBe('none')
  })

  it('shows one badge and a count when more problems than fit the row', () => {
    const many = makeContainer({
      id: 'c9',
      name: 'worst',
      problems: [
        { code: 'network-failed', message: 'Network ipsec is gone.' },
        { code: 'managed-ip-missing', message: 'Its eth0 carries 10.42.0.8/16 but not its managed IP 10.42.0.7.' },
        { code: 'outside-subnet', message: 'Its managed IP 10.42.0.7 lies outside the range 10.42.1.2–10.42.1.250 of subnet 10.42.1.0/24.' },
      ],
    })
    renderTable([many])
    const cells = within(rowOf('worst')).getAllByRole('cell')
    const problems = cells[cells.length - 1]
    expect(within(problems).getByText('network failed')).toBeTruthy()
    expect(within(problems).getByText('+2 more')).toBeTruthy()
    expect(within(problems).queryByText('outside subnet')).toBeNull()
    expect(problems.textContent).toContain('outside subnet: Its managed IP 10.42.0.7 lies outside')
    expect(problems.getAttribute('title')?.split('\n')).toEqual(many.problems.map((p) => p.message))
  })

  it('sorts from the column headers and marks the sorted column', () => {
    const onSort = renderTable([web, cli, broken], { key: 'managedIp', dir: 'desc' })
    const headers = screen.getAllByRole('columnheader')
    expect(headers.map((h) => h.textContent)).toEqual(['Name ↕', 'Host ↕', 'Network mode ↕', 'Docker bridge IP ↕', 'Managed IP ▼', 'State ↕', 'Problems'])
    expect(screen.getByRole('columnheader', { name: 'Managed IP' }).getAttribute('aria-sort')).toBe('descending')
    expect(screen.getByRole('columnheader', { name: 'Name' }).hasAttribute('aria-sort')).toBe(false)

    fireEvent.click(screen.getByRole('button', { name: 'Docker bridge IP' }))
    expect(onSort).toHaveBeenLastCalledWith('dockerIp')
    fireEvent.click(screen.getByRole('button', { name: 'Managed IP' }))
    expect(onSort).toHaveBeenLastCalledWith('managedIp')
    expect(screen.queryByRole('button', { name: 'Problems' })).toBeNull()
  })

  it('keeps at most a few hundred of 10,000 rows in the DOM', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => makeContainer({ id: `c${i}`, name: `svc-${i}`, managedIp: `10.42.${i >> 8}.${i & 255}` }))
    renderTable(many)
    const table = screen.getByRole('table')
    expect(table.getAttribute('aria-rowcount')).toBe('10001')
    const rows = within(table).getAllByRole('row')
    expect(rows.length).toBeGreaterThan(1)
    expect(rows.length).toBeLessThan(200)
    expect(screen.getByRole('link', { name: 'svc-0' })).toBeTruthy()
    expect(screen.queryByRole('link', { name: 'svc-9999' })).toBeNull()
  })
})

describe('HostContainersTable', () => {
  it('shows every container with the same address, copy and problem cells', () => {
    render(<HostContainersTable containers={[web, cli, broken]} label="Containers on lab-1" />)
    const table = screen.getByRole('table', { name: 'Containers on lab-1' })
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Name',
      'Network mode',
      'Docker bridge IP',
      'Managed IP',
      'State',
      'Problems',
    ])
    expect(within(table).getAllByRole('row')).toHaveLength(4)
    expect(within(rowOf('web-1')).getByRole('button', { name: 'Copy managed IP 10.42.0.5' })).toBeTruthy()
    expect(within(rowOf('api-1')).getByText('address differs')).toBeTruthy()
  })
})
