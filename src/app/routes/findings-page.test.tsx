import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { apiPaths, type Finding } from '../../../core/api/index.ts'
import { makeEnvironment } from '../../testing/fixtures.ts'
import {
  dockerBridgeFinding,
  makeFindingsList,
  managedIpMissingFinding,
  metadataSlowFinding,
  multipleDriversFinding,
  peerUnreachableFinding,
  tunnelBlockedFinding,
} from '../../testing/findings-fixtures.ts'
import { FindingsPage } from './findings-page.tsx'

const PAGE = '/environments/env-1/findings'
const host2 = { id: 'hst_2', name: 'host-2' }
const host3 = { id: 'hst_3', name: 'host-3' }
const host4 = { id: 'hst_4', name: 'host-4' }

/** The server: the checklist answers with `items`; anything else never answers. */
function stubServer(items: Finding[]) {
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string) =>
      url.startsWith(apiPaths.findings('env-1'))
        ? Promise.resolve(new Response(JSON.stringify(makeFindingsList(items)), { status: 200, headers: { 'content-type': 'application/json' } }))
        : new Promise<Response>(() => {}),
    ),
  )
}

function renderPage(items: Finding[], url = PAGE) {
  window.history.replaceState(null, '', url)
  stubServer(items)
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } })
  render(
    <QueryClientProvider client={client}>
      <FindingsPage environment={makeEnvironment()} />
    </QueryClientProvider>,
  )
}

const severitySection = (name: RegExp) => screen.getByRole('region', { name })
const subjectHeadings = (section: HTMLElement) => within(section).getAllByRole('heading', { level: 3 }).map((h) => h.textContent)

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const all = [
  dockerBridgeFinding(host4),
  tunnelBlockedFinding(host2, host3),
  peerUnreachableFinding(host2, host3),
  managedIpMissingFinding({ id: 'ctr_9', name: 'web-9' }),
  metadataSlowFinding(host3),
  multipleDriversFinding({ id: 'env-1', name: 'lab' }),
]

describe('the Findings checklist', () => {
  it('says every check passed, and when, when there are no findings — and lists every check as passed', async () => {
    renderPage([])
    expect(await screen.findByText('No findings: every check passed')).toBeTruthy()
    expect(screen.getByText(/Checked at/).querySelector('time')?.getAttribute('dateTime')).toBe('2026-11-28T08:00:00.000Z')
    expect(screen.getByRole('button', { name: 'Run checks now' })).toBeTruthy()
    const checks = within(screen.getByRole('list', { name: 'Every check' })).getAllByRole('listitem')
    expect(checks.length).toBeGreaterThan(15)
    expect(checks.every((li) => li.textContent?.startsWith('passed'))).toBe(true)
  })

  it('groups findings by severity with counts, and within each by subject', async () => {
    renderPage(all)
    expect(await screen.findByRole('heading', { level: 2, name: 'Errors 4' })).toBeTruthy()
    expect(screen.getByRole('status').textContent).toMatch(/^4 errors, 2 warnings · checked /)

    // the wide subjects first: hosts, then host pairs (in the direction traffic flows), then containers
    const errors = severitySection(/^Errors/)
    expect(subjectHeadings(errors)).toEqual(['Host host-4 · 1 finding', 'Host pair host-2 → host-3 · 2 findings', 'Container web-9 · 1 finding'])
    const pair = within(errors).getByRole('region', { name: /^Host pair host-2 → host-3/ })
    expect(
      within(pair)
        .getAllByRole('article')
        .map((a) => within(a).getByRole('heading', { level: 4 }).textContent),
    ).toEqual(['error port.tunnel-blocked on host-2 → host-3 (outbound)', 'error peer.unreachable on host-2 → host-3 (outbound)'])

    const warnings = severitySection(/^Warnings/)
    expect(within(warnings).getByRole('heading', { level: 2 }).textContent).toBe('Warnings 2')
    expect(subjectHeadings(warnings)).toEqual(['Environment lab · 1 finding', 'Host host-3 · 1 finding'])
    expect(screen.queryByRole('region', { name: /^Info/ })).toBeNull()
    // each finding is still its own article, fix included
    expect(screen.getByLabelText('Fix for agent-ip.docker-bridge on host-4').textContent).toContain('CATTLE_AGENT_IP=192.168.50.14')
  })

  it('links each subject to where it shows: a host pair to the Reachability page with that direction selected', async () => {
    renderPage([...all, { ...peerUnreachableFinding(host3, host2), subject: { kind: 'hostPair', id: 'hst_2', name: 'host-2', peerId: 'hst_3', peerName: 'host-3', direction: 'inbound' } }])
    const errors = await screen.findByRole('region', { name: /^Errors/ })
    const headingLink = (name: RegExp) => within(within(errors).getByRole('heading', { level: 3, name })).getByRole('link')

    expect(headingLink(/^Host pair host-2 → host-3/).getAttribute('href')).toBe('/environments/env-1/reachability?from=hst_2&to=hst_3')
    // reported inbound by host-2: the traffic flows host-3 → host-2
    expect(headingLink(/^Host pair host-3 → host-2/).getAttribute('href')).toBe('/environments/env-1/reachability?from=hst_3&to=hst_2')
    expect(headingLink(/^Host host-4/).getAttribute('href')).toBe('/environments/env-1/hosts/hst_4')
    expect(headingLink(/^Container web-9/).getAttribute('href')).toBe('/environments/env-1/containers/ctr_9')
    const warnings = screen.getByRole('region', { name: /^Warnings/ })
    expect(within(within(warnings).getByRole('heading', { level: 3, name: /^Environment lab/ })).getByRole('link').getAttribute('href')).toBe('/environments/env-1')
  })

  it('marks every check passed or with its number of findings', async () => {
    renderPage(all)
    const list = await screen.findByRole('list', { name: 'Every check' })
    const entry = (title: string) => within(list).getByText(title).closest('li')?.textContent
    expect(entry('Tunnel port blocked')).toBe('1 finding Tunnel port blocked port.tunnel-blocked')
    expect(entry('Agent IP is in the Docker bridge range')).toBe('1 finding Agent IP is in the Docker bridge range agent-ip.docker-bridge')
    expect(entry('Agent IP is a loopback address')).toBe('passed Agent IP is a loopback address agent-ip.loopback')
    expect(entry('Overlay router not running')).toMatch(/^passed /)
    // a check with findings links to its first one on this page
    expect(within(list).getByRole('link', { name: 'Peer unreachable' }).getAttribute('href')).toBe('#finding-peer-unreachable-hostPair-hst_2-hst_3-outbound')
    expect(screen.getByText('Every check').closest('summary')?.textContent).toMatch(/· \d+ of \d+ passed$/)
  })

  it('filters by severity from the URL, and writes a change back to it', async () => {
    renderPage(all, `${PAGE}?severity=warning`)
    const select = (await screen.findByLabelText('Severity')) as HTMLSelectElement
    expect(select.value).toBe('warning')
    expect(screen.queryByRole('region', { name: /^Errors/ })).toBeNull()
    expect(screen.getByRole('region', { name: /^Warnings/ })).toBeTruthy()
    // the count of all findings still shows: the filter hides, it does not un-find
    expect(screen.getByRole('status').textContent).toMatch(/^4 errors, 2 warnings/)

    fireEvent.change(select, { target: { value: 'info' } })
    expect(new URLSearchParams(window.location.search).get('severity')).toBe('info')
    expect(screen.getByText('No info')).toBeTruthy()

    fireEvent.click(screen.getByRole('button', { name: 'Show all' }))
    expect(window.location.search).toBe('')
    expect(screen.getByRole('region', { name: /^Errors/ })).toBeTruthy()
  })

  it('focuses the finding a link from another screen names', async () => {
    renderPage(all, `${PAGE}#finding-agent-ip-docker-bridge-host-hst_4`)
    const article = await screen.findByRole('article', { name: 'error agent-ip.docker-bridge on host-4' })
    expect(document.activeElement).toBe(article)
  })
})
