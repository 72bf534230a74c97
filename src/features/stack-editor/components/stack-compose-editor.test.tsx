// Real Monaco does not run in jsdom (engineering/toolchain.md §4): monaco-setup and
// @monaco-editor/react are replaced by stand-ins (a textarea per editor, models in a Map) that
// keep the parts of the API the editor uses. Monaco itself is covered by e2e/editor.spec.ts.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Diagnostic, ValidateNetworkDriver } from '../../../../core/api/index.ts'
import { editorFilesOf } from '../utils/editor-files.ts'
import { fakeMonaco as fake } from '../../../testing/monaco-stand-in.tsx'
import { StackComposeEditor, type EditorActions, type EditorDraft } from './stack-compose-editor.tsx'

vi.mock('../../../components/yaml-editor/monaco-setup.ts', async () => ({ monaco: (await import('../../../testing/monaco-stand-in.tsx')).fakeMonaco.monaco }))
vi.mock('@monaco-editor/react', async () => (await import('../../../testing/monaco-stand-in.tsx')).monacoReactStandIn)

/** The core validator, reduced to one rule: a `/33` anywhere is an error on that line. */
const validator = vi.hoisted(() => ({
  validateNetworkDriver: vi.fn((input: ValidateNetworkDriver) => {
    const diagnostics: Diagnostic[] = []
    for (const file of input.files ?? []) {
      file.content.split('\n').forEach((text, i) => {
        const column = text.indexOf('/33')
        if (column >= 0) {
          diagnostics.push({
            file: file.name,
            severity: 'error',
            code: 'CIDR_PREFIX_RANGE',
            message: 'prefix /33 is outside 8–28',
            path: 'x',
            line: i + 1,
            // 1-based, the CIDR itself: `10.42.0.0/33`
            column: column - 9 + 1,
            endLine: i + 1,
            endColumn: column + 3 + 1,
          })
        }
      })
    }
    return { diagnostics, rendered: (input.files ?? []).map((f) => ({ name: f.name.replace(/\.tpl$/, ''), content: f.content })) }
  }),
}))
vi.mock('../../../../core/validate/index.ts', () => validator)

const DOCKER = "version: '2'\nservices:\n  cni-driver:\n    network_driver:\n      default_network:\n        subnets:\n          - network_address: {{ .Values.SUBNET }}\n"
const RANCHER = '.catalog:\n  name: Rancher IPsec\n'

function renderEditor(renderApply?: (draft: EditorDraft, actions: EditorActions) => ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  render(
    <QueryClientProvider client={client}>
      <StackComposeEditor
        envId="env-1"
        stackId="stk-ipsec"
        stackRevision={3}
        files={editorFilesOf({ dockerCompose: DOCKER, rancherCompose: RANCHER })}
        answers={{ SUBNET: '10.42.0.0/16' }}
        currentCni={null}
        renderApply={renderApply}
      />
    </QueryClientProvider>,
  )
}

const dockerPath = 'file:///paddock/environments/env-1/stacks/stk-ipsec/edit/docker-compose.yml.tpl'
const rancherPath = 'file:///paddock/environments/env-1/stacks/stk-ipsec/edit/rancher-compose.yml'
const markersFor = (path: string) => fake.setModelMarkers.mock.calls.filter(([model]) => model.uri.path === path).map(([, owner, markers]) => ({ owner, markers }))

beforeEach(() => {
  vi.useFakeTimers()
  fake.reset()
  validator.validateNetworkDriver.mockClear()
})
afterEach(() => {
  cleanup()
  vi.useRealTimers()
})

describe('StackComposeEditor (Monaco stand-in)', () => {
  it('validates both files with the answers as soon as both editors exist, and clears their markers', () => {
    renderEditor()
    expect(validator.validateNetworkDriver).toHaveBeenCalledTimes(1)
    expect(validator.validateNetworkDriver).toHaveBeenCalledWith({
      files: [
        { name: 'docker-compose.yml.tpl', content: DOCKER },
        { name: 'rancher-compose.yml', content: RANCHER },
      ],
      answers: { SUBNET: '10.42.0.0/16' },
    })
    expect(markersFor(dockerPath)).toEqual([{ owner: 'paddock', markers: [] }])
    expect(markersFor(rancherPath)).toEqual([{ owner: 'paddock', markers: [] }])
    expect(screen.getAllByRole('status').some((s) => /^0 errors, 0 warnings · validated in [\d.]+ ms$/.test(s.textContent ?? ''))).toBe(true)
  })

  it('re-validates 300 ms after typing stops, sets markers on the right model and never resets the text', () => {
    renderEditor()
    const editor = screen.getByLabelText('docker-compose.yml.tpl, compose file editor') as HTMLTextAreaElement
    const typed = DOCKER.replace('{{ .Values.SUBNET }}', '10.42.0.0/3')
    fireEvent.change(editor, { target: { value: typed } })
    act(() => vi.advanceTimersByTime(200))
    fireEvent.change(editor, { target: { value: `${typed}`.replace('/3', '/33') } })
    act(() => vi.advanceTimersByTime(299))
    expect(validator.validateNetworkDriver).toHaveBeenCalledTimes(1)
    act(() => vi.advanceTimersByTime(1))
    expect(validator.validateNetworkDriver).toHaveBeenCalledTimes(2)

    const last = markersFor(dockerPath).at(-1)
    expect(last).toEqual({
      owner: 'paddock',
      markers: [
        {
          severity: 8,
          message: 'prefix /33 is outside 8–28',
          code: 'CIDR_PREFIX_RANGE',
          source: 'paddock',
          startLineNumber: 7,
          startColumn: 30,
          endLineNumber: 7,
          endColumn: 42,
        },
      ],
    })
    expect(markersFor(rancherPath).at(-1)).toEqual({ owner: 'paddock', markers: [] })
    expect(editor.value).toContain('10.42.0.0/33')
    const problems = screen.getByRole('region', { name: 'Problems' })
    expect(within(problems).getByRole('button').textContent).toContain('docker-compose.yml.tpl 7:30')
    expect(screen.getByRole('tab', { name: /docker-compose.yml.tpl/ }).textContent).toContain('1 problem')
    expect(screen.getAllByRole('status').some((s) => /^1 error, 0 warnings · validated in .* · edited, not applied$/.test(s.textContent ?? ''))).toBe(true)
  })

  it('reveals a problem of the other file: switches to its tab and selects the range in its editor', () => {
    renderEditor()
    const rancher = screen.getByLabelText('rancher-compose.yml, compose file editor')
    fireEvent.change(rancher, { target: { value: `${RANCHER}subnet: 10.42.0.0/33\n` } })
    act(() => vi.advanceTimersByTime(300))
    expect(screen.getByRole('tab', { name: /docker-compose/ }).getAttribute('aria-selected')).toBe('true')

    fireEvent.click(within(screen.getByRole('region', { name: 'Problems' })).getByRole('button'))
    expect(screen.getByRole('tab', { name: /rancher-compose/ }).getAttribute('aria-selected')).toBe('true')
    const editor = fake.editors.get(rancherPath)
    expect(editor?.setSelection).toHaveBeenCalledWith({ startLineNumber: 3, startColumn: 9, endLineNumber: 3, endColumn: 21 })
    expect(editor?.focus).toHaveBeenCalled()
    expect(fake.editors.get(dockerPath)?.setSelection).not.toHaveBeenCalled()
  })

  it('shows the rendered text in the preview and offers to discard the edit', () => {
    renderEditor((draft, actions) => (
      <button type="button" onClick={() => actions.replaceTexts({ dockerCompose: 'replaced', rancherCompose: RANCHER })}>
        {`Apply… (revision ${draft.stackRevision}, ${draft.dirty ? 'edited' : 'as stored'})`}
      </button>
    ))
    const preview = screen.getByLabelText("docker-compose.yml rendered with the stack's answers") as HTMLTextAreaElement
    expect(preview.value).toBe(DOCKER)
    const discard = screen.getByRole('button', { name: 'Discard changes' }) as HTMLButtonElement
    expect(discard.disabled).toBe(true)
    fireEvent.change(screen.getByLabelText('docker-compose.yml.tpl, compose file editor'), { target: { value: `${DOCKER}# edited\n` } })
    act(() => vi.advanceTimersByTime(300))
    expect(fake.models.get('file:///paddock/environments/env-1/stacks/stk-ipsec/rendered/docker-compose.yml')?.getValue()).toBe(`${DOCKER}# edited\n`)
    expect(discard.disabled).toBe(false)
    expect(screen.getByRole('button', { name: 'Apply… (revision 3, edited)' })).toBeTruthy()
    // what the apply flow may do: replace the texts (an undoable edit, as Discard is)
    fireEvent.click(screen.getByRole('button', { name: 'Apply… (revision 3, edited)' }))
    expect(fake.models.get(dockerPath)?.getValue()).toBe('replaced')
  })
})
