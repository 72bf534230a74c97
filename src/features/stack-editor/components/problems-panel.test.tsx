import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Diagnostic } from '../../../../core/api/index.ts'
import { revealDiagnostic } from '../utils/monaco-models.ts'
import { ProblemsPanel } from './problems-panel.tsx'

afterEach(cleanup)

const cidr: Diagnostic = {
  file: 'docker-compose.yml.tpl',
  severity: 'error',
  code: 'CIDR_PREFIX_RANGE',
  message: 'subnet 10.42.0.0/33: the prefix must be 8–28',
  path: 'services.cni-driver.network_driver.default_network.subnets.0.network_address',
  line: 96,
  column: 30,
  endLine: 96,
  endColumn: 42,
}
const dns: Diagnostic = {
  file: 'rancher-compose.yml',
  severity: 'warning',
  code: 'DNS_NO_METADATA',
  message: 'dns does not include 169.254.169.250',
  path: 'ipsec.network_driver.default_network.dns',
  line: 4,
  column: 7,
  endLine: 4,
  endColumn: 10,
}
const whole: Diagnostic = { ...dns, file: undefined, severity: 'info', code: 'NOTE', message: 'a note', line: 1, column: 1, endLine: 1, endColumn: 2 }

function renderPanel(diagnostics: Diagnostic[], onReveal = vi.fn()) {
  render(<ProblemsPanel diagnostics={diagnostics} defaultFile="docker-compose.yml.tpl" onReveal={onReveal} />)
  return { onReveal, region: screen.getByRole('region', { name: 'Problems' }) }
}

describe('ProblemsPanel', () => {
  it('lists every diagnostic with severity, file, line:column, message and code, and counts them', () => {
    const { region } = renderPanel([cidr, dns, whole])
    const entries = within(region).getAllByRole('button')
    expect(entries).toHaveLength(3)
    expect(entries[0].textContent).toBe('✖Errordocker-compose.yml.tpl 96:30subnet 10.42.0.0/33: the prefix must be 8–28CIDR_PREFIX_RANGE')
    expect(entries[1].textContent).toContain('Warning')
    expect(entries[1].textContent).toContain('rancher-compose.yml 4:7')
    // no file: the request as a whole, shown against the first file
    expect(entries[2].textContent).toContain('docker-compose.yml.tpl 1:1')
    expect(within(region).getByText('1 error, 1 warning, 1 info')).toBeTruthy()
  })

  it('says so when there is nothing to report', () => {
    const { region } = renderPanel([])
    expect(within(region).getByText(/No problems/)).toBeTruthy()
    expect(within(region).getByText('0 errors, 0 warnings')).toBeTruthy()
  })

  it('reveals a diagnostic on click and on Enter', () => {
    const { onReveal, region } = renderPanel([cidr, dns])
    const [first, second] = within(region).getAllByRole('button')
    fireEvent.click(second)
    expect(onReveal).toHaveBeenLastCalledWith(dns)
    fireEvent.keyDown(first, { key: 'Enter' })
    expect(onReveal).toHaveBeenLastCalledWith(cidr)
    expect(onReveal).toHaveBeenCalledTimes(2)
  })

  it('is one tab stop; arrow keys, Home and End move through the entries', () => {
    const { region } = renderPanel([cidr, dns, whole])
    const buttons = within(region).getAllByRole('button')
    expect(buttons.map((b) => b.tabIndex)).toEqual([0, -1, -1])
    buttons[0].focus()
    fireEvent.keyDown(buttons[0], { key: 'ArrowDown' })
    expect(document.activeElement).toBe(buttons[1])
    expect(buttons.map((b) => b.tabIndex)).toEqual([-1, 0, -1])
    fireEvent.keyDown(buttons[1], { key: 'End' })
    expect(document.activeElement).toBe(buttons[2])
    fireEvent.keyDown(buttons[2], { key: 'ArrowDown' })
    expect(document.activeElement).toBe(buttons[2])
    fireEvent.keyDown(buttons[2], { key: 'Home' })
    expect(document.activeElement).toBe(buttons[0])
    fireEvent.keyDown(buttons[0], { key: 'ArrowUp' })
    expect(document.activeElement).toBe(buttons[0])
  })

  it('selects exactly the diagnostic range in the editor it reveals in (click and Enter)', () => {
    const editor = {
      getModel: () => ({ getLineCount: () => 120, getLineMaxColumn: () => 60 }),
      setSelection: vi.fn(),
      revealRangeInCenterIfOutsideViewport: vi.fn(),
      focus: vi.fn(),
    }
    const { region } = renderPanel([cidr, dns], vi.fn((d: Diagnostic) => revealDiagnostic(editor, d)))
    const [first, second] = within(region).getAllByRole('button')
    fireEvent.click(first)
    expect(editor.setSelection).toHaveBeenLastCalledWith({ startLineNumber: 96, startColumn: 30, endLineNumber: 96, endColumn: 42 })
    expect(editor.revealRangeInCenterIfOutsideViewport).toHaveBeenLastCalledWith({ startLineNumber: 96, startColumn: 30, endLineNumber: 96, endColumn: 42 })
    fireEvent.keyDown(second, { key: 'Enter' })
    expect(editor.setSelection).toHaveBeenLastCalledWith({ startLineNumber: 4, startColumn: 7, endLineNumber: 4, endColumn: 10 })
    expect(editor.focus).toHaveBeenCalledTimes(2)
  })
})
