// The template editor with the real template rules (core/templates/rules.ts) and the server
// replaced by a fetch stub; Monaco and the compose validator are replaced by stand-ins
// (src/testing/monaco-stand-in.tsx), Monaco itself is covered end to end.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Diagnostic, EnvironmentTemplate, TemplateStack, ValidateNetworkDriver } from '../../../../core/api/index.ts'
import { fakeMonaco } from '../../../testing/monaco-stand-in.tsx'
import { makeEnvironmentTemplate } from '../../../testing/fixtures.ts'
import { makeCatalog } from '../../../testing/template-fixtures.ts'
import type { TemplateDraft } from '../utils/template-draft.ts'
import { TemplateEditor } from './template-editor.tsx'

vi.mock('../../../components/yaml-editor/monaco-setup.ts', async () => ({ monaco: (await import('../../../testing/monaco-stand-in.tsx')).fakeMonaco.monaco }))
vi.mock('@monaco-editor/react', async () => (await import('../../../testing/monaco-stand-in.tsx')).monacoReactStandIn)
/** The compose validator, reduced to one rule: a line with `BROKEN` is an error. */
vi.mock('../../../../core/validate/index.ts', () => ({
  validateNetworkDriver: (input: ValidateNetworkDriver) => {
    const diagnostics: Diagnostic[] = []
    for (const file of input.files ?? []) {
      file.content.split('\n').forEach((text, i) => {
        if (text.includes('BROKEN')) diagnostics.push({ file: file.name, severity: 'error', code: 'SCHEMA_TYPE', message: 'broken', path: 'x', line: i + 1, column: 1, endLine: i + 1, endColumn: 2 })
      })
    }
    return { diagnostics, rendered: [] }
  },
}))

const stack = (catalogTemplateId: string, overrides: Partial<TemplateStack> = {}): TemplateStack => ({
  name: catalogTemplateId,
  catalogTemplateId,
  version: null,
  answers: {},
  dockerCompose: null,
  rancherCompose: null,
  ...overrides,
})

const draft = (stacks: TemplateStack[], name = 'lab'): TemplateDraft => ({ name, description: '', isPublic: false, stacks })
const vxlanDraft = (name = 'lab') => draft([stack('network-services'), stack('vxlan')], name)

type Call = { method: string; url: string; ifMatch: string | null; body: unknown }
let calls: Call[] = []
let answer: { status: number; body: unknown } = { status: 201, body: null }

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
const refusal = (code: string, message: string, details?: unknown) => ({ status: code === 'VALIDATION_FAILED' || code === 'MULTIPLE_NETWORK_DRIVERS' ? 400 : 409, body: { error: { code, message, details }, requestId: 'req-1' } })

beforeEach(() => {
  calls = []
  fakeMonaco.reset()
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit = {}) => {
      const headers = (init.headers ?? {}) as Record<string, string>
      const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined
      calls.push({ method: init.method ?? 'GET', url, ifMatch: headers['if-match'] ?? null, body })
      // A saved template echoes what was sent, as the server does.
      const saved = answer.body ?? makeEnvironmentTemplate({ ...body, id: 'tpl-new', builtin: false, revision: 1 })
      return json(answer.status, saved)
    }),
  )
})
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
  answer = { status: 201, body: null }
})

function renderEditor(initial: TemplateDraft, template?: EnvironmentTemplate) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  const onSaved = vi.fn()
  render(
    <QueryClientProvider client={client}>
      <TemplateEditor initial={initial} catalog={makeCatalog()} template={template} onSaved={onSaved} cancelHref="/templates" />
    </QueryClientProvider>,
  )
  return { onSaved }
}

/** The text of the elements that describe a field (its hint and its messages). */
const description = (el: HTMLElement) =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent ?? '')
    .join(' ')

const save = () => fireEvent.click(screen.getByRole('button', { name: 'Save template' }))

describe('TemplateEditor: the answers form', () => {
  it('asks each question with an input of its kind, labelled with the question and described with its variable and default', () => {
    renderEditor(vxlanDraft())
    const answers = screen.getByRole('group', { name: 'Answers for Rancher VXLAN' })

    const subnet = within(answers).getByRole('textbox', { name: 'Subnet' }) as HTMLInputElement
    expect([subnet.value, subnet.placeholder]).toEqual(['', '10.42.0.0/16'])
    expect(description(subnet)).toContain('SUBNET')
    expect(description(subnet)).toContain('CIDR notation')
    expect(description(subnet)).toContain('Default: 10.42.0.0/16')
    const start = within(answers).getByRole('textbox', { name: 'Subnet Start Address' }) as HTMLInputElement
    expect(description(start)).toContain('An IPv4 address')

    const mtu = within(answers).getByRole('spinbutton', { name: 'MTU for the network' }) as HTMLInputElement
    expect([mtu.min, mtu.max, mtu.placeholder]).toEqual(['68', '9000', '1500'])
    expect((within(answers).getByRole('checkbox', { name: 'Enable Hairpin mode' }) as HTMLInputElement).checked).toBe(false)
    // Unanswered, a checkbox shows the default (true here).
    expect((within(answers).getByRole('checkbox', { name: 'Enable Promiscuous mode on the bridge' }) as HTMLInputElement).checked).toBe(true)
    const level = within(answers).getByRole('combobox', { name: 'Log level' })
    expect(within(level).getAllByRole('option').map((o) => o.textContent)).toEqual(['Default (info)', 'info', 'debug'])
    expect((within(answers).getByLabelText('PSK for IPsec') as HTMLInputElement).type).toBe('password')
    expect(within(answers).getByLabelText('Extra routes').tagName).toBe('TEXTAREA')
  })

  it('shows the rules as the operator types: an invalid CIDR, then a prefix that does not match the subnet, then hairpin with promiscuous', () => {
    renderEditor(vxlanDraft())
    const answers = screen.getByRole('group', { name: 'Answers for Rancher VXLAN' })
    const subnet = within(answers).getByRole('textbox', { name: 'Subnet' })
    const prefix = within(answers).getByRole('spinbutton', { name: 'IPAM Subnet Prefix' })

    fireEvent.change(subnet, { target: { value: '10.60.0.0/33' } })
    expect(subnet.getAttribute('aria-invalid')).toBe('true')
    expect(description(subnet)).toContain('SUBNET must be a CIDR such as 10.42.0.0/16, got "10.60.0.0/33"')

    fireEvent.change(subnet, { target: { value: '10.60.0.0/24' } })
    expect(subnet.getAttribute('aria-invalid')).toBeNull()
    // The prefix is left at its default, 16.
    expect(prefix.getAttribute('aria-invalid')).toBe('true')
    expect(description(prefix)).toContain('SUBNET_PREFIX must match the prefix of SUBNET (24 for 10.60.0.0/24), got 16')

    fireEvent.change(prefix, { target: { value: '24' } })
    expect(prefix.getAttribute('aria-invalid')).toBeNull()

    const hairpin = within(answers).getByRole('checkbox', { name: 'Enable Hairpin mode' })
    fireEvent.click(hairpin)
    expect(hairpin.getAttribute('aria-invalid')).toBe('true')
    expect(description(hairpin)).toContain('RANCHER_HAIRPIN_MODE cannot be true while RANCHER_PROMISCUOUS_MODE is true')
  })

  it('refuses to save while a rule fails, and says so', () => {
    renderEditor(draft([stack('network-services'), stack('vxlan', { answers: { SUBNET: '10.60.0.0/33' } })]))
    save()
    expect(screen.getByRole('alert').textContent).toBe('Fix the problem marked above before saving.')
    expect(calls).toEqual([])
  })
})

describe('TemplateEditor: Networking', () => {
  it('is a single choice: VXLAN replaces IPsec, says why, and keeps Network Services required', async () => {
    const { onSaved } = renderEditor(draft([stack('network-services'), stack('ipsec')]))
    const ipsec = screen.getByRole('radio', { name: 'IPsec' }) as HTMLInputElement
    const vxlan = screen.getByRole('radio', { name: 'VXLAN' }) as HTMLInputElement
    expect(ipsec.checked).toBe(true)
    const networkServices = screen.getByRole('checkbox', { name: 'Network Services' }) as HTMLInputElement
    expect([networkServices.checked, networkServices.disabled]).toEqual([true, true])
    expect(description(networkServices)).toContain('Required while a network driver is chosen')

    fireEvent.click(vxlan)
    expect([ipsec.checked, vxlan.checked]).toEqual([false, true])
    expect(screen.getByRole('status').textContent).toBe('VXLAN replaces IPsec: an environment takes one network driver.')
    expect(description(screen.getByRole('radiogroup', { name: 'Networking' }))).toContain('One network driver per environment')
    expect([networkServices.checked, networkServices.disabled]).toEqual([true, true])

    save()
    await waitFor(() => expect(onSaved).toHaveBeenCalled())
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ method: 'POST', url: '/api/v1/templates' })
    expect((calls[0].body as { stacks: TemplateStack[] }).stacks.map((s) => s.name)).toEqual(['network-services', 'vxlan'])
  })

  it('adds Network Services when a driver is chosen without it, and frees it again with no driver', () => {
    renderEditor(draft([stack('scheduler')]))
    const networkServices = screen.getByRole('checkbox', { name: 'Network Services' }) as HTMLInputElement
    expect(networkServices.checked).toBe(false)

    fireEvent.click(screen.getByRole('radio', { name: 'VXLAN' }))
    expect(screen.getByRole('status').textContent).toBe('Network Services was added: a network driver needs it.')
    expect([networkServices.checked, networkServices.disabled]).toEqual([true, true])

    fireEvent.click(screen.getByRole('radio', { name: 'None' }))
    expect(networkServices.disabled).toBe(false)
    fireEvent.click(networkServices)
    expect(networkServices.checked).toBe(false)
  })

  it('shows the error when a template (made through the API) has two drivers, with no driver chosen', () => {
    renderEditor(draft([stack('network-services'), stack('ipsec'), stack('vxlan')]))
    const networking = screen.getByRole('group', { name: 'Networking' })
    expect(within(networking).getByRole('alert').textContent).toContain('an environment takes one network driver')
    expect((screen.getByRole('radio', { name: 'IPsec' }) as HTMLInputElement).checked).toBe(false)
    expect((screen.getByRole('radio', { name: 'VXLAN' }) as HTMLInputElement).checked).toBe(false)

    fireEvent.click(screen.getByRole('radio', { name: 'VXLAN' }))
    expect(screen.getByRole('status').textContent).toBe('VXLAN replaces IPsec: an environment takes one network driver.')
    expect(within(networking).queryByRole('alert')).toBeNull()
  })

  it('shows a MULTIPLE_NETWORK_DRIVERS answer of the server in the Networking section', async () => {
    answer = refusal('MULTIPLE_NETWORK_DRIVERS', 'An environment takes one network driver; choose IPsec, VXLAN or none.')
    renderEditor(vxlanDraft())
    save()
    const networking = screen.getByRole('group', { name: 'Networking' })
    expect((await within(networking).findByRole('alert')).textContent).toContain('An environment takes one network driver; choose IPsec, VXLAN or none.')
  })
})

describe('TemplateEditor: saving', () => {
  it('puts a server error on the field its path names: stacks.1.answers.SUBNET is the subnet of the second stack sent', async () => {
    answer = refusal('VALIDATION_FAILED', 'Some fields are not valid.', [{ path: 'stacks.1.answers.SUBNET', message: 'SUBNET 192.0.2.0/24 overlaps the hosts’ network' }])
    renderEditor(vxlanDraft())
    const subnet = screen.getByRole('textbox', { name: 'Subnet' })
    fireEvent.change(subnet, { target: { value: '192.0.2.0/24' } })
    fireEvent.change(screen.getByRole('spinbutton', { name: 'IPAM Subnet Prefix' }), { target: { value: '24' } })
    save()

    await waitFor(() => expect(subnet.getAttribute('aria-invalid')).toBe('true'))
    expect(description(subnet)).toContain('SUBNET 192.0.2.0/24 overlaps the hosts’ network')
    expect((calls[0].body as { stacks: TemplateStack[] }).stacks[1]).toMatchObject({ name: 'vxlan', answers: { SUBNET: '192.0.2.0/24', SUBNET_PREFIX: '24' } })
    // Nothing else is blamed.
    expect(screen.getByRole('spinbutton', { name: 'IPAM Subnet Prefix' }).getAttribute('aria-invalid')).toBeNull()

    // Once the operator changes the answer, the live check speaks for it again.
    fireEvent.change(subnet, { target: { value: '10.60.0.0/24' } })
    expect(subnet.getAttribute('aria-invalid')).toBeNull()
    expect(description(subnet)).not.toContain('overlaps')
  })

  it('shows a taken name at the name', async () => {
    answer = refusal('NAME_TAKEN', 'An environment template named Cattle already exists.')
    renderEditor(vxlanDraft('Cattle'))
    save()
    const name = screen.getByRole('textbox', { name: 'Name' })
    await waitFor(() => expect(name.getAttribute('aria-invalid')).toBe('true'))
    expect(description(name)).toContain('An environment template named Cattle already exists.')
  })

  it('replaces an existing template with PUT and If-Match: its revision', async () => {
    const template = makeEnvironmentTemplate({ id: 'tpl-lab', name: 'lab', builtin: false, revision: 4 })
    answer = { status: 200, body: { ...template, revision: 5 } }
    const { onSaved } = renderEditor(vxlanDraft(), template)
    save()
    await waitFor(() => expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ id: 'tpl-lab', revision: 5 })))
    expect(calls[0]).toMatchObject({ method: 'PUT', url: '/api/v1/templates/tpl-lab', ifMatch: '4' })
  })

  it('keeps a customised compose in the template, and "Reset to catalog" drops it', async () => {
    renderEditor(vxlanDraft())
    const vxlan = screen.getByRole('group', { name: 'Rancher VXLAN settings' })
    fireEvent.click(within(vxlan).getByRole('button', { name: 'Customise compose' }))
    const editor = (await within(vxlan).findByLabelText('docker-compose.yml of Rancher VXLAN, compose file editor')) as HTMLTextAreaElement
    expect(editor.value).toContain('network_address: ${SUBNET}')

    fireEvent.change(editor, { target: { value: `${editor.value}  BROKEN: yes\n` } })
    await waitFor(() => expect(within(vxlan).getByRole('status').textContent).toBe('1 error, 0 warnings'), { timeout: 2000 })
    expect(await within(vxlan).findByText('custom compose')).toBeTruthy()

    save()
    await waitFor(() => expect(calls).toHaveLength(1))
    const sent = (calls[0].body as { stacks: TemplateStack[] }).stacks[1]
    expect(sent.dockerCompose).toContain('BROKEN: yes')
    expect(sent.rancherCompose).toBeNull()

    fireEvent.click(within(vxlan).getByRole('button', { name: 'Reset to catalog' }))
    expect(within(vxlan).queryByText('custom compose')).toBeNull()
    const fresh = (await within(vxlan).findByLabelText('docker-compose.yml of Rancher VXLAN, compose file editor')) as HTMLTextAreaElement
    expect(fresh.value).not.toContain('BROKEN')
  })
})
