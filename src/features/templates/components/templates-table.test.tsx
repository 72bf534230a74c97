import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CatalogTemplate, TemplateStack } from '../../../../core/api/index.ts'
import { makeEnvironmentTemplate } from '../../../testing/fixtures.ts'
import { makeCatalog } from '../../../testing/template-fixtures.ts'
import { TemplatesTable } from './templates-table.tsx'

afterEach(cleanup)

const stack = (id: string): TemplateStack => ({ name: id, catalogTemplateId: id, version: null, answers: {}, dockerCompose: null, rancherCompose: null })
const templates = [
  makeEnvironmentTemplate({ id: 'tpl-cattle', name: 'Cattle', stacks: ['network-services', 'ipsec', 'scheduler', 'healthcheck'].map(stack) }),
  makeEnvironmentTemplate({ id: 'tpl-vxlan', name: 'Cattle VXLAN', stacks: ['network-services', 'vxlan', 'scheduler', 'healthcheck'].map(stack) }),
  makeEnvironmentTemplate({ id: 'tpl-bare', name: 'Bare', builtin: false, isPublic: false, description: '', stacks: [stack('scheduler')] }),
  makeEnvironmentTemplate({ id: 'tpl-two', name: 'Two drivers', builtin: false, stacks: ['network-services', 'ipsec', 'vxlan'].map(stack) }),
]

function renderTable(catalog: CatalogTemplate[]) {
  const onCreateEnvironment = vi.fn()
  render(
    <QueryClientProvider client={new QueryClient()}>
      <TemplatesTable templates={templates} catalog={catalog} onCreateEnvironment={onCreateEnvironment} />
    </QueryClientProvider>,
  )
  const table = screen.getByRole('table', { name: 'Environment templates' })
  const row = (name: string) => within(table).getAllByRole('row').find((r) => within(r).queryByRole('link', { name }) !== null)!
  const column = (name: string) => within(table).getAllByRole('columnheader').findIndex((h) => h.textContent === name)
  const cell = (rowName: string, columnName: string) => within(row(rowName)).getAllByRole('cell')[column(columnName)].textContent
  return { row, cell, onCreateEnvironment }
}

describe('TemplatesTable', () => {
  it('shows the network driver of each template at a glance, and the other stacks by category', () => {
    const { cell } = renderTable(makeCatalog())
    expect(cell('Cattle', 'Network driver')).toBe('IPsec')
    expect(cell('Cattle VXLAN', 'Network driver')).toBe('VXLAN')
    expect(cell('Bare', 'Network driver')).toBe('none')
    expect(cell('Two drivers', 'Network driver')).toBe('IPsec + VXLANtwo drivers: an environment takes one')
    expect(cell('Cattle', 'Other infrastructure stacks')).toBe('Network Services: Network ServicesScheduling: SchedulerHealth: Healthcheck Service')
    expect(cell('Bare', 'Visibility')).toBe('private')
  })

  it('still tells the built-in drivers apart while the catalog is not loaded', () => {
    const { cell } = renderTable([])
    expect(cell('Cattle', 'Network driver')).toBe('IPsec')
    expect(cell('Cattle VXLAN', 'Network driver')).toBe('VXLAN')
  })

  it('offers Copy for a built-in template, Edit and Delete for the others, and creating an environment from each', async () => {
    const { row, onCreateEnvironment } = renderTable(makeCatalog())
    const cattle = row('Cattle')
    expect(within(cattle).getByRole('link', { name: 'Copy Cattle' }).getAttribute('href')).toBe('/templates/new?from=tpl-cattle')
    expect(within(cattle).queryByRole('button', { name: 'Delete template Cattle' })).toBeNull()

    const bare = row('Bare')
    expect(within(bare).getByRole('link', { name: 'Edit Bare' }).getAttribute('href')).toBe('/templates/tpl-bare/edit')
    fireEvent.click(within(bare).getByRole('button', { name: 'Delete template Bare' }))
    const dialog = screen.getByRole('dialog', { name: 'Delete environment template' })
    expect(dialog.textContent).toContain('Environments already created from it are not affected')
    const fetch = vi.fn(async () => new Response(null, { status: 204 }))
    vi.stubGlobal('fetch', fetch)
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete Bare' }))
    await waitFor(() => expect(fetch).toHaveBeenCalledWith('/api/v1/templates/tpl-bare', expect.objectContaining({ method: 'DELETE' })))
    vi.unstubAllGlobals()

    fireEvent.click(within(bare).getByRole('button', { name: 'Create environment from Bare' }))
    expect(onCreateEnvironment).toHaveBeenCalledWith('tpl-bare')
  })
})
