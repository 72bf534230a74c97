import { describe, expect, it, vi } from 'vitest'
import type { Diagnostic } from '../../../../core/api/index.ts'
import { minimalEdit, revealDiagnostic, setDiagnosticMarkers } from './monaco-models.ts'

const diagnostic: Diagnostic = {
  file: 'docker-compose.yml.tpl',
  severity: 'warning',
  code: 'DNS_NO_METADATA',
  message: 'dns does not include 169.254.169.250',
  path: 'services.cni-driver.network_driver.default_network.dns',
  line: 2,
  column: 3,
  endLine: 2,
  endColumn: 6,
}

/** A stand-in for a Monaco text model of `lines`. */
function fakeModel(lines: string[]) {
  return { getLineCount: () => lines.length, getLineMaxColumn: (line: number) => lines[line - 1].length + 1 }
}

describe('setDiagnosticMarkers', () => {
  it("replaces the model's markers under Paddock's owner, clamped to the model", () => {
    const setModelMarkers = vi.fn()
    const model = fakeModel(['a: 1', 'dns:'])
    setDiagnosticMarkers({ setModelMarkers }, model as never, [diagnostic])
    expect(setModelMarkers).toHaveBeenCalledWith(model, 'paddock', [
      expect.objectContaining({ severity: 4, code: 'DNS_NO_METADATA', startLineNumber: 2, startColumn: 3, endLineNumber: 2, endColumn: 5 }),
    ])
  })

  it('clears the markers when there are no diagnostics', () => {
    const setModelMarkers = vi.fn()
    setDiagnosticMarkers({ setModelMarkers }, fakeModel(['a: 1']) as never, [])
    expect(setModelMarkers).toHaveBeenCalledWith(expect.anything(), 'paddock', [])
  })
})

describe('revealDiagnostic', () => {
  it('selects the range, scrolls it into view and focuses the editor', () => {
    const editor = {
      getModel: () => fakeModel(['x', '  dns: []']),
      setSelection: vi.fn(),
      revealRangeInCenterIfOutsideViewport: vi.fn(),
      focus: vi.fn(),
    }
    revealDiagnostic(editor, diagnostic)
    const range = { startLineNumber: 2, startColumn: 3, endLineNumber: 2, endColumn: 6 }
    expect(editor.setSelection).toHaveBeenCalledWith(range)
    expect(editor.revealRangeInCenterIfOutsideViewport).toHaveBeenCalledWith(range)
    expect(editor.focus).toHaveBeenCalled()
  })
})

describe('minimalEdit', () => {
  it('replaces only what changed', () => {
    expect(minimalEdit('mtu: 1500\nx', 'mtu: 1400\nx')).toEqual({ start: 6, end: 7, text: '4' })
    expect(minimalEdit('abc', 'abc')).toBeNull()
    expect(minimalEdit('', 'new')).toEqual({ start: 0, end: 0, text: 'new' })
    expect(minimalEdit('aaa', 'aa')).toEqual({ start: 2, end: 3, text: '' })
  })
})
