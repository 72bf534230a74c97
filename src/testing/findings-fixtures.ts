import type { Finding, FindingsList } from '../../core/api/index.ts'

/** Deterministic findings as the server's checks word them; pass overrides for what a test is about. */

const T0 = '2026-11-28T08:00:00.000Z'

export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    checkId: 'host.disconnected',
    severity: 'error',
    subject: { kind: 'host', id: 'host-1', name: 'lab-1' },
    message: 'lab-1 has sent no heartbeat for 95 s.',
    evidence: { lastHeartbeatAt: T0 },
    fix: 'Check that the agent container runs on lab-1.',
    ...overrides,
  }
}

type HostRef = { id: string; name: string }

/** `agent-ip.docker-bridge`: the host registered with docker0's 172.17.0.1 instead of its LAN address. */
export function dockerBridgeFinding(host: HostRef, lanIp = '192.168.50.14'): Finding {
  return makeFinding({
    checkId: 'agent-ip.docker-bridge',
    subject: { kind: 'host', id: host.id, name: host.name },
    message: `${host.name} registered with 172.17.0.1, an address of Docker's bridge (docker0, 172.17.0.0/16).`,
    evidence: { agentIp: '172.17.0.1', dockerBridge: '172.17.0.0/16', interfaces: [`eth0 ${lanIp}/24`, 'docker0 172.17.0.1/16'] },
    fix: `# On ${host.name}, re-run the custom "Add Host" command\nsudo docker run -e CATTLE_AGENT_IP=${lanIp} …`,
  })
}

/** `port.tunnel-blocked`: a tunnel port blocked in the direction from → to. */
export function tunnelBlockedFinding(from: HostRef, to: HostRef, port = 4500): Finding {
  return makeFinding({
    checkId: 'port.tunnel-blocked',
    subject: { kind: 'hostPair', id: from.id, name: from.name, peerId: to.id, peerName: to.name, direction: 'outbound' },
    message: `UDP ${port} from ${from.name} to ${to.name} is blocked.`,
    evidence: { blocked: [`udp/${port}`] },
    fix: `Open UDP ${port} from ${from.name} to ${to.name}.`,
  })
}

/** `peer.unreachable`: the connectivity check fails in the direction from → to. */
export function peerUnreachableFinding(from: HostRef, to: HostRef): Finding {
  return makeFinding({
    checkId: 'peer.unreachable',
    subject: { kind: 'hostPair', id: from.id, name: from.name, peerId: to.id, peerName: to.name, direction: 'outbound' },
    message: `${from.name} → ${to.name}: the connectivity check fails.`,
    evidence: { reportedBy: [`${from.name} (outbound)`] },
    fix: `Open the tunnel ports from ${from.name} to ${to.name}.`,
  })
}

/** `metadata.slow`: a host's metadata reloads in 12 s (≥ 10 s). */
export function metadataSlowFinding(host: HostRef): Finding {
  return makeFinding({
    checkId: 'metadata.slow',
    severity: 'warning',
    subject: { kind: 'host', id: host.id, name: host.name },
    message: `Metadata on ${host.name} took 12 s to reload.`,
    evidence: { reloadSeconds: 12 },
    fix: 'Keep environments at 50 hosts or fewer.',
  })
}

/** `network.multiple-drivers`: about the environment as a whole. */
export function multipleDriversFinding(env: HostRef): Finding {
  return makeFinding({
    checkId: 'network.multiple-drivers',
    severity: 'warning',
    subject: { kind: 'environment', id: env.id, name: env.name },
    message: `${env.name} has two network drivers.`,
    evidence: { drivers: ['ipsec', 'vxlan'] },
    fix: 'Remove one of the network driver stacks.',
  })
}

/** `container.managed-ip-missing`: a container whose eth0 lacks its managed IP. */
export function managedIpMissingFinding(container: HostRef): Finding {
  return makeFinding({
    checkId: 'container.managed-ip-missing',
    subject: { kind: 'container', id: container.id, name: container.name },
    message: `${container.name} has no managed IP on eth0.`,
    evidence: { eth0: ['172.17.0.2'] },
    fix: `Restart ${container.name}.`,
  })
}

export function makeFindingsList(items: Finding[], checkedAt = T0): FindingsList {
  return { items, nextCursor: null, checkedAt }
}
