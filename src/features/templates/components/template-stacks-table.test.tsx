import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { makeCatalogTemplate } from '../../../testing/fixtures.ts'
import { TemplateStacksTable } from './template-stacks-table.tsx'

afterEach(cleanup)

describe('TemplateStacksTable', () => {
  it('links each stack to its catalog page at the pinned version, and names the default version otherwise', () => {
    render(
      <TemplateStacksTable
        catalog={[makeCatalogTemplate()]}
        stacks={[
          { name: 'ipsec', catalogTemplateId: 'ipsec', version: null, answers: {}, dockerCompose: null, rancherCompose: null },
          { name: 'old-ipsec', catalogTemplateId: 'ipsec', version: '0.2.4', answers: { MTU: '1400' }, dockerCompose: null, rancherCompose: null },
        ]}
      />,
    )
    const table = screen.getByRole('table', { name: 'Infrastructure stacks of the template' })
    const [followsDefault, pinned] = within(table).getAllByRole('row').slice(1)

    expect(within(followsDefault).getByText('default (0.2.5)')).toBeTruthy()
    expect(within(followsDefault).getByRole('link', { name: 'Rancher IPsec' }).getAttribute('href')).toBe('/catalog/ipsec')
    expect(within(followsDefault).getByText('none: the catalog defaults apply')).toBeTruthy()

    expect(within(pinned).getByText('0.2.4')).toBeTruthy()
    expect(within(pinned).getByRole('link', { name: 'Rancher IPsec' }).getAttribute('href')).toBe('/catalog/ipsec?version=0.2.4')
    expect(within(pinned).getByText('MTU=1400')).toBeTruthy()
  })
})
