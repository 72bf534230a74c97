import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { CatalogTemplateVersion } from '../../../../core/api/index.ts'
import { makeCatalogVersion } from '../../../testing/fixtures.ts'
import { TryAnswers } from './try-answers.tsx'

afterEach(() => {
  cleanup()
  window.history.replaceState(null, '', '/')
})

const DOCKER = `version: '2'
services:
  cni-driver:
    image: rancher/net:v0.13.17
    network_driver:
      name: Rancher IPsec
      default_network:
        name: ipsec
        host_ports: {{ .Values.HOST_PORTS }}
        subnets:
        - network_address: $SUBNET
      cni_config:
        '10-rancher.conf':
          name: rancher-cni-network
          type: rancher-bridge
          bridge: docker0
          bridgeSubnet: $SUBNET
          mtu: \${MTU}
          linkMTUOverhead: 98
          ipam:
            type: rancher-cni-ipam
            subnetPrefixSize: /16
`

function version(): CatalogTemplateVersion {
  return makeCatalogVersion({
    questions: [
      { variable: 'MTU', label: 'MTU for the network', type: 'int', default: '1500', required: true, min: 68, max: 9000 },
      { variable: 'SUBNET', label: 'Subnet', type: 'string', default: '10.42.0.0/16', required: true, description: 'The managed subnet.' },
      { variable: 'HOST_PORTS', label: 'Enable Host Ports', type: 'boolean', default: 'true', required: true },
      { variable: 'MODE', label: 'Mode', type: 'enum', options: ['fast', 'safe'], default: 'safe', required: true },
      { variable: 'RANCHER_IPSEC_PSK', label: 'PSK for IPsec', type: 'password', default: '', required: false },
      { variable: 'EXTRA', label: 'Extra config', type: 'multiline', required: false },
    ],
    files: [
      { name: 'docker-compose.yml.tpl', content: DOCKER },
      { name: 'rancher-compose.yml', content: '.catalog:\n  name: Rancher IPsec\n  version: 0.2.5\n' },
    ],
  })
}

function renderAt(url: string) {
  window.history.replaceState(null, '', url)
  render(<TryAnswers version={version()} />)
  return screen.getByRole('form', { name: 'Answers for version 0.2.5' })
}

describe('TryAnswers', () => {
  it('generates one control per question type, defaults prefilled and required ones marked', () => {
    const form = renderAt('/catalog/ipsec')
    const mtu = within(form).getByRole('spinbutton', { name: 'MTU for the network' }) as HTMLInputElement
    expect(mtu.value).toBe('1500')
    expect([mtu.min, mtu.max, mtu.required]).toEqual(['68', '9000', true])
    expect((within(form).getByRole('textbox', { name: 'Subnet' }) as HTMLInputElement).value).toBe('10.42.0.0/16')
    expect(within(form).getByRole('textbox', { name: 'Subnet' }).getAttribute('aria-describedby')).toBeTruthy()
    expect(within(form).getByText(/The managed subnet\./)).toBeTruthy()
    expect((within(form).getByRole('checkbox', { name: 'Enable Host Ports' }) as HTMLInputElement).checked).toBe(true)
    const mode = within(form).getByRole('combobox', { name: 'Mode' }) as HTMLSelectElement
    expect(mode.value).toBe('safe')
    expect(within(mode).getAllByRole('option').map((o) => o.textContent)).toEqual(['fast', 'safe'])
    const psk = within(form).getByLabelText('PSK for IPsec') as HTMLInputElement
    expect([psk.type, psk.required]).toEqual(['password', false])
    expect(within(form).getByLabelText('Extra config').tagName).toBe('TEXTAREA')
  })

  it('checks answers as the server does, under each field, and keeps changed ones in the URL', () => {
    const form = renderAt('/catalog/ipsec')
    const mtu = within(form).getByRole('spinbutton', { name: 'MTU for the network' })
    fireEvent.change(mtu, { target: { value: '9500' } })
    expect(mtu.getAttribute('aria-invalid')).toBe('true')
    expect(document.getElementById(mtu.getAttribute('aria-describedby')!.split(' ')[1])!.textContent).toContain('MTU must be at most 9000, got 9500')
    expect(new URLSearchParams(window.location.search).get('answers.MTU')).toBe('9500')

    fireEvent.change(within(form).getByLabelText('PSK for IPsec'), { target: { value: 'secret' } })
    expect(new URLSearchParams(window.location.search).has('answers.RANCHER_IPSEC_PSK')).toBe(false)

    fireEvent.change(mtu, { target: { value: '1500' } })
    expect(mtu.getAttribute('aria-invalid')).toBeNull()
    expect(new URLSearchParams(window.location.search).has('answers.MTU')).toBe(false)
  })

  it('validates the rendered compose with the answers and shows what an answer caused under its field', async () => {
    const form = renderAt('/catalog/ipsec?answers.SUBNET=10.42.0.0%2F33')
    const subnet = within(form).getByRole('textbox', { name: 'Subnet' }) as HTMLInputElement
    expect(subnet.value).toBe('10.42.0.0/33')
    const problems = await screen.findByRole('list', { name: 'Problems of version 0.2.5 with these answers' }, { timeout: 15_000 })
    expect(problems.textContent).toContain('CIDR_PREFIX_RANGE')
    expect(problems.textContent).toMatch(/docker-compose\.yml\.tpl:11:\d+/)
    expect(subnet.getAttribute('aria-invalid')).toBe('true')
    expect(screen.getByLabelText('Contents of rendered docker-compose.yml').textContent).toContain('network_address: 10.42.0.0/33')

    fireEvent.click(screen.getByRole('button', { name: 'Reset to defaults' }))
    expect(subnet.value).toBe('10.42.0.0/16')
    expect(window.location.search).toBe('')
    await waitFor(() => expect(screen.getByRole('region', { name: 'Try answers' }).textContent).toContain('0 errors'), { timeout: 5000 })
    expect(screen.getByRole('region', { name: 'Try answers' }).textContent).not.toContain('CIDR_PREFIX_RANGE')
    expect(subnet.getAttribute('aria-invalid')).toBeNull()
  }, 20_000)
})
