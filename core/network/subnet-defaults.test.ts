import { describe, expect, it } from 'vitest'
import { type SubnetInput, type SubnetSpec, subnetWithDefaults } from './subnet-defaults.ts'

function ok(input: SubnetInput): SubnetSpec {
  const r = subnetWithDefaults(input)
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  return r.subnet
}

describe('subnetWithDefaults: defaults', () => {
  it.each<[string, SubnetInput, Omit<SubnetSpec, 'networkAddress' | 'cidrSize'>]>([
    [
      'the Rancher /16 (domain §1.8)',
      { networkAddress: '10.42.0.0/16' },
      { cidr: '10.42.0.0/16', gateway: '10.42.0.1', startAddress: '10.42.0.2', endAddress: '10.42.255.250', size: 65529 },
    ],
    [
      'a /24 from the CIDR suffix',
      { networkAddress: '10.42.10.0/24' },
      { cidr: '10.42.10.0/24', gateway: '10.42.10.1', startAddress: '10.42.10.2', endAddress: '10.42.10.250', size: 249 },
    ],
    [
      'no suffix and no cidr_size → /24',
      { networkAddress: '192.0.2.0' },
      { cidr: '192.0.2.0/24', gateway: '192.0.2.1', startAddress: '192.0.2.2', endAddress: '192.0.2.250', size: 249 },
    ],
    [
      'cidr_size without a suffix',
      { networkAddress: '198.51.100.0', cidrSize: 26 },
      { cidr: '198.51.100.0/26', gateway: '198.51.100.1', startAddress: '198.51.100.2', endAddress: '198.51.100.58', size: 57 },
    ],
    [
      'the suffix wins over cidr_size',
      { networkAddress: '10.42.0.0/16', cidrSize: 24 },
      { cidr: '10.42.0.0/16', gateway: '10.42.0.1', startAddress: '10.42.0.2', endAddress: '10.42.255.250', size: 65529 },
    ],
    [
      'the smallest subnet, /28',
      { networkAddress: '203.0.113.16/28' },
      { cidr: '203.0.113.16/28', gateway: '203.0.113.17', startAddress: '203.0.113.18', endAddress: '203.0.113.26', size: 9 },
    ],
    [
      'the largest subnet, /8',
      { networkAddress: '10.0.0.0/8' },
      { cidr: '10.0.0.0/8', gateway: '10.0.0.1', startAddress: '10.0.0.2', endAddress: '10.255.255.250', size: 16777209 },
    ],
    [
      'empty strings count as not set',
      { networkAddress: '192.0.2.0/24', startAddress: '', endAddress: '', gateway: '' },
      { cidr: '192.0.2.0/24', gateway: '192.0.2.1', startAddress: '192.0.2.2', endAddress: '192.0.2.250', size: 249 },
    ],
    [
      'explicit range and gateway',
      { networkAddress: '192.0.2.0/24', startAddress: '192.0.2.100', endAddress: '192.0.2.199', gateway: '192.0.2.254' },
      { cidr: '192.0.2.0/24', gateway: '192.0.2.254', startAddress: '192.0.2.100', endAddress: '192.0.2.199', size: 100 },
    ],
    [
      'a one-address range, gateway inside it',
      { networkAddress: '192.0.2.0/24', startAddress: '192.0.2.1', endAddress: '192.0.2.1' },
      { cidr: '192.0.2.0/24', gateway: '192.0.2.1', startAddress: '192.0.2.1', endAddress: '192.0.2.1', size: 1 },
    ],
  ])('%s', (_name, input, want) => {
    expect(ok(input)).toMatchObject(want)
  })

  it('reports network address and cidr size separately', () => {
    expect(ok({ networkAddress: '10.42.0.0/16' })).toMatchObject({ networkAddress: '10.42.0.0', cidrSize: 16 })
  })
})

describe('subnetWithDefaults: errors', () => {
  it.each<[string, SubnetInput, string, string]>([
    ['missing network', {}, 'subnet.network_address', 'network_address is required'],
    ['empty network', { networkAddress: '' }, 'subnet.network_address', 'network_address is required'],
    ['not an address', { networkAddress: 'ten.42' }, 'subnet.network_address', '"ten.42"'],
    ['suffix too small', { networkAddress: '10.0.0.0/7' }, 'subnet.network_address', 'prefix /7 is outside /8–/28'],
    ['suffix too large', { networkAddress: '192.0.2.0/30' }, 'subnet.network_address', 'prefix /30 is outside /8–/28'],
    ['suffix not a number', { networkAddress: '192.0.2.0/abc' }, 'subnet.network_address', '192.0.2.0/abc'],
    ['host bits (CIDR)', { networkAddress: '10.42.0.1/16' }, 'subnet.network_address', 'did you mean 10.42.0.0/16?'],
    ['host bits (cidr_size)', { networkAddress: '192.0.2.7', cidrSize: 24 }, 'subnet.network_address', 'did you mean 192.0.2.0/24?'],
    ['cidr_size too big', { networkAddress: '192.0.2.0', cidrSize: 29 }, 'subnet.cidr_size', 'cidr_size 29 is outside 8–28'],
    ['cidr_size not an integer', { networkAddress: '192.0.2.0', cidrSize: 24.5 }, 'subnet.cidr_size', '24.5'],
    ['start outside', { networkAddress: '192.0.2.0/24', startAddress: '198.51.100.2' }, 'subnet.start_address', 'start_address 198.51.100.2 is outside the subnet 192.0.2.0/24'],
    ['end outside', { networkAddress: '192.0.2.0/25', endAddress: '192.0.2.200' }, 'subnet.end_address', 'end_address 192.0.2.200 is outside the subnet 192.0.2.0/25'],
    ['start not an address', { networkAddress: '192.0.2.0/24', startAddress: '192.0.2.x' }, 'subnet.start_address', '"192.0.2.x" is not an IPv4 address'],
    ['start after end', { networkAddress: '192.0.2.0/24', startAddress: '192.0.2.200', endAddress: '192.0.2.100' }, 'subnet.start_address', 'start_address 192.0.2.200 is after end_address 192.0.2.100'],
    ['start after the default end', { networkAddress: '192.0.2.0/24', startAddress: '192.0.2.252' }, 'subnet.start_address', 'is after end_address 192.0.2.250'],
    ['end before the default start', { networkAddress: '192.0.2.0/24', endAddress: '192.0.2.1' }, 'subnet.end_address', 'start_address 192.0.2.2 is after end_address 192.0.2.1'],
    ['gateway on the network address', { networkAddress: '192.0.2.0/24', gateway: '192.0.2.0' }, 'subnet.gateway', 'network address'],
    ['gateway on the broadcast address', { networkAddress: '192.0.2.0/24', gateway: '192.0.2.255' }, 'subnet.gateway', 'broadcast address'],
    ['gateway outside', { networkAddress: '192.0.2.0/24', gateway: '203.0.113.1' }, 'subnet.gateway', 'outside the subnet'],
  ])('%s', (_name, input, path, message) => {
    const r = subnetWithDefaults(input)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toContainEqual({ path, message: expect.stringContaining(message) })
  })

  it('reports every bad field in one pass, under the caller’s path', () => {
    const r = subnetWithDefaults(
      { networkAddress: 'nope', startAddress: 'x', endAddress: 'y', gateway: 'z', cidrSize: 40 },
      'default_network.subnets.0',
    )
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.map((e) => e.path)).toEqual([
      'default_network.subnets.0.network_address',
      'default_network.subnets.0.cidr_size',
      'default_network.subnets.0.start_address',
      'default_network.subnets.0.end_address',
      'default_network.subnets.0.gateway',
    ])
  })
})
