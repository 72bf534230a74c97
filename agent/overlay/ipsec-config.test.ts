import { describe, expect, it } from 'vitest'
import { initiates, swanctlConf, tsList } from './ipsec-config.ts'

const h1 = { hostId: 'hst_1', agentIp: '192.168.50.11', selectors: ['10.42.1.0/24'] }
const h2 = { hostId: 'hst_2', agentIp: '192.168.50.12', selectors: ['10.42.2.0/24'] }
const h10 = { hostId: 'hst_10', agentIp: '192.168.50.100', selectors: ['10.42.0.7', '10.42.0.9'] }

describe('swanctl.conf', () => {
  it('makes the lower agent IP the initiator that retries forever, the other side a responder', () => {
    const a = swanctlConf(h1, [h2], 'k')
    expect(a).toContain('start_action = start')
    expect(a).toContain('dpd_action = restart')
    expect(a).toContain('keyingtries = 0')
    const b = swanctlConf(h2, [h1], 'k')
    expect(b).toContain('start_action = none')
    expect(b).toContain('dpd_action = clear')
    // numeric, not string, order: .100 is higher than .12
    expect(initiates('192.168.50.12', '192.168.50.100')).toBe(true)
  })

  it('selects host slices, and /32s for a peer without a slice', () => {
    const conf = swanctlConf(h1, [h2, h10], 'k')
    expect(conf).toContain('local_ts = 10.42.1.0/24\n')
    expect(conf).toContain('remote_ts = 10.42.2.0/24\n')
    expect(conf).toContain('remote_ts = 10.42.0.7/32,10.42.0.9/32\n')
    expect(tsList(['10.42.0.7'])).toBe('10.42.0.7/32')
  })

  it('puts one key per line (a one-line block is discarded by swanctl) and quotes the PSK', () => {
    const conf = swanctlConf(h1, [h2], 'with "quotes" and spaces')
    expect(conf).toContain('secret = "with \\"quotes\\" and spaces"')
    for (const line of conf.split('\n')) expect(line.match(/=/g)?.length ?? 0).toBeLessThanOrEqual(1)
    expect(conf).toContain('encap = yes')
  })
})
