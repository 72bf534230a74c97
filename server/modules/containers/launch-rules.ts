/**
 * The checks of a launch request that need no database: Rancher labels with a fixed syntax,
 * and ports the request publishes twice. Each problem names the field as the client sent it.
 */
import type { PortSpec } from '../../../core/api/containers.ts'
import type { ErrorDetail } from '../../../core/api/errors.ts'
import { parseRequestedIps, REQUESTED_IP_LABEL } from '../../../core/ipam/policy.ts'
import { NETWORK_LABEL } from '../../../core/network/modes.ts'
import { DNS_LABEL } from './container-dns.ts'
import { describePort, type PortOwner, publishedPorts, selfCollisions } from './ports.ts'

const BOOLEAN_LABELS = [DNS_LABEL, NETWORK_LABEL]

export function labelProblems(labels: Record<string, string>): ErrorDetail[] {
  const problems: ErrorDetail[] = []
  const requested = labels[REQUESTED_IP_LABEL]
  if (requested !== undefined) {
    for (const bad of parseRequestedIps(requested).invalid) {
      problems.push({ path: `labels.${REQUESTED_IP_LABEL}`, message: `${JSON.stringify(bad)} is not an IPv4 address (expected a comma list such as 10.42.0.10, 10.42.0.11)` })
    }
  }
  for (const label of BOOLEAN_LABELS) {
    const value = labels[label]
    if (value !== undefined && value !== 'true' && value !== 'false') {
      problems.push({ path: `labels.${label}`, message: `${label} must be "true" or "false", not ${JSON.stringify(value)}` })
    }
  }
  return problems
}

export function portProblems(ports: PortSpec[], owner: PortOwner): ErrorDetail[] {
  return selfCollisions(publishedPorts(ports, owner)).map(([later, earlier]) => ({
    path: `ports.${later.index}.publicPort`,
    message: `${describePort(later)} is already published by ports.${earlier.index} of this request`,
  }))
}
