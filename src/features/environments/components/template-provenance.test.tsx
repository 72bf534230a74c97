import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { makeEnvironment } from '../../../testing/fixtures.ts'
import { EnvironmentDetails } from './environment-settings.tsx'

afterEach(cleanup)

describe('provenance on the settings page', () => {
  it('links the template the environment was created from while it exists', () => {
    render(<EnvironmentDetails environment={makeEnvironment({ templateRevision: 3 })} />)
    const section = screen.getByRole('region', { name: 'Provenance' })
    expect(section.textContent).toContain('Created from template Cattle (revision 3).')
    expect(screen.getByRole('link', { name: 'Cattle' }).getAttribute('href')).toBe('/templates/tpl-cattle')
  })

  it('keeps the name and revision once the template is deleted, without a link', () => {
    render(<EnvironmentDetails environment={makeEnvironment({ environmentTemplateId: null, templateRevision: 3 })} />)
    expect(screen.getByRole('region', { name: 'Provenance' }).textContent).toContain(
      'Created from template Cattle (revision 3); that template has since been deleted.',
    )
    expect(screen.queryByRole('link', { name: 'Cattle' })).toBeNull()
  })

  it('says so when the environment was made without a template', () => {
    render(<EnvironmentDetails environment={makeEnvironment({ environmentTemplateId: null, templateName: null, templateRevision: null })} />)
    expect(screen.getByText('Created without an environment template.')).toBeTruthy()
  })
})
