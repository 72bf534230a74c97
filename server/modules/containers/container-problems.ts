/**
 * The address problems a container shows as badges (Container.problems). Pure: the read
 * model passes what one joined row holds plus the environment's managed subnets, so a page of
 * containers costs no query per row. `duplicate-address` needs every other container and is
 * computed only for one container (duplicateProblems), never for a list.
 */
import type { ContainerProblem } from '../../../core/api/containers.ts'
import { type Cidr, cidrContains } from '../../../core/net/cidr.ts'
import { parseIpv4 } from '../../../core/net/ipv4.ts'

export interface ProblemInput {
  state: string
  networkMode: string
  /** The network the mode resolved to: null when it resolved to none (or it is gone). */
  network: { name: string; kind: string; state: string } | null
  /** The mode means "the environment's default network" (`managed`, or a labelled Docker CLI container). */
  onDefaultNetwork: boolean
  environmentHasDefaultNetwork: boolean
  /** `container:X`: X's name and whether X is gone. */
  sharesWith: { name: string; removed: boolean } | null
  /** The container's own managed IP and the range it was allocated from. */
  allocation: { address: string; addressNum: number; startNum: number; endNum: number; startAddress: string; endAddress: string; cidr: string } | null
  /** eth0 addresses as the agent reported them, with prefix (`10.42.0.7/16`). */
  reportedAddresses: string[]
  /** Every subnet of the environment's managed networks. */
  managedSubnets: Cidr[]
}

const isManagedKind = (kind: string) => !kind.startsWith('docker')
const bare = (address: string) => address.split('/')[0]

/** Reported eth0 addresses (without prefix) that lie in a managed subnet. */
export function managedAddressesOnEth0(reported: string[], managedSubnets: Cidr[]): string[] {
  const out: string[] = []
  for (const a of reported) {
    const ip = bare(a)
    const n = parseIpv4(ip)
    if (n !== null && managedSubnets.some((s) => cidrContains(s, n)) && !out.includes(ip)) out.push(ip)
  }
  return out
}

/** Every problem but `duplicate-address`; none for a removed container (it has no network left to be wrong). */
export function containerProblems(c: ProblemInput): ContainerProblem[] {
  if (c.state === 'removed') return []
  const problems: ContainerProblem[] = []

  const failed = networkFailure(c)
  if (failed) problems.push({ code: 'network-failed', message: failed })

  const managed = c.network !== null && isManagedKind(c.network.kind)
  const reported = c.reportedAddresses.map(bare)
  const alloc = c.allocation
  if (managed && c.state === 'running') {
    if (!alloc) {
      problems.push({ code: 'managed-ip-missing', message: `No managed IP is allocated to it on network ${c.network!.name}, although it runs on that network.` })
    } else if (reported.length > 0 && !reported.includes(alloc.address)) {
      problems.push({
        code: 'managed-ip-missing',
        message: `Its eth0 carries ${c.reportedAddresses.join(', ')} but not its managed IP ${alloc.address}.`,
      })
    }
  }

  // a container sharing X's netns sees X's addresses on eth0: they are not its own to judge
  const foreign = c.sharesWith ? [] : managedAddressesOnEth0(c.reportedAddresses, c.managedSubnets).filter((a) => a !== alloc?.address)
  if (foreign.length > 0) {
    const what = foreign.length === 1 ? `the managed-subnet address ${foreign[0]}` : `the managed-subnet addresses ${foreign.join(', ')}`
    problems.push({
      code: 'address-differs',
      message: alloc ? `Its eth0 carries ${what}, but IPAM allocated ${alloc.address} to it.` : `Its eth0 carries ${what}, which IPAM did not allocate to it.`,
    })
  }

  if (alloc && (alloc.addressNum < alloc.startNum || alloc.addressNum > alloc.endNum)) {
    problems.push({
      code: 'outside-subnet',
      message: `Its managed IP ${alloc.address} lies outside the range ${alloc.startAddress}–${alloc.endAddress} of subnet ${alloc.cidr}.`,
    })
  }
  return problems
}

function networkFailure(c: ProblemInput): string | null {
  if (c.sharesWith) {
    return c.sharesWith.removed ? `It shares the network namespace of ${c.sharesWith.name}, which was removed, so it has no network.` : null
  }
  if (c.onDefaultNetwork && !c.environmentHasDefaultNetwork) {
    return `The environment has no default network any more, so network mode ${JSON.stringify(c.networkMode)} resolves to nothing.`
  }
  if (!c.network) return `Network mode ${JSON.stringify(c.networkMode)} resolves to no network.`
  if (c.network.state !== 'active') return `Its network ${c.network.name} is ${c.network.state}, so its networking has failed.`
  return null
}

export interface DuplicateHolder {
  address: string
  name: string
  /** `allocated`: IPAM gave it the address; `reported`: its agent reports it on eth0. */
  how: 'allocated' | 'reported'
  removed: boolean
}

/** `duplicate-address` problems, one per address another container also holds. */
export function duplicateProblems(holders: DuplicateHolder[]): ContainerProblem[] {
  const byAddress = new Map<string, DuplicateHolder[]>()
  for (const h of holders) byAddress.set(h.address, [...(byAddress.get(h.address) ?? []), h])
  return [...byAddress].map(([address, hs]) => {
    const who = hs.map((h) => `${h.name} (${h.how === 'allocated' ? 'allocated to it' : h.removed ? 'removed in Paddock but still reported on its host' : 'on its eth0'})`)
    return { code: 'duplicate-address' as const, message: `${address} is also held by ${who.join(' and ')}.` }
  })
}
