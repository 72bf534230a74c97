import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { Finding } from '../../../../core/api/index.ts'
import { FindingsList } from './findings-list.tsx'

afterEach(cleanup)

const dockerBridge: Finding = {
  checkId: 'agent-ip.docker-bridge',
  severity: 'error',
  subject: { kind: 'host', id: 'hst_4', name: 'host-4' },
  message: 'host-4 registered with 172.17.0.1, an address of Docker’s bridge.',
  evidence: { agentIp: '172.17.0.1', interfaces: ['eth0 192.168.50.14/24', 'docker0 172.17.0.1/16'], previous: null },
  fix: '# On host-4, re-run the custom "Add Host" command\nsudo docker run -e CATTLE_AGENT_IP=192.168.50.14 …',
}
const blocked: Finding = {
  checkId: 'port.tunnel-blocked',
  severity: 'error',
  subject: { kind: 'hostPair', id: 'hst_2', name: 'host-2', peerId: 'hst_3', peerName: 'host-3', direction: 'outbound' },
  message: 'UDP 4500 from host-2 to host-3 is blocked.',
  evidence: { blocked: ['udp/4500'] },
  fix: 'iptables -I INPUT -p udp -s 192.168.50.12 --dport 4500 -j ACCEPT',
}

describe('FindingsList', () => {
  it('shows severity, check, a linked subject, evidence and a copyable fix per finding', () => {
    render(<FindingsList envId="env-1" findings={[dockerBridge, blocked]} />)
    const items = within(screen.getByRole('list', { name: 'Findings' })).getAllByRole('article')
    expect(items).toHaveLength(2)

    const first = within(items[0])
    expect(first.getByRole('heading', { level: 2 }).textContent).toBe('error agent-ip.docker-bridge on host-4')
    expect(first.getByRole('link', { name: 'host-4' }).getAttribute('href')).toBe('/environments/env-1/hosts/hst_4')
    expect(first.getByText('agentIp').nextElementSibling?.textContent).toBe('172.17.0.1')
    expect(first.getByText('interfaces').nextElementSibling?.textContent).toBe('eth0 192.168.50.14/24, docker0 172.17.0.1/16')
    expect(first.getByText('previous').nextElementSibling?.textContent).toBe('none')
    expect(first.getByLabelText('Fix for agent-ip.docker-bridge on host-4').textContent).toContain('CATTLE_AGENT_IP=192.168.50.14')
    expect(first.getByRole('button', { name: 'Copy the fix for agent-ip.docker-bridge on host-4' })).toBeTruthy()

    const pair = within(items[1])
    expect(pair.getByText(/Host pair/).parentElement?.textContent).toBe('Host pair: host-2 → host-3 (outbound)')
    expect(pair.getByRole('link', { name: 'host-3' }).getAttribute('href')).toBe('/environments/env-1/hosts/hst_3')
  })

  it('gives each finding an anchor other screens link to, and nests its headings where the checklist puts it', () => {
    render(<FindingsList envId="env-1" findings={[dockerBridge, { ...dockerBridge, message: 'again' }]} label="Findings on host-4" headingLevel={4} />)
    const items = within(screen.getByRole('list', { name: 'Findings on host-4' })).getAllByRole('article')
    expect(items.map((a) => a.id)).toEqual(['finding-agent-ip-docker-bridge-host-hst_4', 'finding-agent-ip-docker-bridge-host-hst_4-2'])
    expect(within(items[0]).getByRole('heading', { level: 4 }).textContent).toBe('error agent-ip.docker-bridge on host-4')
    expect(within(items[0]).getByRole('heading', { level: 5, name: 'Fix' })).toBeTruthy()
  })
})
