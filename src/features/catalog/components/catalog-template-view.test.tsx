import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { makeCatalogTemplate } from '../../../testing/fixtures.ts'
import { CatalogTemplateView } from './catalog-template-view.tsx'

afterEach(() => {
  cleanup()
  window.history.replaceState(null, '', '/')
})

function renderAt(url: string) {
  window.history.replaceState(null, '', url)
  return render(<CatalogTemplateView template={makeCatalogTemplate()} />)
}

describe('CatalogTemplateView', () => {
  it('preselects the default version and shows its questions and compose files', () => {
    renderAt('/catalog/ipsec')
    const picker = screen.getByRole('combobox', { name: 'Version' }) as HTMLSelectElement
    expect(picker.value).toBe('0.2.5')
    expect(within(picker).getAllByRole('option').map((o) => o.textContent)).toEqual(['0.2.5 (default)', '0.2.4'])

    const questions = screen.getByRole('table', { name: 'Questions of version 0.2.5' })
    const mtu = within(questions).getByRole('row', { name: /MTU for the network/ })
    expect(within(mtu).getByText('1500')).toBeTruthy()
    expect(within(mtu).getByText('68 – 9000')).toBeTruthy()
    expect(within(questions).getByRole('row', { name: /PSK for IPsec/ }).textContent).toContain('(empty)')

    expect(screen.getByLabelText('Contents of docker-compose.yml.tpl').textContent).toContain('rancher/net:holder')
    expect(screen.getByRole('button', { name: 'Copy rancher-compose.yml' })).toBeTruthy()
  })

  it('restores the version from ?version= and keeps the choice in the URL', () => {
    renderAt('/catalog/ipsec?version=0.2.4')
    const picker = screen.getByRole('combobox', { name: 'Version' }) as HTMLSelectElement
    expect(picker.value).toBe('0.2.4')
    expect(within(screen.getByRole('table', { name: 'Questions of version 0.2.4' })).getByText('5000')).toBeTruthy()

    fireEvent.change(picker, { target: { value: '0.2.5' } })
    expect(window.location.search).toBe('?version=0.2.5')
    expect(screen.getByRole('table', { name: 'Questions of version 0.2.5' })).toBeTruthy()
  })

  it('says so when the URL names a version the template does not have', () => {
    renderAt('/catalog/ipsec?version=7.0.0')
    expect(screen.getByRole('status').textContent).toContain('no version 7.0.0')
    expect((screen.getByRole('combobox', { name: 'Version' }) as HTMLSelectElement).value).toBe('0.2.5')
  })
})
