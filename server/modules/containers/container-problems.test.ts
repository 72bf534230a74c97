import { describe, expect, it } from 'vitest'
import { parseCidr } from '../../../core/net/cidr.ts'
import { containerProblems, duplicateProblems, managedAddressesOnEth0, type ProblemInput } from './container-problems.ts'

const cidr = (text: string) => {
  const r = parseCidr(text)
  if (!r.ok) throw new Error(text)
  return r.cidr
}
const managedSubnets = [cidr('10.42.0.0/16')]
const allocation = { address: '10.42.0.7', addressNum: 0x0a2a0007, startNum: 0x0a2a0002, endNum: 0x0a2afffa, startAddress: '10.42.0.2', endAddress: '10.42.255.250', cidr: '10.42.0.0/16' }
const healthy: ProblemInput = {
  state: 'running',
  networkMode: 'managed',
  network: { name: 'ipsec', kind: 'cni', state: 'active' },
  onDefaultNetwork: true,
  environmentHasDefaultNetwork: true,
  sharesWith: null,
  allocation,
  reportedAddresses: ['172.17.0.2/16', '10.42.0.7/16'],
  managedSubnets,
}
const codes = (input: Partial<ProblemInput>) => containerProblems({ ...healthy, ...input }).map((p) => p.code)

describe('containerProblems', () => {
  it.each<[string, Partial<ProblemInput>, string[]]>([
    ['healthy', {}, []],
    ['not reported yet', { reportedAddresses: [] }, []],
    ['eth0 without the managed IP', { reportedAddresses: ['172.17.0.2/16'] }, ['managed-ip-missing']],
    ['no allocation at all', { allocation: null, reportedAddresses: ['172.17.0.2/16'] }, ['managed-ip-missing']],
    ['stopped without addresses', { state: 'stopped', reportedAddresses: [] }, []],
    ['another managed address', { reportedAddresses: ['172.17.0.2/16', '10.42.0.9/16'] }, ['managed-ip-missing', 'address-differs']],
    ['an extra managed address', { reportedAddresses: ['10.42.0.7/16', '10.42.0.9/16'] }, ['address-differs']],
    ['allocation outside the range', { allocation: { ...allocation, address: '10.42.0.1', addressNum: 0x0a2a0001 }, reportedAddresses: ['10.42.0.1/16'] }, ['outside-subnet']],
    ['network removed', { network: { name: 'ipsec', kind: 'cni', state: 'removed' } }, ['network-failed']],
    ['mode resolved to nothing', { network: null, allocation: null, reportedAddresses: [] }, ['network-failed']],
    ['no default network any more', { environmentHasDefaultNetwork: false }, ['network-failed']],
    ['a named network needs no default', { onDefaultNetwork: false, networkMode: 'ipsec', environmentHasDefaultNetwork: false }, []],
    ['removed container', { state: 'removed', network: null, reportedAddresses: ['10.42.0.9/16'] }, []],
    ['bridge mode', { network: { name: 'bridge', kind: 'dockerBridge', state: 'active' }, onDefaultNetwork: false, allocation: null, reportedAddresses: ['172.17.0.2/16'] }, []],
  ])('%s → %j', (_what, input, want) => {
    expect(codes(input)).toEqual(want)
  })

  it('judges a container sharing a namespace only by whether its target still exists', () => {
    const shared = { network: { name: 'container', kind: 'dockerContainer', state: 'active' }, onDefaultNetwork: false, allocation: null, reportedAddresses: ['10.42.0.9/16'] }
    expect(codes({ ...shared, sharesWith: { name: 'web-1', removed: false } })).toEqual([])
    const gone = containerProblems({ ...healthy, ...shared, sharesWith: { name: 'web-1', removed: true } })
    expect(gone).toEqual([{ code: 'network-failed', message: expect.stringContaining('web-1, which was removed') }])
  })

  it('names the addresses in each message', () => {
    const [missing, differs] = containerProblems({ ...healthy, reportedAddresses: ['172.17.0.2/16', '10.42.0.9/16'] })
    expect(missing.message).toBe('Its eth0 carries 172.17.0.2/16, 10.42.0.9/16 but not its managed IP 10.42.0.7.')
    expect(differs.message).toBe('Its eth0 carries the managed-subnet address 10.42.0.9, but IPAM allocated 10.42.0.7 to it.')
    const [outside] = containerProblems({ ...healthy, allocation: { ...allocation, address: '10.42.0.1', addressNum: 0x0a2a0001 }, reportedAddresses: [] })
    expect(outside.message).toBe('Its managed IP 10.42.0.1 lies outside the range 10.42.0.2–10.42.255.250 of subnet 10.42.0.0/16.')
  })
})

describe('managedAddressesOnEth0', () => {
  it('keeps managed-subnet addresses only, without prefix, once', () => {
    expect(managedAddressesOnEth0(['172.17.0.2/16', '10.42.0.7/16', '10.42.0.7/24', 'garbage'], managedSubnets)).toEqual(['10.42.0.7'])
  })
})

describe('duplicateProblems', () => {
  it('gives one problem per address naming every other holder', () => {
    const problems = duplicateProblems([
      { address: '10.42.0.7', name: 'web-2', how: 'allocated', removed: false },
      { address: '10.42.0.7', name: 'old', how: 'reported', removed: true },
      { address: '10.42.0.9', name: 'db', how: 'reported', removed: false },
    ])
    expect(problems).toEqual([
      { code: 'duplicate-address', message: '10.42.0.7 is also held by web-2 (allocated to it) and old (removed in Paddock but still reported on its host).' },
      { code: 'duplicate-address', message: '10.42.0.9 is also held by db (on its eth0).' },
    ])
  })
})
