/**
 * How a simulated host answers an active probe: from its desired state (where the target
 * lives) and the lab's faults (which paths are cut), printed the way ping or a TCP connect
 * would print it, and saying that no real packet was sent.
 */
import type { DesiredState, ProbeResult } from '../../core/api/agent.ts'
import { parseCidr, cidrContains } from '../../core/net/cidr.ts'
import { parseIpv4 } from '../../core/net/ipv4.ts'
import type { AgentFaultState } from './lab-agent.ts'

type ProbeRequest = DesiredState['probes'][number]

/** Round trips the lab pretends: the bridge on one host, the overlay between two. */
export const LAB_RTT_MS = { sameHost: 0.05, crossHost: 0.4 }
const SIMULATED = '(simulated host: no real packets were sent)'
const PINGS = 3

/** Where the target lives: on this host, on a peer (by id), or nowhere the lab knows. */
function locate(desired: DesiredState, target: string): { where: 'local' } | { where: 'peer'; hostId: string; name: string } | { where: 'unknown' } {
  const bare = (ip: string | null) => ip?.split('/')[0] ?? null
  if (target === desired.routerIp || target === desired.driver?.gateway) return { where: 'local' }
  if (desired.containers.some((c) => c.desiredState !== 'removed' && bare(c.managedIp) === target)) return { where: 'local' }
  const peer = desired.peers.find((p) => p.routerIp === target || p.managedIps.includes(target))
  return peer ? { where: 'peer', hostId: peer.hostId, name: peer.name } : { where: 'unknown' }
}

/** Whether the lab's faults cut the overlay between this host and a peer, in either direction. */
function pathCut(faults: AgentFaultState, peerHostId: string): boolean {
  return (
    faults.routerStopped ||
    faults.peerDown.has(peerHostId) ||
    (faults.outboundBlocked.get(peerHostId)?.size ?? 0) > 0 ||
    faults.inboundBlocked.has(peerHostId) ||
    faults.peerSilent.has(peerHostId)
  )
}

function inManagedSubnet(desired: DesiredState, target: string): boolean {
  const ip = parseIpv4(target)
  if (ip === null) return false
  return (desired.driver?.subnets ?? []).some((s) => {
    const p = parseCidr(s)
    return p.ok && cidrContains(p.cidr, ip)
  })
}

function pingOk(target: string, rttMs: number): string {
  const ms = rttMs.toFixed(3)
  return [
    `PING ${target} (${target}) 56(84) bytes of data.`,
    ...Array.from({ length: PINGS }, (_, i) => `64 bytes from ${target}: icmp_seq=${i + 1} ttl=64 time=${ms} ms`),
    '',
    `--- ${target} ping statistics ---`,
    `${PINGS} packets transmitted, ${PINGS} received, 0% packet loss, time ${(PINGS - 1) * 1000}ms`,
    `rtt min/avg/max/mdev = ${ms}/${ms}/${ms}/0.000 ms`,
    SIMULATED,
  ].join('\n')
}

function pingLost(target: string, unreachableFrom: string | null): string {
  return [
    `PING ${target} (${target}) 56(84) bytes of data.`,
    ...(unreachableFrom ? Array.from({ length: PINGS }, (_, i) => `From ${unreachableFrom} icmp_seq=${i + 1} Destination Host Unreachable`) : []),
    '',
    `--- ${target} ping statistics ---`,
    `${PINGS} packets transmitted, 0 received, ${unreachableFrom ? `+${PINGS} errors, ` : ''}100% packet loss, time ${(PINGS - 1) * 1000}ms`,
    SIMULATED,
  ].join('\n')
}

/** The simulated answer to one probe of this host's desired state. */
export function simulateProbe(probe: ProbeRequest, desired: DesiredState, faults: AgentFaultState): ProbeResult {
  const tcp = probe.protocol === 'tcp'
  const fail = (detail: string): ProbeResult => ({ probeId: probe.id, ok: false, rttMs: null, detail })
  const from = desired.containers.find((c) => c.id === probe.fromContainerId)
  if (!from || from.desiredState !== 'running') {
    return fail(`container ${from?.name ?? probe.fromContainerId} is not running on this host: nothing to send from ${SIMULATED}`)
  }
  const place = locate(desired, probe.target)
  const reachable = place.where === 'local' || (place.where === 'peer' && !pathCut(faults, place.hostId))
  if (reachable) {
    const rttMs = place.where === 'local' ? LAB_RTT_MS.sameHost : LAB_RTT_MS.crossHost
    const detail = tcp ? `Connected to ${probe.target}:${probe.port} in ${rttMs.toFixed(3)} ms ${SIMULATED}` : pingOk(probe.target, rttMs)
    return { probeId: probe.id, ok: true, rttMs, detail }
  }
  // an address of the managed subnet that no container holds: the bridge's ARP gets no answer
  const noHolder = place.where === 'unknown' && inManagedSubnet(desired, probe.target)
  if (tcp) {
    const why = noHolder ? 'No route to host' : 'Connection timed out'
    return fail(`connect to ${probe.target} port ${probe.port} (tcp) failed: ${why} ${SIMULATED}`)
  }
  return fail(pingLost(probe.target, noHolder ? (from.managedIp?.split('/')[0] ?? null) : null))
}
