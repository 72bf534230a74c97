import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { templateKeys } from '../../../lib/query-keys.ts'
import { makeEnvironmentTemplate } from '../../../testing/fixtures.ts'
import { CreateEnvironmentDialog } from './create-environment-dialog.tsx'

afterEach(cleanup)

function renderDialog(initialTemplateId: string | null) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } })
  client.setQueryData(templateKeys.list(), [
    makeEnvironmentTemplate({ id: 'tpl-vxlan', name: 'Cattle VXLAN' }),
    makeEnvironmentTemplate({ id: 'tpl-cattle', name: 'Cattle' }),
  ])
  render(
    <QueryClientProvider client={client}>
      <CreateEnvironmentDialog open initialTemplateId={initialTemplateId} onClose={() => {}} />
    </QueryClientProvider>,
  )
  return screen.getByRole('combobox', { name: 'Environment template' }) as HTMLSelectElement
}

describe('CreateEnvironmentDialog', () => {
  it('selects the template named Cattle by default', () => {
    expect(renderDialog(null).value).toBe('tpl-cattle')
  })

  it('selects the template it was opened for', () => {
    expect(renderDialog('tpl-vxlan').value).toBe('tpl-vxlan')
  })

  it('falls back to Cattle when the template it was opened for does not exist', () => {
    expect(renderDialog('tpl-gone').value).toBe('tpl-cattle')
  })
})
