// The apply flow in the editor session, Monaco replaced by the stand-ins of
// src/testing/monaco-stand-in.tsx and the server by a fetch stub (Monaco itself and the real
// server: e2e/editor-apply.spec.ts).
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Diagnostic, Stack, StackUpgradePreview, ValidateNetworkDriver } from '../../../../core/api/index.ts'
import { fakeMonaco } from '../../../testing/monaco-stand-in.tsx'
import { makeStack as makeStackFixture } from '../../../testing/stack-fixtures.ts'
import { StackEditorSession } from './stack-editor-session.tsx'

vi.mock('../../../components/yaml-editor/monaco-setup.ts', async () => ({ monaco: (await import('../../../testing/monaco-stand-in.tsx')).fakeMonaco.monaco }))
vi.mock('@monaco-editor/react', async () => (await import('../../../testing/monaco-stand-in.tsx')).monacoReactStandIn)

/** The core validator, reduced to one rule: a line with `BROKEN` is an error. */
vi.mock('../../../../core/validate/index.ts', () => ({
  validateNetworkDriver: (input: ValidateNetworkDriver) => {
    const diagnostics: Diagnostic[] = []
    for (const file of input.files ?? []) {
      file.content.split('\n').forEach((text, i) => {
        if (text.includes('BROKEN')) {
          diagnostics.push({ file: file.name, severity: 'error', code: 'SCHEMA_TYPE', message: 'broken', path: 'x', line: i + 1, column: 1, endLine: i + 1, endColumn: 2 })
        }
      })
    }
    return { diagnostics, rendered: (input.files ?? []).map((f) => ({ name: f.name.replace(/\.tpl$/, ''), content: f.content })) }
  },
}))

const DOCKER = 'services:\n  cni-driver:\n    network_driver:\n      cni_config:\n        10-rancher.conf:\n          mtu: ${MTU}\n'
const RANCHER = '.catalog:\n  name: Rancher IPsec\n'
// the fixture IPsec stack, with a compose small enough to follow in the assertions
const makeStack = (overrides: Partial<Stack> = {}): Stack =>
  makeStackFixture({ externalId: null, dockerCompose: DOCKER, rancherCompose: RANCHER, services: [], ...overrides })

const cniConf = (mtu: number) => `${JSON.stringify({ name: 'rancher-cni-network', type: 'rancher-bridge', mtu, linkMTUOverhead: 98 }, null, 2)}\n`
function makePreview(overrides: Partial<StackUpgradePreview> = {}): StackUpgradePreview {
  return {
    stackId: 'stk-ipsec',
    revision: 3,
    refused: null,
    networkChanges: [
      { field: 'mtu', from: '1500', to: '1400' },
      { field: 'effectiveMtu', from: '1402', to: '1302' },
    ],
    hosts: ['lab-1', 'lab-2', 'lab-3'].map((name) => ({
      hostId: `h-${name}`,
      hostName: name,
      files: [{ name: '10-rancher.conf', before: cniConf(1500), after: cniConf(1400), changed: true }],
    })),
    containers: Array.from({ length: 12 }, (_, i) => ({
      id: `c-${i + 1}`,
      name: `web-${i + 1}`,
      hostName: 'lab-1',
      changes: [{ field: 'mtu', from: '1402', to: '1302' }],
    })),
    ...overrides,
  }
}

type Call = { method: string; url: string; ifMatch: string | null; body: unknown }
type Reply = { status: number; body: unknown }
const json = (r: Reply) => new Response(JSON.stringify(r.body), { status: r.status, headers: { 'content-type': 'application/json' } })
const error = (status: number, code: string, message: string, details?: unknown): Reply => ({ status, body: { error: { code, message, details }, requestId: 'req-1' } })

/** A fetch that answers from queues per "METHOD path-suffix" and records every call. */
function stubServer(replies: Record<string, Reply[]>) {
  const calls: Call[] = []
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const method = init.method ?? 'GET'
      const headers = (init.headers ?? {}) as Record<string, string>
      calls.push({ method, url, ifMatch: headers['if-match'] ?? null, body: init.body ? JSON.parse(String(init.body)) : undefined })
      const key = Object.keys(replies).find((k) => k.split(' ')[0] === method && url.endsWith(k.split(' ')[1]))
      const reply = key ? replies[key].shift() : undefined
      if (!reply) throw new Error(`unexpected ${method} ${url}`)
      return json(reply)
    }),
  )
  return calls
}

function renderSession(stack = makeStack()) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  const ui = (s: Stack) => (
    <QueryClientProvider client={client}>
      <StackEditorSession envId="env-1" environmentName="Default" stack={s} currentCni={null} />
    </QueryClientProvider>
  )
  const view = render(ui(stack))
  return { client, rerender: (s: Stack) => view.rerender(ui(s)) }
}

const dockerEditor = () => screen.getByLabelText('docker-compose.yml, compose file editor') as HTMLTextAreaElement
const applyButton = () => screen.getByRole('button', { name: 'Apply…' }) as HTMLButtonElement
const dialog = () => screen.getByRole('dialog', { name: 'Apply to Default' })
/** Lets the 300 ms validation debounce run. */
const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 320)))

async function edit(text: string) {
  fireEvent.change(dockerEditor(), { target: { value: text } })
  await settle()
}

beforeEach(() => fakeMonaco.reset())
afterEach(async () => {
  cleanup()
  // the editor disposes its models a tick after it goes; not the next test's
  await new Promise((resolve) => setTimeout(resolve, 0))
  vi.unstubAllGlobals()
})

describe('Apply… disabled reasons', () => {
  it('is disabled with a reason until the files change, and while they have errors', async () => {
    stubServer({})
    renderSession()
    await settle()
    expect(applyButton().disabled).toBe(true)
    expect(applyButton().getAttribute('aria-describedby')).toBeTruthy()
    expect(document.getElementById(applyButton().getAttribute('aria-describedby')!)?.textContent).toBe(
      'Nothing to apply: the files are as the stack stores them.',
    )

    await edit(`${DOCKER}# BROKEN\n`)
    expect(applyButton().disabled).toBe(true)
    expect(screen.getByText('Fix the error listed under Problems before applying.')).toBeTruthy()

    await edit(DOCKER.replace('${MTU}', '1400'))
    expect(applyButton().disabled).toBe(false)
    expect(applyButton().getAttribute('aria-describedby')).toBeNull()
  })
})

describe('the impact preview', () => {
  it('shows network changes, the CNI files per host (identical hosts once) and a capped container list, then applies with If-Match', async () => {
    const edited = DOCKER.replace('${MTU}', '1400')
    const calls = stubServer({
      'POST /stacks/stk-ipsec/upgrade-preview': [{ status: 200, body: makePreview() }],
      'PATCH /stacks/stk-ipsec': [{ status: 200, body: makeStack({ revision: 4, dockerCompose: edited }) }],
    })
    renderSession()
    await edit(edited)
    fireEvent.click(applyButton())
    const d = dialog()
    const network = await within(d).findByRole('region', { name: 'Network changes' })
    expect(within(network).getByRole('row', { name: 'MTU 1500 1400' })).toBeTruthy()
    expect(within(network).getByRole('row', { name: 'Effective MTU (container eth0) 1402 1302' })).toBeTruthy()

    const hosts = within(d).getByRole('region', { name: 'CNI config per host' })
    expect(hosts.textContent).toContain('lab-1, lab-2 and lab-3 (3 hosts)')
    const diff = within(hosts).getByLabelText('10-rancher.conf on lab-1, lab-2 and lab-3: before and after')
    expect(diff.textContent).toContain('removed:   "mtu": 1500,')
    expect(diff.textContent).toContain('added:   "mtu": 1400,')

    const containers = within(d).getByRole('region', { name: 'Containers whose MTU or DNS changes' })
    expect(within(containers).getAllByRole('row')).toHaveLength(11) // header + 10
    expect(within(containers).getByRole('row', { name: 'web-1 lab-1 MTU (eth0) 1402 → 1302' })).toBeTruthy()
    expect(containers.textContent).toContain('and 2 more (12 containers in all).')

    expect(calls[0]).toMatchObject({ method: 'POST', body: { dockerCompose: edited, rancherCompose: RANCHER } })
    fireEvent.click(within(d).getByRole('button', { name: 'Apply' }))
    expect(await screen.findByText('Applied — revision 4. Hosts pick up the new configuration within seconds.')).toBeTruthy()
    expect(calls[1]).toMatchObject({ method: 'PATCH', ifMatch: '3', body: { dockerCompose: edited, rancherCompose: RANCHER } })
    expect(screen.queryByRole('dialog')).toBeNull()
    // the stored compose is now the edit: nothing left to apply
    expect(applyButton().disabled).toBe(true)
    expect(screen.getByText('Nothing to apply: the files are as the stack stores them.')).toBeTruthy()
  })

  it('shows a refusal prominently, with the alternative, and offers no Apply', async () => {
    const message =
      'Subnet 10.42.0.0/16 has 12 allocated address(es); changing it to 10.43.0.0/16 would re-address them. Addresses already handed out cannot move. To use a different subnet, create an environment template with the new subnet, create a new environment from it and move the workloads there.'
    stubServer({
      'POST /upgrade-preview': [
        { status: 200, body: makePreview({ refused: { code: 'READDRESS_REFUSED', message }, networkChanges: [{ field: 'subnets.0', from: '10.42.0.0/16', to: '10.43.0.0/16' }], containers: [] }) },
      ],
    })
    renderSession()
    await edit(`${DOCKER}# subnet edit\n`)
    fireEvent.click(applyButton())
    const alert = await within(dialog()).findByRole('alert')
    expect(alert.textContent).toContain('This change cannot be applied to the running environment')
    expect(alert.textContent).toContain('create a new environment from it')
    expect(within(dialog()).getByRole('row', { name: 'Subnet 1 10.42.0.0/16 10.43.0.0/16' })).toBeTruthy()
    expect(within(dialog()).queryByRole('button', { name: 'Apply' })).toBeNull()
    fireEvent.click(within(dialog()).getByRole('button', { name: 'Back to the editor' }))
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it("shows a 400's message with its details list, and a READDRESS_REFUSED from the upgrade itself", async () => {
    stubServer({
      'POST /upgrade-preview': [
        error(400, 'VALIDATION_FAILED', 'Some fields are not valid.', [{ path: 'dockerCompose', message: 'the compose no longer declares the network driver "Rancher IPsec"' }]),
        { status: 200, body: makePreview() },
      ],
      'PATCH /stacks/stk-ipsec': [error(409, 'READDRESS_REFUSED', 'The range would exclude 3 allocated address(es). Create a new environment instead.')],
    })
    renderSession()
    await edit(`${DOCKER}# edit\n`)
    fireEvent.click(applyButton())
    expect((await within(dialog()).findByRole('alert')).textContent).toContain('Could not compute the impact of this change')
    const details = within(dialog()).getByRole('list', { name: 'What the server found' })
    expect(details.textContent).toBe('dockerCompose the compose no longer declares the network driver "Rancher IPsec"')

    fireEvent.click(within(dialog()).getByRole('button', { name: 'Try again' }))
    fireEvent.click(await within(dialog()).findByRole('button', { name: 'Apply' }))
    const alert = await within(dialog()).findByRole('alert')
    expect(alert.textContent).toContain('Not applied')
    expect(alert.textContent).toContain('The range would exclude 3 allocated address(es). Create a new environment instead.')
    expect(alert.textContent).toContain('READDRESS_REFUSED')
    expect(within(dialog()).queryByRole('button', { name: 'Apply' })).toBeNull()
  })
})

describe('a stale revision', () => {
  it('409 → "Keep my edits": the text stays, the baseline moves to the latest revision, and the next Apply uses it', async () => {
    const edited = DOCKER.replace('${MTU}', '1400')
    const latest = makeStack({ revision: 4, answers: { MTU: '1450' }, rancherCompose: `${RANCHER}# theirs\n` })
    const calls = stubServer({
      'POST /upgrade-preview': [{ status: 200, body: makePreview() }, { status: 200, body: makePreview({ revision: 4 }) }],
      'PATCH /stacks/stk-ipsec': [
        error(409, 'REVISION_MISMATCH', 'stack ipsec is at revision 4, not 3', { current: 4 }),
        { status: 200, body: makeStack({ revision: 5, dockerCompose: edited, rancherCompose: latest.rancherCompose }) },
      ],
      'GET /stacks/stk-ipsec': [{ status: 200, body: latest }],
    })
    renderSession()
    await edit(edited)
    fireEvent.click(applyButton())
    fireEvent.click(await within(dialog()).findByRole('button', { name: 'Apply' }))

    const alert = await within(dialog()).findByRole('alert')
    expect(alert.textContent).toContain('This stack changed since you opened it (you edited revision 3; it is now at 4).')
    expect(within(alert).getByRole('button', { name: 'Reload the current version' })).toBeTruthy()
    fireEvent.click(within(alert).getByRole('button', { name: 'Keep my edits' }))

    expect(await screen.findByText(/Your edits now apply on top of revision 4 \(was 3\)/)).toBeTruthy()
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(dockerEditor().value).toBe(edited)
    await settle()
    // still something to apply: the edit, now against revision 4
    expect(applyButton().disabled).toBe(false)

    fireEvent.click(applyButton())
    fireEvent.click(await within(dialog()).findByRole('button', { name: 'Apply' }))
    expect(await screen.findByText('Applied — revision 5. Hosts pick up the new configuration within seconds.')).toBeTruthy()
    const patches = calls.filter((c) => c.method === 'PATCH')
    expect(patches.map((c) => c.ifMatch)).toEqual(['3', '4'])
    // the operator's texts as they were, which the Changes diff showed against revision 4 (their
    // rancher-compose line included) before this second apply
    expect(patches[1].body).toEqual({ dockerCompose: edited, rancherCompose: RANCHER })
  })

  it('a preview computed against a newer revision is a conflict; reloading asks first, then replaces the text', async () => {
    const latest = makeStack({ revision: 6, dockerCompose: DOCKER.replace('${MTU}', '1450') })
    const calls = stubServer({
      'POST /upgrade-preview': [{ status: 200, body: makePreview({ revision: 6 }) }],
      'GET /stacks/stk-ipsec': [{ status: 200, body: latest }],
    })
    const { rerender } = renderSession()
    await edit(`${DOCKER}# mine\n`)
    // a live update says the stack moved on
    rerender(makeStack({ revision: 6 }))
    expect(screen.getByText(/Revision 6 was stored since you opened revision 3\./)).toBeTruthy()

    fireEvent.click(applyButton())
    const alert = await within(dialog()).findByRole('alert')
    expect(alert.textContent).toContain('This stack changed since you opened it (you edited revision 3; it is now at 6).')
    expect(within(dialog()).queryByRole('button', { name: 'Apply' })).toBeNull()

    fireEvent.click(within(alert).getByRole('button', { name: 'Reload the current version' }))
    expect(within(alert).getByText('Discard your edits and load revision 6?')).toBeTruthy()
    fireEvent.click(within(alert).getByRole('button', { name: 'Cancel' }))
    expect(within(alert).queryByText('Discard your edits and load revision 6?')).toBeNull()
    expect(calls.filter((c) => c.method === 'GET')).toHaveLength(0)

    fireEvent.click(within(alert).getByRole('button', { name: 'Reload the current version' }))
    fireEvent.click(within(alert).getByRole('button', { name: 'Discard my edits and reload' }))
    expect(await screen.findByText('Reloaded revision 6; your edits were discarded.')).toBeTruthy()
    expect(dockerEditor().value).toBe(latest.dockerCompose)
    await settle()
    expect(applyButton().disabled).toBe(true)
    expect(screen.queryByText(/was stored since you opened/)).toBeNull()
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(0)
  })
})
