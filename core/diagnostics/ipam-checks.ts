// IPAM checks (domain §3.5): every allocation is held by a live container or host and lies
// where the overlay routes it, and every managed address on the wire belongs to exactly one
// container.
//
// What makes these go wrong in practice is the gap between the control plane and a host:
// Paddock removes a container and releases its address in one transaction, but the host only
// stops the container when its agent catches up (and confirms with a fact state `removed`).
// Until then the address is free in IPAM and still answered on the host, so the next
// container given it shares it with a ghost.
//
// Each check walks its inputs once with maps keyed by address or id: cost grows with the
// number of containers and allocations, never with their product.
import type { Finding } from '../api/findings.ts'
import { cidrContains } from '../net/cidr.ts'
import { formatIpv4, parseIpv4 } from '../net/ipv4.ts'
import { finding, type Subject } from './checks.ts'
import { addressOf, compare, containerSubject, envSubject, hostName, hostSubject, isLive, type Model } from './model.ts'
import type { SnapshotAllocation } from './snapshot.ts'

const REQUESTED_IP_LABEL = 'io.rancher.container.requested_ip'
/** Asks network-manager to run CNI with this exact address (domain §3.4). */
const CONTAINER_IP_LABEL = 'io.rancher.container.ip'

/** `10.42.0.9/16` or `10.42.0.9` inside one of the managed subnets → the address; else null. */
function managedAddress(m: Model, value: string): number | null {
  const ip = addressOf(value)
  return ip !== null && m.subnets.some((s) => cidrContains(s.block, ip)) ? ip : null
}

/** Inside some subnet's start…end: where IPAM hands addresses out (and reserves routers). */
const inRange = (m: Model, ip: number) => m.subnets.some((s) => s.start !== null && s.end !== null && ip >= s.start && ip <= s.end)

type Leak = 'host-gone' | 'container-gone' | 'no-holder'

/**
 * Why nobody holds an allocation any more, or null when somebody does. A router address
 * belongs to its host (the holder container only carries it), so its host decides first.
 */
function leakOf(m: Model, a: SnapshotAllocation): Leak | null {
  if (a.role === 'router' && (a.hostId === null || !m.hostById.has(a.hostId))) return 'host-gone'
  if (a.containerId !== null) return m.containerById.has(a.containerId) ? null : 'container-gone'
  return a.role === 'router' ? null : 'no-holder'
}

// ---------------------------------------------------------------------------------------

/**
 * §3.5: allocations come from a subnet's range (network+2 … network+size−6); an address
 * elsewhere is not routed by the overlay. Containers are judged on their managed IP;
 * allocations (when the snapshot has them) add what no container shows — a router address
 * whose holder is gone but whose host is not, a second allocation of one container.
 */
export function checkAllocations(m: Model): Finding[] {
  if (m.subnets.length === 0) return []
  const out: Finding[] = []
  const ranges = m.subnets.map((s) => `${s.text} (${s.startText}–${s.endText})`)
  const where = (ip: number) => {
    const inSubnet = m.subnets.find((s) => cidrContains(s.block, ip))
    return inSubnet
      ? `inside ${inSubnet.text} but outside its allocation range ${inSubnet.startText}–${inSubnet.endText} (network address, gateway and the last five are reserved)`
      : `outside the managed subnet${m.subnets.length > 1 ? 's' : ''} ${m.subnets.map((s) => s.text).join(', ')}`
  }
  for (const c of m.containers) {
    if (c.managedIp === null) continue
    const ip = parseIpv4(c.managedIp)
    // the router's address is reserved per host inside the range; the range bounds apply to both roles
    if (ip === null || inRange(m, ip)) continue
    const requested = c.labels[REQUESTED_IP_LABEL]
    out.push(
      finding(
        'ipam.address-outside-subnet',
        containerSubject(c),
        `${c.name} holds the managed IP ${c.managedIp}, ${where(ip)}: the overlay does not route it.`,
        { managedIp: c.managedIp, subnets: ranges, requestedIp: requested ?? null },
        [
          `# Re-create ${c.name} so IPAM allocates from the range${requested ? `; its label ${REQUESTED_IP_LABEL}=${requested} must name an address inside ${ranges.join(', ')}` : ''}`,
        ].join('\n'),
      ),
    )
  }
  for (const a of m.allocations ?? []) {
    const ip = parseIpv4(a.address)
    if (ip === null || inRange(m, ip)) continue
    const holder = a.containerId === null ? undefined : m.containerById.get(a.containerId)
    // named above through its container
    if (holder && holder.managedIp === a.address) continue
    // nobody holds it: that is ipam.leaked-allocation's finding
    if (leakOf(m, a) !== null) continue
    const host = a.role === 'router' && a.hostId !== null ? m.hostById.get(a.hostId)?.host : undefined
    const who = holder ? holder.name : host ? `The overlay router of ${host.name}` : a.address
    const subject: Subject = holder ? containerSubject(holder) : host ? hostSubject(host) : envSubject(m)
    out.push(
      finding(
        'ipam.address-outside-subnet',
        subject,
        `${who} holds the ${a.role === 'router' ? 'router address' : 'managed IP'} ${a.address}${a.subnetCidr ? ` (allocated from ${a.subnetCidr})` : ''}, ${where(ip)}: the overlay does not route it.`,
        { managedIp: a.address, role: a.role, allocatedFrom: a.subnetCidr, subnets: ranges },
        holder
          ? `# Re-create ${holder.name} so IPAM allocates from the range ${ranges.join(', ')}`
          : [
              '# Paddock cannot move an address it already handed out.',
              `# For a router address inside ${ranges.join(', ')} on ${host?.name ?? 'this host'}, create an environment from a template with that subnet and move the host and its workloads there.`,
            ].join('\n'),
      ),
    )
  }
  return out
}

/**
 * An allocation nobody holds: its container is removed (Paddock releases addresses in the
 * transaction that removes the container, so this is a row left behind) or its host is gone.
 * IPAM never hands the address out again; nothing else breaks, hence a warning.
 */
export function checkLeakedAllocations(m: Model): Finding[] {
  if (m.allocations === null) return []
  const out: Finding[] = []
  const subject: Subject = m.network ? { kind: 'network', id: m.network.id, name: m.network.name } : envSubject(m)
  const lingeringName = new Map(m.lingering.map((l) => [l.id, l.name]))
  for (const a of m.allocations) {
    const leak = leakOf(m, a)
    if (leak === null) continue
    const what = a.role === 'router' ? 'router address' : 'managed IP'
    let message: string
    if (leak === 'host-gone') {
      message = `${a.address} is still reserved as the router address of host ${a.hostId ?? '(none)'}, which is no longer in ${m.env.name}: IPAM keeps it and never hands it out again.`
    } else if (leak === 'container-gone') {
      const name = lingeringName.get(a.containerId!)
      message = `${a.address} is still allocated as the ${what} of container ${name ?? a.containerId}, which is removed${name ? ' (its host still reports it)' : ' or never existed'}: IPAM keeps it and never hands it out again.`
    } else {
      message = `${a.address} is allocated as a ${what} to no container: IPAM keeps it and never hands it out again.`
    }
    out.push(
      finding(
        'ipam.leaked-allocation',
        subject,
        message,
        { address: a.address, role: a.role, containerId: a.containerId, hostId: a.hostId, subnet: a.subnetCidr },
        [
          `# First make sure no host still uses ${a.address} (no ipam.lingering-on-host or ipam.duplicate-address finding names it), then release it:`,
          `curl -X DELETE <paddock>/api/v1/environments/${m.env.id}/ip-addresses/${a.address}`,
          '# Paddock refuses (409 ADDRESS_IN_USE) while a live container or host holds the address.',
        ].join('\n'),
      ),
    )
  }
  return out
}

/**
 * A container removed in Paddock that its host still reports, with a managed address on eth0:
 * the host has not removed it (or its agent has not confirmed). The address went back to IPAM,
 * so the next container given it shares it with this one.
 */
export function checkLingering(m: Model): Finding[] {
  if (m.lingering.length === 0) return []
  const out: Finding[] = []
  // addresses a lingering container still holds in IPAM (a leaked row): not handed out again
  const kept = new Map<string, Set<string>>()
  const ids = new Set(m.lingering.map((l) => l.id))
  for (const a of m.allocations ?? []) {
    if (a.containerId === null || !ids.has(a.containerId)) continue
    const set = kept.get(a.containerId) ?? new Set<string>()
    set.add(a.address)
    kept.set(a.containerId, set)
  }
  for (const l of m.lingering) {
    // facts from a host that stopped reporting describe the past; host.disconnected covers it
    if (!isLive(m, l.hostId)) continue
    const addresses = [...new Set(l.reportedAddresses.map((r) => managedAddress(m, r)).filter((ip): ip is number => ip !== null).map(formatIpv4))]
    if (addresses.length === 0) continue
    const host = hostName(m, l.hostId)
    const released = addresses.filter((a) => !kept.get(l.id)?.has(a))
    const one = released.length === 1
    const consequence =
      released.length === 0
        ? `its address is still reserved in IPAM, but the container should not exist any more.`
        : `Paddock released ${released.join(', ')}, so IPAM can give ${one ? 'it' : 'them'} to a new container and two containers would answer for one address.`
    out.push(
      finding(
        'ipam.lingering-on-host',
        { kind: 'container', id: l.id, name: l.name },
        `${l.name} was removed in Paddock, but ${host} has not confirmed the removal and still reports it ${l.reportedState} with ${addresses.join(', ')} on eth0: ${consequence}`,
        { host, reportedState: l.reportedState, addresses, reportedEth0: l.reportedAddresses, dockerIp: l.dockerIp },
        [
          `# On ${host}: remove the container Paddock no longer runs, then check that the agent runs (it removes containers that leave the desired state and confirms with state removed)`,
          `docker rm -f ${l.name}`,
          'docker ps -a --filter name=rancher-agent',
          'docker logs --tail 50 rancher-agent',
        ].join('\n'),
      ),
    )
  }
  return out
}

/** One container's claim on one managed address. */
interface Claim {
  id: string
  name: string
  hostId: string | null
  labels: Record<string, string>
  managedIp: string | null
  /** Removed in Paddock, still reported by its host. */
  removed: boolean
  /** IPAM allocated the address to it. */
  allocated: boolean
  /** Its host reports the address on its eth0. */
  onEth0: boolean
}

/** Allocated live containers first (the rightful holder leads), then other live ones, then removed ones; by name. */
const claimOrder = (a: Claim, b: Claim) =>
  Number(b.allocated && !b.removed) - Number(a.allocated && !a.removed) || Number(a.removed) - Number(b.removed) || compare(a.name, b.name) || compare(a.id, b.id)

function claimText(m: Model, c: Claim): string {
  const how = c.removed
    ? 'removed in Paddock, still on its eth0'
    : c.allocated
      ? c.onEth0
        ? 'allocated to it, on its eth0'
        : 'allocated to it, not on its eth0 yet'
      : 'on its eth0, not allocated to it'
  return `${c.name} on ${hostName(m, c.hostId)} (${how})`
}

/** What to do about one container that should not have the address. */
function claimFix(m: Model, c: Claim, address: string): string[] {
  const host = hostName(m, c.hostId)
  if (c.removed) return [`# On ${host}: ${c.name} was removed in Paddock but still runs there; remove it`, `docker rm -f ${c.name}`]
  if (c.allocated) return [`# ${c.name} on ${host} holds a second allocation of ${address}: re-create it (remove it and launch it again) so IPAM gives it a free address`]
  const asked = c.labels[CONTAINER_IP_LABEL]
  const label = asked !== undefined && addressOf(asked) === parseIpv4(address) ? ` Its label ${CONTAINER_IP_LABEL}=${asked} asks for it: launch it without that label.` : ''
  return [
    `# ${c.name} on ${host} carries ${address} although IPAM gave it ${c.managedIp ?? 'no managed IP'}: re-create it (remove it and launch it again) so it carries only its own address.${label}`,
  ]
}

/**
 * One managed address, two containers: reported on eth0 by two (live or lingering) containers,
 * or reported by one while allocated to another. One finding per address, about the
 * container IPAM gave it to (when one is live), naming every other claimant.
 */
export function checkDuplicates(m: Model): Finding[] {
  if (m.subnets.length === 0) return []
  const byAddress = new Map<number, Claim[]>()
  // one claim per (address, container), however often an agent repeats an address
  const seen = new Map<string, Claim>()
  const claim = (ip: number, base: Omit<Claim, 'allocated' | 'onEth0'>): Claim => {
    const key = `${ip}\u0000${base.removed ? 'removed' : 'live'}\u0000${base.id}`
    let c = seen.get(key)
    if (c) return c
    seen.set(key, (c = { ...base, allocated: false, onEth0: false }))
    const claims = byAddress.get(ip)
    if (claims) claims.push(c)
    else byAddress.set(ip, [c])
    return c
  }
  for (const c of m.containers) {
    const base = { id: c.id, name: c.name, hostId: c.hostId, labels: c.labels, managedIp: c.managedIp, removed: false }
    const allocated = c.managedIp === null ? null : parseIpv4(c.managedIp)
    if (allocated !== null) claim(allocated, base).allocated = true
    // `container:X` shares X's eth0 and `host` the host's: their addresses are not their own
    if (c.networkContainerId !== null || c.networkMode === 'host' || !isLive(m, c.hostId)) continue
    for (const r of c.reportedAddresses) {
      const ip = managedAddress(m, r)
      if (ip !== null) claim(ip, base).onEth0 = true
    }
  }
  for (const l of m.lingering) {
    if (!isLive(m, l.hostId)) continue
    const base = { id: l.id, name: l.name, hostId: l.hostId, labels: {}, managedIp: null, removed: true }
    for (const r of l.reportedAddresses) {
      const ip = managedAddress(m, r)
      if (ip !== null) claim(ip, base).onEth0 = true
    }
  }

  const out: Finding[] = []
  for (const [ip, unsorted] of byAddress) {
    if (unsorted.length < 2) continue
    const claims = [...unsorted].sort(claimOrder)
    const address = formatIpv4(ip)
    const lead = claims[0]
    const owner = lead.allocated && !lead.removed ? lead : null
    const hosts = [...new Set(claims.map((c) => hostName(m, c.hostId)))]
    out.push(
      finding(
        'ipam.duplicate-address',
        { kind: 'container', id: lead.id, name: lead.name },
        `${address} is used by ${claims.length} containers: ${claims.map((c) => claimText(m, c)).join('; ')}. Packets for ${address} reach one or the other, so connections to ${lead.name} fail or land in the wrong container.`,
        {
          address,
          containers: claims.map((c) => claimText(m, c)),
          containerIds: claims.map((c) => c.id),
          hosts,
          allocatedTo: owner?.name ?? null,
        },
        claims.filter((c) => c !== owner).flatMap((c) => claimFix(m, c, address)).join('\n'),
      ),
    )
  }
  return out
}
