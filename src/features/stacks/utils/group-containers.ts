import type { Container } from '../../../../core/api/index.ts'

/** One host's containers of one stack. */
export interface HostContainers {
  hostId: string | null
  /** The host's name; null for containers not placed on a host yet. */
  hostName: string | null
  containers: Container[]
}

const byName = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true })

/**
 * The containers of each stack, per host: what the Stacks screen shows under a stack's services
 * (a global service has one container on every active host, so a host without one stands out).
 * Removed containers are left out; hosts and containers are in name order, unplaced ones last.
 */
export function containersByStackAndHost(containers: readonly Container[]): Map<string, HostContainers[]> {
  const stacks = new Map<string, Map<string, HostContainers>>()
  for (const container of containers) {
    if (container.stackId === null || container.state === 'removed') continue
    let hosts = stacks.get(container.stackId)
    if (!hosts) {
      hosts = new Map()
      stacks.set(container.stackId, hosts)
    }
    const hostKey = container.hostId ?? ''
    let group = hosts.get(hostKey)
    if (!group) {
      group = { hostId: container.hostId, hostName: container.hostName, containers: [] }
      hosts.set(hostKey, group)
    }
    group.containers.push(container)
  }
  const out = new Map<string, HostContainers[]>()
  for (const [stackId, hosts] of stacks) {
    const groups = [...hosts.values()]
    for (const group of groups) group.containers.sort((a, b) => byName(a.name, b.name))
    groups.sort((a, b) => (a.hostName === null ? 1 : b.hostName === null ? -1 : byName(a.hostName, b.hostName)))
    out.set(stackId, groups)
  }
  return out
}
