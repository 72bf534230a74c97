import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../../../core/api/index.ts'
import { countBySeverity, diagnosticRange, diagnosticsByFile, MARKER_OWNER, sortDiagnostics, toMarker } from './markers.ts'

function diag(overrides: Partial<Diagnostic> = {}): Diagnostic {
  return {
    file: 'docker-compose.yml.tpl',
    severity: 'error',
    code: 'CIDR_PREFIX_RANGE',
    message: 'prefix /33 is outside 8–28',
    path: 'services.cni-driver.network_driver.default_network.subnets.0.network_address',
    line: 97,
    column: 30,
    endLine: 97,
    endColumn: 42,
    ...overrides,
  }
}

describe('diagnostic → Monaco marker', () => {
  it.each([
    ['error', 8],
    ['warning', 4],
    ['info', 2],
  ] as const)('maps severity %s to MarkerSeverity %i', (severity, expected) => {
    expect(toMarker(diag({ severity })).severity).toBe(expected)
  })

  it('keeps 1-based lines and columns and the exclusive end column as they are', () => {
    expect(toMarker(diag())).toEqual({
      severity: 8,
      message: 'prefix /33 is outside 8–28',
      code: 'CIDR_PREFIX_RANGE',
      source: MARKER_OWNER,
      startLineNumber: 97,
      startColumn: 30,
      endLineNumber: 97,
      endColumn: 42,
    })
  })

  it('widens an empty range to one character so Monaco draws it', () => {
    expect(diagnosticRange({ line: 3, column: 5, endLine: 3, endColumn: 5 })).toEqual({
      startLineNumber: 3,
      startColumn: 5,
      endLineNumber: 3,
      endColumn: 6,
    })
  })

  it('keeps a multi-line range whose end column is left of its start column', () => {
    expect(diagnosticRange({ line: 2, column: 9, endLine: 4, endColumn: 3 })).toEqual({
      startLineNumber: 2,
      startColumn: 9,
      endLineNumber: 4,
      endColumn: 3,
    })
  })

  it('clamps a range to the model: past the last line, past the end of a line', () => {
    const bounds = { lineCount: 10, maxColumn: (line: number) => (line === 10 ? 8 : 20) }
    expect(diagnosticRange({ line: 12, column: 1, endLine: 12, endColumn: 4 }, bounds)).toEqual({
      startLineNumber: 10,
      startColumn: 1,
      endLineNumber: 10,
      endColumn: 4,
    })
    // "value missing" at the end of `bridgeSubnet:` (column 21 on a 19-character line)
    expect(diagnosticRange({ line: 4, column: 21, endLine: 4, endColumn: 21 }, bounds)).toEqual({
      startLineNumber: 4,
      startColumn: 19,
      endLineNumber: 4,
      endColumn: 20,
    })
  })

  it('never produces a line or column below 1', () => {
    expect(diagnosticRange({ line: 0, column: 0, endLine: 0, endColumn: 0 })).toEqual({
      startLineNumber: 1,
      startColumn: 1,
      endLineNumber: 1,
      endColumn: 2,
    })
  })
})

describe('diagnostics per file', () => {
  const files = ['docker-compose.yml.tpl', 'rancher-compose.yml']

  it('groups by file; a diagnostic without file goes to the first file; unknown files are left out', () => {
    const a = diag()
    const b = diag({ file: 'rancher-compose.yml', line: 3 })
    const c = diag({ file: undefined, line: 1 })
    const d = diag({ file: 'config.yml' })
    const byFile = diagnosticsByFile([a, b, c, d], files)
    expect(byFile.get('docker-compose.yml.tpl')).toEqual([a, c])
    expect(byFile.get('rancher-compose.yml')).toEqual([b])
    expect(byFile.has('config.yml')).toBe(false)
  })

  it('sorts by file order, line, column, then errors first', () => {
    const warning = diag({ severity: 'warning', line: 5, column: 1, code: 'DNS_NO_METADATA' })
    const error = diag({ severity: 'error', line: 5, column: 1 })
    const rancher = diag({ file: 'rancher-compose.yml', line: 1 })
    const later = diag({ line: 9 })
    expect(sortDiagnostics([rancher, later, warning, error], files)).toEqual([error, warning, later, rancher])
  })

  it('counts errors, warnings and infos', () => {
    expect(countBySeverity([diag(), diag({ severity: 'warning' }), diag(), diag({ severity: 'info' })])).toEqual({
      errors: 2,
      warnings: 1,
      infos: 1,
    })
  })
})
