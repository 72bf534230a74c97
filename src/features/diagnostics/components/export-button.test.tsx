import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { apiPaths, type DiagnosticsExport } from '../../../../core/api/index.ts'
import { makeMatrix, stubApi } from '../../../testing/diagnostics-fixtures.ts'
import { ExportButton } from './export-button.tsx'

afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const exported: DiagnosticsExport = {
  generatedAt: '2026-11-28T08:00:00.000Z',
  environment: { id: 'env-1', name: 'lab' },
  summary: '# lab\n\n1 error: UDP 4500 from lab-2 to lab-3 is blocked.',
  findings: [],
  matrix: makeMatrix(['-p', 'o-']),
  timeline: [],
  snapshot: {},
}

describe('ExportButton', () => {
  it('downloads the JSON from the export route, and copies the summary asked for on demand', async () => {
    const api = stubApi(({ url }) => (url.pathname === apiPaths.diagnosticsExport('env-1') ? { body: exported } : undefined))
    const writeText = vi.fn(async () => {})
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    render(<ExportButton envId="env-1" />)

    const link = screen.getByRole('link', { name: 'Export for a support ticket' })
    expect(link.getAttribute('href')).toBe('/api/v1/environments/env-1/diagnostics/export?download=1')
    expect(link.hasAttribute('download')).toBe(true)
    // Nothing is fetched until the summary is asked for.
    expect(api.requests()).toEqual([])

    fireEvent.click(screen.getByRole('button', { name: 'Copy summary' }))
    expect(await screen.findByText('Summary copied')).toBeTruthy()
    expect(writeText).toHaveBeenCalledWith(exported.summary)
  })

  it('shows the summary for copying by hand when the clipboard refuses', async () => {
    stubApi(() => ({ body: exported }))
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: () => Promise.reject(new Error('denied')) } })
    render(<ExportButton envId="env-1" />)
    fireEvent.click(screen.getByRole('button', { name: 'Copy summary' }))
    const box = await screen.findByRole('textbox', { name: 'Copy failed: select the summary and copy it' })
    expect((box as HTMLTextAreaElement).value).toBe(exported.summary)
  })
})
