import { describe, expect, it } from 'vitest'
import { interfaceWith, parseIpAddr } from './interfaces.ts'

// `ip -j addr show` in a lab host namespace (trimmed)
const sample = JSON.stringify([
  { ifname: 'lo', mtu: 65536, addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8 }] },
  { ifname: 'eth0', mtu: 1500, addr_info: [{ family: 'inet', local: '192.168.50.11', prefixlen: 24 }, { family: 'inet6', local: 'fe80::1', prefixlen: 64 }] },
  { ifname: 'docker0', mtu: 1450, addr_info: [{ family: 'inet', local: '10.42.0.1', prefixlen: 16 }, { family: 'inet', local: '10.42.0.2', prefixlen: 32 }] },
])

describe('parseIpAddr', () => {
  it('reports every interface but loopback with its IPv4 CIDRs and MTU', () => {
    const ifs = parseIpAddr(sample)
    expect(ifs).toEqual([
      { name: 'eth0', cidrs: ['192.168.50.11/24'], mtu: 1500 },
      { name: 'docker0', cidrs: ['10.42.0.1/16', '10.42.0.2/32'], mtu: 1450 },
    ])
    expect(interfaceWith(ifs, '192.168.50.11')?.name).toBe('eth0')
    expect(interfaceWith(ifs, '192.168.50.99')).toBeUndefined()
  })
})
