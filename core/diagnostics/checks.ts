// The checklist's catalogue: every check with its stable id, severity and title, and the one
// way a finding is made (its severity is always the check's). Kept apart from the runners so
// that every file of checks can make findings without importing the others.
import type { Finding } from '../api/findings.ts'

export type Severity = Finding['severity']
export type Subject = Finding['subject']

/** Every check, in the order findings of equal severity are listed. Ids are stable: clients key on them. */
export const CHECKS = [
  { id: 'network.no-driver', severity: 'error', title: 'No network driver or default network' },
  { id: 'network.multiple-drivers', severity: 'warning', title: 'More than one network driver' },
  { id: 'stack.network-services-unhealthy', severity: 'error', title: 'Network services not running' },
  { id: 'host.disconnected', severity: 'error', title: 'Host disconnected' },
  { id: 'agent-ip.loopback', severity: 'error', title: 'Agent IP is a loopback address' },
  { id: 'agent-ip.docker-bridge', severity: 'error', title: 'Agent IP is in the Docker bridge range' },
  { id: 'agent-ip.link-local', severity: 'error', title: 'Agent IP is link-local' },
  { id: 'agent-ip.duplicate', severity: 'error', title: 'Agent IP used by more than one host' },
  { id: 'agent-ip.not-on-interfaces', severity: 'warning', title: 'Agent IP not on the host’s interfaces' },
  { id: 'host.lan-overlaps-subnet', severity: 'error', title: 'Host network overlaps the managed subnet' },
  { id: 'host.router-missing', severity: 'error', title: 'Overlay router not running' },
  { id: 'host.mtu-mismatch', severity: 'error', title: 'Host NIC MTU below the network’s MTU' },
  { id: 'peer.unreachable', severity: 'error', title: 'Peer unreachable' },
  { id: 'port.tunnel-blocked', severity: 'error', title: 'Tunnel port blocked' },
  { id: 'container.managed-ip-missing', severity: 'error', title: 'Managed IP missing on eth0' },
  { id: 'ipam.lingering-on-host', severity: 'error', title: 'Removed container still on its host' },
  { id: 'ipam.duplicate-address', severity: 'error', title: 'Managed IP used by two containers' },
  { id: 'ipam.address-outside-subnet', severity: 'error', title: 'Managed IP outside the subnet' },
  { id: 'ipam.leaked-allocation', severity: 'warning', title: 'Allocation held by no container' },
  { id: 'container.mtu-mismatch', severity: 'warning', title: 'Container MTU differs from the network' },
  { id: 'metadata.slow', severity: 'warning', title: 'Metadata slow to reload' },
  // Not a network problem: a check that crashed on unexpected data says so instead of hiding it.
  { id: 'diagnostics.check-failed', severity: 'info', title: 'A check could not run' },
] as const satisfies ReadonlyArray<{ id: string; severity: Severity; title: string }>

export type CheckId = (typeof CHECKS)[number]['id']

export function finding(checkId: CheckId, subject: Subject, message: string, evidence: Record<string, unknown>, fix: string): Finding {
  const check = CHECKS.find((c) => c.id === checkId)!
  return { checkId, severity: check.severity, subject, message, evidence, fix }
}
