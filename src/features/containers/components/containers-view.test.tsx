import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Container } from '../../../../core/api/index.ts'
import { makeContainer } from '../../../testing/fixtures.ts'
import { containersQueryOptions } from '../api/containers-queries.ts'
import { ContainersView } from './containers-view.tsx'

const PAGE = '/environments/env-1/containers'
const FILTER = 'Filter by name, IP, host or network mode'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
  vi.useRealTimers()
})

// jsdom lays nothing out: give the scroll region a browser-sized viewport so the virtualizer renders the rows in view.
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(800)
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1200)
})

const web = makeContainer({ id: 'c1', name: 'web-1', hostName: 'lab-1', networkMode: 'managed', dockerIp: '172.17.0.2', managedIp: '10.42.0.10' })
const web2 = makeContainer({ id: 'c2', name: 'web-2', hostName: 'lab-2', networkMode: 'managed', dockerIp: '172.17.0.5', managedIp: '10.42.0.9' })
const db = makeContainer({ id: 'c3', name: 'db-1', hostName: 'lab-2', networkMode: 'bridge', dockerIp: '172.17.0.3', managedIp: null, state: 'stopped' })
const router = makeContainer({ id: 'c4', name: 'ipsec-router', hostName: 'lab-1', networkMode: 'ipsec', system: true, managedIp: '10.42.0.100' })
const all = [web, web2, db, router]

function renderView(search: string, containers: Container[] = all) {
  window.history.replaceState(null, '', `${PAGE}${search}`)
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } })
  client.setQueryData(containersQueryOptions('env-1').queryKey, containers)
  render(
    <QueryClientProvider client={client}>
      <ContainersView envId="env-1" />
    </QueryClientProvider>,
  )
}

/** Container names in table order, as the links show them. */
const shown = () =>
  within(screen.getByRole('table'))
    .queryAllByRole('link')
    .map((a) => a.textContent)
const params = () => new URLSearchParams(window.location.search)
const filterInput = () => screen.getByRole('searchbox', { name: FILTER })

describe('ContainersView', () => {
  it('restores the filter and the sort from the URL', () => {
    renderView('?q=mode%3Amanaged&sort=managedIp&dir=desc')
    expect((filterInput() as HTMLInputElement).value).toBe('mode:managed')
    expect(shown()).toEqual(['web-1', 'web-2'])
    expect(screen.getByRole('columnheader', { name: 'Managed IP' }).getAttribute('aria-sort')).toBe('descending')
    expect(screen.getByText('Showing 2 of 4 containers')).toBeTruthy()
  })

  it('filters as the text changes and writes it to the URL once typing pauses', async () => {
    renderView('?sort=name&dir=asc')
    fireEvent.change(filterInput(), { target: { value: 'host:lab-2 -state:stopped' } })
    expect(shown()).toEqual(['web-2'])
    await waitFor(() => expect(params().get('q')).toBe('host:lab-2 -state:stopped'))
    expect(params().get('sort')).toBe('name')

    fireEvent.change(filterInput(), { target: { value: '' } })
    expect(shown()).toEqual(['db-1', 'ipsec-router', 'web-1', 'web-2'])
    await waitFor(() => expect(params().has('q')).toBe(false))
  })

  it('sorts by a column header click, toggling the direction, and keeps it in the URL', () => {
    renderView('?q=10.42.')
    expect(shown()).toEqual(['web-1', 'web-2', 'ipsec-router'])

    fireEvent.click(screen.getByRole('button', { name: 'Managed IP' }))
    expect(shown()).toEqual(['web-2', 'web-1', 'ipsec-router'])
    expect(params().get('sort')).toBe('managedIp')
    expect(params().get('dir')).toBe('asc')
    expect(params().get('q')).toBe('10.42.')

    fireEvent.click(screen.getByRole('button', { name: 'Managed IP' }))
    expect(shown()).toEqual(['ipsec-router', 'web-1', 'web-2'])
    expect(params().get('dir')).toBe('desc')
    expect(screen.getByRole('columnheader', { name: 'Managed IP' }).getAttribute('aria-sort')).toBe('descending')
  })

  it('keeps sort and filter when infrastructure containers are hidden', () => {
    renderView('?sort=managedIp&dir=desc')
    fireEvent.click(screen.getByRole('checkbox', { name: 'Show infrastructure containers' }))
    expect(shown()).toEqual(['web-1', 'web-2', 'db-1'])
    expect(params().get('infra')).toBe('0')
    expect(params().get('sort')).toBe('managedIp')
  })

  it('explains the filter keys and names a key it does not know', () => {
    renderView('')
    const input = filterInput()
    const description = () =>
      (input.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ')
    expect(description()).toContain('host:lab-1 mode:managed -state:running ip:10.42.')
    expect(screen.getByText('Filter keys')).toBeTruthy()
    expect(screen.getByText(/ip:10\.42\.3\. finds 10\.42\.3\.x only, ip:10\.42\.3 also 10\.42\.30\.x/)).toBeTruthy()

    fireEvent.change(input, { target: { value: 'hots:lab-1' } })
    expect(description()).toContain('Unknown filter key hots:, searched as plain text')
    expect(screen.getByText('No container matches the filter')).toBeTruthy()
    fireEvent.change(input, { target: { value: 'host:lab-1' } })
    expect(description()).not.toContain('Unknown')
  })

  it('follows the URL when a link changes the filter', () => {
    renderView('?q=web-1')
    expect(shown()).toEqual(['web-1'])
    act(() => window.history.replaceState(null, '', `${PAGE}?q=db`))
    expect((filterInput() as HTMLInputElement).value).toBe('db')
    expect(shown()).toEqual(['db-1'])
  })

  it('filters 10,000 containers, sorted by IP, with a few rows in the DOM', () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      makeContainer({ id: `c${i}`, name: `svc-${i}`, hostName: `lab-${i % 40}`, managedIp: `10.42.${i % 40}.${Math.floor(i / 40)}` }),
    )
    renderView('?q=host%3Alab-3%20ip%3A10.42.3.&sort=managedIp&dir=desc', many)
    // lab-3 holds i % 40 === 3, whose managed IPs are 10.42.3.0 … 10.42.3.249; desc puts .249 (i = 9963) first.
    expect(screen.getByText('Showing 250 of 10,000 containers')).toBeTruthy()
    const names = shown()
    expect(names.length).toBeGreaterThan(5)
    expect(names.length).toBeLessThan(100)
    expect(names.slice(0, 3)).toEqual(['svc-9963', 'svc-9923', 'svc-9883'])
  })
})
