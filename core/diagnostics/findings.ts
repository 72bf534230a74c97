// The troubleshooting checklist, run automatically (issue 6 item 3; domain §4 and §5).
//
// runChecks(snapshot) walks the documented cross-host checklist over one topology snapshot
// and answers one finding per problem, each with the facts it relied on (evidence) and a
// concrete fix. It is a pure function: no clock but the `now` it is given, no I/O, the same
// findings in the same order for the same input, and it never throws — a snapshot is built
// from what agents reported, and agents report all sorts of things.
//
// Shape of the engine:
//
//   snapshot ──read()──▶ Model (model.ts: clean values, lookup maps, which hosts are live)
//                          │
//                          ├─ environment checks   network.*, stack.*
//                          ├─ host checks          host.*, agent-ip.*, metadata.slow
//                          ├─ container checks     container.*, ipam.* (ipam-checks.ts)
//                          └─ host-pair checks     peer.unreachable, port.tunnel-blocked
//                          ▼
//                     findings, sorted by severity, then check, then subject
//
// CHECKS (checks.ts) lists every check with its stable id; the runners below name them.
//
// Every check reads reported facts only (DESIGN.md: "Diagnostics read only what agents
// reported"); when a fact was not reported the check says nothing rather than guess.
import type { Finding } from '../api/findings.ts'
import { cidrContains, cidrOverlaps, cidrSize, formatCidr, parseCidr, type Cidr } from '../net/cidr.ts'
import { formatIpv4, parseIpv4 } from '../net/ipv4.ts'
import { CHECKS, finding, type Severity } from './checks.ts'
import { checkAllocations, checkDuplicates, checkLeakedAllocations, checkLingering } from './ipam-checks.ts'
import {
  addressOf,
  compare,
  containerSubject,
  envSubject,
  hostName,
  hostSubject,
  managedContainers,
  networkServicesStack,
  pairSubject,
  read,
  serviceContainer,
  type HostFacts,
  type HostRecord,
  type Model,
} from './model.ts'
import { blockedPortChecks, failingPeerResults, PairScratch } from './peer-results.ts'
import type { DiagnosticsSnapshot, SnapshotContainer, SnapshotPeerResult } from './snapshot.ts'

export { CHECKS, type CheckId } from './checks.ts'

/** §3.11 (Rancher support KB): reload should take 1–2 s; 10 s or more means metadata cannot keep up. */
export const METADATA_SLOW_MS = 10_000

// Address classes a tunnel endpoint must never be (§4 item 2, §5 failure mode 1).
const LOOPBACK = cidr('127.0.0.0/8')
const LINK_LOCAL = cidr('169.254.0.0/16')
/** Docker's default bridge (docker0, 172.17.0.0/16); every host has it, so it names no host (§3.7). */
const DOCKER_BRIDGE = cidr('172.17.0.0/16')
/** Where a free managed subnet is suggested from (the default 10.42.0.0/16 lives here). */
const PRIVATE_10 = cidr('10.0.0.0/8')

const MTU_OVERHEAD_LABEL = 'io.rancher.cni.link_mtu_overhead'

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 }
const CHECK_RANK = new Map<string, number>(CHECKS.map((c, i) => [c.id, i]))

function cidr(text: string): Cidr {
  const parsed = parseCidr(text)
  if (!parsed.ok) throw new Error(`bad built-in block ${text}`)
  return parsed.cidr
}

// ---------------------------------------------------------------------------------------
// Small helpers for messages, evidence and fixes.

const hostLabel = (h: Pick<HostRecord, 'name' | 'agentIp'>) => `${h.name} (${h.agentIp || 'no agent IP'})`
const interfaceList = (h: HostFacts) => h.host.interfaces.flatMap((i) => i.cidrs.map((c) => `${i.name} ${c}`))
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/**
 * The address a host should register with, for the re-register command: its first reported
 * interface address that is not loopback, link-local, Docker's bridge or a managed address,
 * and that no other host uses. `<host-ip>` when there is none to suggest.
 */
function suggestedAgentIp(m: Model, h: HostFacts): string {
  const taken = new Set(m.hosts.filter((o) => o !== h).map((o) => o.host.agentIp))
  for (const a of h.addresses) {
    if (a.iface === 'docker0' || a.iface === 'lo') continue
    if (cidrContains(LOOPBACK, a.ip) || cidrContains(LINK_LOCAL, a.ip) || cidrContains(DOCKER_BRIDGE, a.ip)) continue
    if (m.subnets.some((s) => cidrContains(s.block, a.ip))) continue
    const ip = formatIpv4(a.ip)
    if (!taken.has(ip) && ip !== h.host.agentIp) return ip
  }
  return '<host-ip>'
}

/**
 * The custom "Add Host" command Rancher documents, with CATTLE_AGENT_IP set (§4 item 2,
 * §5 failure mode 1). The server URL and registration token are the operator's: placeholders.
 */
function reRegisterFix(m: Model, h: HostFacts, why: string): string {
  const ip = suggestedAgentIp(m, h)
  return [
    `# ${why}`,
    `# On ${h.host.name}, re-run the custom "Add Host" command with the IP its peers reach it on (keep the existing agent;`,
    '# existing containers are not moved to the new address automatically):',
    `sudo docker run -e CATTLE_AGENT_IP=${ip} --rm --privileged -v /var/run/docker.sock:/var/run/docker.sock -v /var/lib/rancher:/var/lib/rancher rancher/agent:v1.2.11 http://<rancher-server>:8080/v1/scripts/<registration-token>`,
  ].join('\n')
}

// ---------------------------------------------------------------------------------------
// Environment checks.

/** §3.14 and failure mode 6: without a driver and its default network, `managed` resolves to nothing. */
function checkNoDriver(m: Model): Finding[] {
  const fix = [
    '# Deploy a networking driver stack (ipsec or vxlan from the catalog) as an infrastructure stack of this environment,',
    '# or create a new environment from a template that has one (e.g. Cattle). Managed containers need its default network.',
  ].join('\n')
  if (m.drivers.length === 0) {
    return [
      finding(
        'network.no-driver',
        envSubject(m),
        `${m.env.name} has no network driver: network mode managed resolves to nothing, new managed containers fail with "Failed to find network for networkMode managed" and no overlay connects the hosts.`,
        { networkDrivers: [], defaultNetwork: m.network?.name ?? null },
        fix,
      ),
    ]
  }
  if (m.network === null) {
    const names = m.drivers.map((d) => `${d.name} (stack ${d.stackName})`)
    return [
      finding(
        'network.no-driver',
        envSubject(m),
        `${m.env.name} has no default network: its network driver did not create one, so network mode managed resolves to nothing.`,
        { networkDrivers: names, defaultNetwork: null },
        fix,
      ),
    ]
  }
  return []
}

/** An environment template takes exactly one networking driver (DESIGN.md "Who uses it"); a second one competes for the hosts. */
function checkMultipleDrivers(m: Model): Finding[] {
  if (m.drivers.length < 2) return []
  const backing = m.drivers.find((d) => d.id === m.network?.networkDriverId)
  const others = m.drivers.filter((d) => d !== backing)
  return [
    finding(
      'network.multiple-drivers',
      envSubject(m),
      `${m.env.name} has ${m.drivers.length} network drivers; an environment takes exactly one${backing ? ` and only ${backing.name} backs the default network` : ''}.`,
      { networkDrivers: m.drivers.map((d) => `${d.name} (stack ${d.stackName})`), defaultNetwork: m.network?.name ?? null },
      [
        `# Remove the other driver stack${others.length > 1 ? 's' : ''} (${others.map((d) => d.stackName).join(', ')}) from this environment,`,
        '# or create a new environment from a template with exactly one networking driver.',
      ].join('\n'),
    ),
  ]
}

/**
 * §3.14: without network-services (metadata, dns, network-manager) a host gets no managed
 * IPs ("Timeout getting IP address", failure mode 4), no DNS at 169.254.169.250 and no port rules.
 */
function checkNetworkServices(m: Model): Finding[] {
  const stack = networkServicesStack(m)
  const live = m.hosts.filter((h) => h.live)
  if (!stack) {
    return [
      finding(
        'stack.network-services-unhealthy',
        envSubject(m),
        `${m.env.name} has no network-services stack: hosts get no metadata, DNS or managed IPs.`,
        { stack: null },
        '# Deploy the network-services infrastructure stack from the catalog, or create a new environment from a template that has it.',
      ),
    ]
  }
  const out: Finding[] = []
  // `activating` before the first host is normal (Rancher starts infrastructure with a host)
  if (live.length > 0 && stack.state !== 'active' && stack.state !== 'upgrading') {
    out.push(
      finding(
        'stack.network-services-unhealthy',
        { kind: 'stack', id: stack.id, name: stack.name },
        `The network-services stack is ${stack.state || 'in an unknown state'} while ${live.length} host${live.length === 1 ? ' is' : 's are'} active.`,
        { stack: stack.name, state: stack.state },
        '# Finish or roll back the network-services upgrade, or re-activate the stack; its containers serve metadata, DNS and IPAM on every host.',
      ),
    )
  }
  for (const h of live) {
    const notRunning: string[] = []
    const stoppedNames: string[] = []
    const missing: string[] = []
    for (const svc of stack.services.filter((s) => s.perHost)) {
      const c = serviceContainer(m, h.host.id, stack.id, svc.name)
      if (!c) missing.push(svc.name)
      else if (c.state !== 'running') {
        notRunning.push(`${c.name}: ${c.state || 'unknown'}`)
        stoppedNames.push(c.name)
      }
    }
    if (notRunning.length === 0 && missing.length === 0) continue
    const what = [...notRunning, ...missing.map((s) => `${s}: missing`)].join(', ')
    const fix = [`# On ${h.host.name}: start the network-services containers and read their logs`]
    if (stoppedNames.length > 0) fix.push(`docker start ${stoppedNames.join(' ')}`, `docker logs --tail 50 ${stoppedNames[0]}`)
    if (missing.length > 0) fix.push(`# Missing ones (${missing.join(', ')}) are re-created by upgrading the network-services stack.`)
    out.push(
      finding(
        'stack.network-services-unhealthy',
        hostSubject(h.host),
        `Network services are not running on ${h.host.name} (${what}): it gets no managed IPs, no DNS at 169.254.169.250 and no port rules.`,
        { stack: stack.name, notRunning, missing },
        fix.join('\n'),
      ),
    )
  }
  return out
}

// ---------------------------------------------------------------------------------------
// Host checks.

/** A host that stopped heartbeating: its containers are cut off and its reports are stale. */
function checkDisconnected(m: Model): Finding[] {
  const out: Finding[] = []
  for (const h of m.hosts) {
    const silent = h.host.state === 'active' && !h.live
    if (h.host.state !== 'disconnected' && !silent) continue
    out.push(
      finding(
        'host.disconnected',
        hostSubject(h.host),
        `${h.host.name} is disconnected: no heartbeat since ${h.host.lastHeartbeatAt ?? 'it registered'}; its containers are cut off from the other hosts and what it reported last may be stale.`,
        { state: h.host.state, lastHeartbeatAt: h.host.lastHeartbeatAt, silentForMs: h.silentForMs, hostDisconnectMs: m.hostDisconnectMs },
        [
          `# On ${h.host.name}: check that the agent runs and reaches the control plane; the host turns active with its next heartbeat`,
          'docker ps -a --filter name=rancher-agent',
          'docker logs --tail 50 rancher-agent',
        ].join('\n'),
      ),
    )
  }
  return out
}

/**
 * §4 item 2 and failure mode 1: tunnels target each host's registered IP, so it must be an
 * address peers can reach. Loopback, docker0 (172.17.x.x: every host has it) and link-local
 * addresses name no host; an address the host does not carry is suspicious (NAT can explain
 * it, hence a warning); two hosts with one address make peers tunnel to the wrong one.
 */
function checkAgentIp(m: Model): Finding[] {
  const out: Finding[] = []
  const byIp = new Map<string, HostFacts[]>()
  for (const h of m.hosts) {
    const same = byIp.get(h.host.agentIp)
    if (same) same.push(h)
    else byIp.set(h.host.agentIp, [h])
  }
  for (const h of m.hosts) {
    const ip = h.ip
    if (ip === null) continue // the API refuses non-IPv4 agent IPs; nothing to judge here
    const agentIp = h.host.agentIp
    const interfaces = interfaceList(h)
    const onDocker0 = h.addresses.some((a) => a.iface === 'docker0' && a.ip === ip)
    if (cidrContains(LOOPBACK, ip)) {
      out.push(
        finding(
          'agent-ip.loopback',
          hostSubject(h.host),
          `${h.host.name} registered with ${agentIp}, a loopback address: peers would build their tunnels to themselves.`,
          { agentIp, loopback: formatCidr(LOOPBACK), interfaces },
          reRegisterFix(m, h, `${agentIp} is loopback: no peer can reach ${h.host.name} on it.`),
        ),
      )
      continue
    }
    if (cidrContains(DOCKER_BRIDGE, ip) || onDocker0) {
      out.push(
        finding(
          'agent-ip.docker-bridge',
          hostSubject(h.host),
          `${h.host.name} registered with ${agentIp}, an address of Docker's bridge (docker0, ${formatCidr(DOCKER_BRIDGE)}): every host has one, so peers cannot reach ${h.host.name} on it and containers on other hosts cannot reach its containers.`,
          { agentIp, dockerBridge: formatCidr(DOCKER_BRIDGE), interfaces },
          reRegisterFix(m, h, `${agentIp} is Docker's bridge address, not an address peers reach ${h.host.name} on.`),
        ),
      )
      continue
    }
    if (cidrContains(LINK_LOCAL, ip)) {
      out.push(
        finding(
          'agent-ip.link-local',
          hostSubject(h.host),
          `${h.host.name} registered with ${agentIp}, a link-local address (${formatCidr(LINK_LOCAL)}; 169.254.169.250 is the metadata service): it is not routed between hosts.`,
          { agentIp, linkLocal: formatCidr(LINK_LOCAL), interfaces },
          reRegisterFix(m, h, `${agentIp} is link-local and not routed between hosts.`),
        ),
      )
      continue
    }
    const same = (byIp.get(agentIp) ?? []).filter((o) => o !== h)
    if (same.length > 0) {
      out.push(
        finding(
          'agent-ip.duplicate',
          hostSubject(h.host),
          `${h.host.name} and ${same.map((o) => o.host.name).join(', ')} registered with the same agent IP ${agentIp}: peers cannot tell them apart and tunnels meant for one end at the other.`,
          { agentIp, sameAgentIp: same.map((o) => o.host.name), interfaces },
          reRegisterFix(m, h, `${agentIp} is registered by ${[h, ...same].map((o) => o.host.name).join(' and ')}; re-register the host(s) it does not belong to.`),
        ),
      )
      continue
    }
    // only when the agent told us its addresses: no interfaces means unknown, not wrong
    if (h.addresses.length > 0 && !h.addresses.some((a) => a.ip === ip)) {
      out.push(
        finding(
          'agent-ip.not-on-interfaces',
          hostSubject(h.host),
          `${h.host.name} registered with ${agentIp}, which is on none of its interfaces: unless a NAT maps it to this host, peers build tunnels to an address that is not there.`,
          { agentIp, interfaces },
          reRegisterFix(m, h, `${agentIp} is not an address of ${h.host.name}; if no NAT forwards it here, register with an address it has.`),
        ),
      )
    }
  }
  return out
}

/**
 * §4 item 6 and failure mode 8: a host LAN inside (or around) the managed subnet makes the
 * host route container traffic to its LAN or the reverse. The bridge carrying the subnet's
 * gateway (§3.6: rancher-bridge adds network+1 to it) is the managed network, not a LAN.
 */
function checkLanOverlap(m: Model): Finding[] {
  if (m.subnets.length === 0) return []
  const out: Finding[] = []
  let suggestion: string | null = null
  for (const h of m.hosts) {
    for (const a of h.addresses) {
      for (const s of m.subnets) {
        if (!cidrOverlaps(a.block, s.block) || a.ip === s.gateway) continue
        suggestion ??= freeSubnet(m, s.block)
        const stackName = m.driverStack?.name ?? 'network driver'
        out.push(
          finding(
            'host.lan-overlaps-subnet',
            hostSubject(h.host),
            `${h.host.name}'s ${a.iface} (${formatCidr(a.block)}) overlaps the managed subnet ${s.text}: traffic for containers and for that network collides in the host's routing.`,
            { interface: a.iface, address: a.text, network: formatCidr(a.block), managedSubnet: s.text },
            [
              `# The subnet of an existing environment cannot change. Create an environment template whose ${stackName} stack sets SUBNET to a free block,`,
              `# e.g. SUBNET=${suggestion}, then create a new environment from it and move the workloads there.`,
            ].join('\n'),
          ),
        )
      }
    }
  }
  return out
}

/** The first block of the subnet's size in 10.0.0.0/8, after it, that no host network and no other subnet touches. */
function freeSubnet(m: Model, current: Cidr): string {
  if (current.prefix < PRIVATE_10.prefix) return '<free-block>'
  const size = cidrSize(current)
  const count = Math.min(cidrSize(PRIVATE_10) / size, 4096)
  const base = cidrContains(PRIVATE_10, current.network) ? current.network : PRIVATE_10.network
  const taken = [...m.hosts.flatMap((h) => h.addresses.map((a) => a.block)), ...m.subnets.map((s) => s.block)]
  for (let i = 1; i <= count; i++) {
    // step forward from the current block, wrapping inside 10.0.0.0/8
    const offset = (base - PRIVATE_10.network + i * size) % cidrSize(PRIVATE_10)
    const candidate = { network: (PRIVATE_10.network + offset) >>> 0, prefix: current.prefix }
    if (!taken.some((t) => cidrOverlaps(t, candidate))) return formatCidr(candidate)
  }
  return '<free-block>'
}

/**
 * §3.12: every host runs one overlay holder (the container with the host's router IP) and
 * its router sidekick; without them the host has no tunnel and remote container IPs get no
 * ARP answer, so nothing on the host reaches another host.
 */
function checkRouter(m: Model): Finding[] {
  const network = m.network
  const stack = m.driverStack
  if (!network || !stack) return []
  const out: Finding[] = []
  for (const h of m.hosts.filter((x) => x.live)) {
    const on = m.containersByHost.get(h.host.id) ?? []
    const holder =
      (h.host.routerIp !== null ? on.find((c) => c.managedIp === h.host.routerIp) : undefined) ??
      on.find((c) => c.stackId === stack.id && c.networkMode === network.name)
    const problems: string[] = []
    const toStart: string[] = []
    const missing: string[] = []
    if (!holder) missing.push('overlay holder')
    else if (holder.state !== 'running') {
      problems.push(`${holder.name}: ${holder.state || 'unknown'}`)
      toStart.push(holder.name)
    }
    // the router (and connectivity check) live in the holder's netns
    const sidekicks = holder ? on.filter((c) => c.networkContainerId === holder.id && c.stackId === stack.id) : []
    for (const c of sidekicks) {
      if (c.state === 'running') continue
      problems.push(`${c.name}: ${c.state || 'unknown'}`)
      toStart.push(c.name)
    }
    const routerService = stack.services.find((s) => s.name === 'router' && s.perHost)
    if (routerService && !on.some((c) => c.stackId === stack.id && c.serviceName === routerService.name)) missing.push('router')
    if (problems.length === 0 && missing.length === 0) continue
    const what = [...problems, ...missing.map((x) => `${x}: missing`)].join(', ')
    const routerName = sidekicks.find((c) => c.serviceName === 'router')?.name ?? holder?.name ?? null
    const fix = [`# On ${h.host.name}: start the overlay containers and read the router's log`]
    if (toStart.length > 0) fix.push(`docker start ${toStart.join(' ')}`)
    if (routerName) fix.push(`docker logs --tail 50 ${routerName}`)
    if (missing.length > 0) fix.push(`# Missing ones are re-created by upgrading the ${stack.name} stack.`)
    out.push(
      finding(
        'host.router-missing',
        hostSubject(h.host),
        `The overlay router on ${h.host.name} is not running (${what}): tunnels to and from ${h.host.name} are down and its containers reach no other host.`,
        { routerIp: h.host.routerIp, holder: holder?.name ?? null, notRunning: problems, missing },
        fix.join('\n'),
      ),
    )
  }
  return out
}

/** The MTU of the NIC a host's tunnels leave by: the interface holding its agent IP, else what it registered. */
function hostMtu(h: HostFacts): { mtu: number; from: string } | null {
  if (h.ip !== null) {
    for (const i of h.host.interfaces) {
      if (typeof i.mtu === 'number' && i.cidrs.some((c) => addressOf(c) === h.ip)) return { mtu: i.mtu, from: i.name }
    }
  }
  return h.host.mtu === null ? null : { mtu: h.host.mtu, from: 'registration' }
}

/**
 * §3.13, §4 item 7 and failure mode 7: the network's applied `mtu` is the size of the packets
 * the overlay puts on the wire (a container's eth0 gets mtu − overhead, and the IPsec or
 * VXLAN header brings it back to mtu), so the NIC carrying the tunnels must take at least
 * that. A smaller NIC MTU fragments or drops every large packet: small requests pass, large
 * ones hang, hence an error. A larger one (jumbo frames under a 1500 template, or a template
 * lowered on purpose for a narrower path) only leaves bytes unused: no finding. Drift of the
 * template's MTU from what the stack applied belongs to the templates screen, not here.
 */
function checkHostMtu(m: Model): Finding[] {
  const network = m.network
  if (!network || network.mtu === null) return []
  const wire = network.mtu
  const low = m.hosts.map((h) => ({ h, nic: hostMtu(h) })).filter((x): x is { h: HostFacts; nic: { mtu: number; from: string } } => x.nic !== null && x.nic.mtu < wire)
  if (low.length === 0) return []
  // one network MTU that fits every host's NIC, for the stack-upgrade alternative
  const fitsAll = Math.min(...low.map((x) => x.nic.mtu))
  const overhead = network.overlay === 'none' ? null : network.linkMtuOverhead
  const overlay = network.overlay === 'vxlan' ? 'VXLAN' : 'IPsec'
  const stackName = m.driverStack?.name ?? 'network driver'
  return low.map(({ h, nic }) => {
    const what =
      nic.from === 'registration'
        ? `${h.host.name} registered with MTU ${nic.mtu}`
        : `${h.host.name}'s ${nic.from} (the interface holding its agent IP ${h.host.agentIp}) has MTU ${nic.mtu}`
    const makeup = overhead !== null ? ` (a container's ${wire - overhead} plus ${overhead} bytes of ${overlay} header)` : ''
    const containersThen = overhead !== null ? ` (containers then get ${fitsAll} − ${overhead} = ${fitsAll - overhead} on eth0 when re-created)` : ''
    return finding(
      'host.mtu-mismatch',
      hostSubject(h.host),
      `${what}, below the ${network.name} network's MTU ${wire}: the overlay sends packets of up to ${wire} bytes${makeup}, which do not fit, so large packets to and from ${h.host.name} are fragmented or dropped while small ones pass.`,
      {
        hostMtu: nic.mtu,
        mtuFrom: nic.from === 'registration' ? 'registration' : `interface ${nic.from}`,
        registeredMtu: h.host.mtu,
        networkMtu: wire,
        linkMtuOverhead: overhead,
      },
      [
        `# Make ${h.host.name}'s NIC and the network agree (every host's NIC must take the network's MTU). Either raise the NIC's MTU, if the path carries ${wire}-byte packets,`,
        `# also in ${h.host.name}'s network configuration so a reboot keeps it:`,
        nic.from === 'registration' ? `ip link set dev <nic-of-${h.host.agentIp || 'agent-ip'}> mtu ${wire}` : `ip link set dev ${nic.from} mtu ${wire}`,
        `# or lower the network's MTU to ${fitsAll} for all hosts: upgrade the ${stackName} stack with the answer MTU=${fitsAll}${containersThen},`,
        '# and set the same "mtu" in each Docker daemon (daemon.json).',
      ].join('\n'),
    )
  })
}

/** §3.11, §4 item 9, failure mode 15: a slow metadata reload lags every host-side network component. */
function checkMetadata(m: Model): Finding[] {
  const out: Finding[] = []
  const stack = networkServicesStack(m)
  for (const h of m.hosts) {
    const ms = h.host.report?.metadataReloadMs ?? null
    if (!h.live || ms === null || ms < METADATA_SLOW_MS) continue
    const metadata = stack ? serviceContainer(m, h.host.id, stack.id, 'metadata') : null
    out.push(
      finding(
        'metadata.slow',
        hostSubject(h.host),
        `Metadata on ${h.host.name} takes ${seconds(ms)} to download and reload (want 1–2 s; 10 s or more means it cannot keep up): IPAM, the router and DNS on ${h.host.name} lag every change.`,
        { metadataReloadMs: ms, thresholdMs: METADATA_SLOW_MS, reportedAt: h.host.report?.receivedAt ?? null },
        [
          `# Read the reload times in ${h.host.name}'s metadata log, then shrink the environment (50 hosts or fewer) or give the host more CPU`,
          `docker logs --tail 100 ${metadata?.name ?? '<metadata-container>'} 2>&1 | grep 'Download and reload'`,
        ].join('\n'),
      ),
    )
  }
  return out
}

// ---------------------------------------------------------------------------------------
// Container checks.

/**
 * §3.13 and failure mode 7: eth0 MTU = mtu − linkMTUOverhead (the holder overrides the
 * overhead with its label, 0). A container still on another MTU drops or fragments large
 * packets while small ones pass.
 */
function checkMtu(m: Model): Finding[] {
  const network = m.network
  if (!network || network.mtu === null) return []
  const out: Finding[] = []
  for (const c of managedContainers(m)) {
    if (c.mtu === null) continue
    const label = c.labels[MTU_OVERHEAD_LABEL]
    const fromLabel = label !== undefined && /^\d+$/.test(label)
    const overhead = fromLabel ? Number(label) : (network.linkMtuOverhead ?? 0)
    const expected = network.mtu - overhead
    if (c.mtu === expected) continue
    const host = hostName(m, c.hostId)
    out.push(
      finding(
        'container.mtu-mismatch',
        containerSubject(c),
        `${c.name} on ${host} has eth0 MTU ${c.mtu}; the network's applied configuration gives ${network.mtu} − ${overhead} = ${expected}: large packets are dropped or fragmented while small ones pass.`,
        {
          host,
          reportedMtu: c.mtu,
          expectedMtu: expected,
          networkMtu: network.mtu,
          linkMtuOverhead: overhead,
          overheadFrom: fromLabel ? `label ${MTU_OVERHEAD_LABEL}` : 'network driver',
        },
        [
          `# Check that ${host}'s CNI config has "mtu": ${network.mtu} (cni-driver writes it), then re-create ${c.name} so the CNI plugin sets eth0 to ${expected}`,
          `cat /etc/cni/${network.name}.d/10-rancher.conf`,
        ].join('\n'),
      ),
    )
  }
  return out
}

/**
 * §3.6 step 5 and failure modes 4 and 9: a managed container must carry its allocation on
 * eth0; without it peers route the allocated address to this host and find nobody.
 */
function checkManagedIp(m: Model): Finding[] {
  const out: Finding[] = []
  const stack = m.driverStack
  for (const c of managedContainers(m)) {
    const host = hostName(m, c.hostId)
    const reported = c.reportedAddresses
    const cniDriver = stack && c.hostId ? serviceContainer(m, c.hostId, stack.id, 'cni-driver') : null
    const fix = [
      `# On ${host}: check that cni-driver and metadata run and /etc/cni/${m.network!.name}.d has the network's config, then re-create ${c.name}`,
      `docker logs --tail 50 ${cniDriver?.name ?? '<cni-driver-container>'}`,
    ].join('\n')
    if (c.managedIp === null) {
      out.push(
        finding(
          'container.managed-ip-missing',
          containerSubject(c),
          `${c.name} on ${host} runs on the managed network without a managed IP: IPAM allocated none, so no other container can reach it.`,
          { host, managedIp: null, reportedEth0: reported },
          fix,
        ),
      )
      continue
    }
    const allocated = parseIpv4(c.managedIp)
    const seen = reported.map(addressOf)
    if (allocated !== null && seen.includes(allocated)) continue
    // another address of the managed subnet on eth0: the container and IPAM disagree
    const other = reported.filter((r) => {
      const ip = addressOf(r)
      return ip !== null && m.subnets.some((s) => cidrContains(s.block, ip))
    })
    const message =
      other.length > 0
        ? `${c.name} on ${host} has ${other.join(', ')} on eth0, but IPAM allocated ${c.managedIp}: peers route ${c.managedIp} to ${host} and miss the container.`
        : `${c.name} on ${host} does not have its managed IP ${c.managedIp} on eth0 (${reported.length > 0 ? `it reports ${reported.join(', ')}` : 'it reports no address'}): it is unreachable from other containers ("Timeout getting IP address").`
    out.push(finding('container.managed-ip-missing', containerSubject(c), message, { host, managedIp: c.managedIp, reportedEth0: reported }, fix))
  }
  return out
}

// ---------------------------------------------------------------------------------------
// Host-pair checks.

interface PairObservation {
  reporter: HostRecord
  result: SnapshotPeerResult
}

/**
 * §3.16 and §4: the connectivity check per peer and direction. Both ends may report the same
 * path (A outbound to B, B inbound from A): they become one finding for the direction traffic
 * flows, naming who saw it fail.
 */
function checkPeers(m: Model): Finding[] {
  const failing = new Map<string, { from: HostRecord; to: HostRecord; seen: PairObservation[] }>()
  const scratch = new PairScratch(m)
  for (let i = 0; i < m.hosts.length; i++) {
    const h = m.hosts[i]
    if (!h.live) continue
    // the latest result per live peer and direction, failing ones only (peer-results.ts)
    for (const p of failingPeerResults(m, i, scratch)) {
      const peer = m.hostById.get(p.peerHostId)!.host
      const [from, to] = p.direction === 'outbound' ? [h.host, peer] : [peer, h.host]
      const key = `${from.id}\u0000${to.id}`
      const entry = failing.get(key) ?? { from, to, seen: [] }
      entry.seen.push({ reporter: h.host, result: p })
      failing.set(key, entry)
    }
  }
  const out: Finding[] = []
  const tunnel = tunnelText(m)
  for (const { from, to, seen } of failing.values()) {
    const lastSuccess = seen.map((o) => o.result.lastSuccessAt).filter((x): x is string => x !== null).sort().at(-1) ?? null
    const errors = seen.map((o) => o.result.error).filter((x): x is string => x !== null)
    const fromRouter = routerContainer(m, from.id)
    const ping = fromRouter && to.routerIp ? `docker exec ${fromRouter.name} ping -c 3 ${to.routerIp}` : `ping -c 3 ${to.agentIp}`
    out.push(
      finding(
        'peer.unreachable',
        pairSubject(from, to),
        `${from.name} → ${to.name}: the connectivity check fails (seen by ${seen.map((o) => `${o.reporter.name}, ${o.result.direction}`).join('; ')}): containers on ${from.name} cannot reach containers on ${to.name}.`,
        {
          from: hostLabel(from),
          to: hostLabel(to),
          reportedBy: seen.map((o) => `${o.reporter.name} (${o.result.direction})`),
          lastSuccessAt: lastSuccess,
          error: errors[0] ?? null,
        },
        [
          `# Walk the checklist for ${from.name} → ${to.name}: both registered IPs right, ${tunnel} open from ${from.agentIp} to ${to.agentIp}, both routers running.`,
          `# Then, on ${from.name}, ping ${to.name}'s router through the tunnel:`,
          ping,
        ].join('\n'),
      ),
    )
  }
  return out
}

/** §3.12, §4 item 3, failure mode 2: the tunnel ports must be open from and to every host. */
function checkPorts(m: Model): Finding[] {
  const wanted = new Set(m.network?.tunnelPorts ?? [])
  const out: Finding[] = []
  const scratch = new PairScratch(m)
  for (let i = 0; i < m.hosts.length; i++) {
    const h = m.hosts[i]
    if (!h.live) continue
    // per live peer with a blocked port, one result per port: the last one wins (peer-results.ts)
    for (const { peer, checks } of blockedPortChecks(m, i, wanted, scratch)) {
      const blocked = checks.filter((p) => !p.open)
      const open = checks.filter((p) => p.open)
      const to = m.hosts[peer].host
      const names = blocked.map((p) => `${p.protocol.toUpperCase()} ${p.port}`).join(' and ')
      out.push(
        finding(
          'port.tunnel-blocked',
          pairSubject(h.host, to),
          `${names} from ${h.host.name} to ${to.name} ${blocked.length === 1 ? 'is' : 'are'} blocked: the ${m.network?.overlay === 'vxlan' ? 'VXLAN' : 'IPsec'} tunnel needs ${tunnelText(m)} open between all hosts, both ways.`,
          {
            from: hostLabel(h.host),
            to: hostLabel(to),
            blocked: blocked.map((p) => `${p.protocol}/${p.port}`),
            open: open.map((p) => `${p.protocol}/${p.port}`),
          },
          [
            `# Open ${names} from ${h.host.name} (${h.host.agentIp}) to ${to.name} (${to.agentIp}) in security groups, firewalld/ufw and hardware firewalls. On ${to.name}, e.g.:`,
            ...blocked.map((p) => `iptables -I INPUT -p ${p.protocol} -s ${h.host.agentIp} --dport ${p.port} -j ACCEPT`),
          ].join('\n'),
        ),
      )
    }
  }
  return out
}

function tunnelText(m: Model): string {
  const ports = m.network?.tunnelPorts ?? []
  if (ports.length === 0) return 'the tunnel ports'
  return `UDP ${ports.join(' and ')}`
}

/** The container a host's router runs in: the router sidekick, else the holder. */
function routerContainer(m: Model, hostId: string): SnapshotContainer | null {
  const stack = m.driverStack
  if (!stack) return null
  return serviceContainer(m, hostId, stack.id, 'router') ?? (m.containersByHost.get(hostId) ?? []).find((c) => c.stackId === stack.id && c.networkMode === m.network?.name) ?? null
}

// ---------------------------------------------------------------------------------------

/** Each runner with the check ids it answers for (named in a `diagnostics.check-failed` finding). */
const RUNNERS: Array<[string, (m: Model) => Finding[]]> = [
  ['network.no-driver', checkNoDriver],
  ['network.multiple-drivers', checkMultipleDrivers],
  ['stack.network-services-unhealthy', checkNetworkServices],
  ['host.disconnected', checkDisconnected],
  ['agent-ip.*', checkAgentIp],
  ['host.lan-overlaps-subnet', checkLanOverlap],
  ['host.router-missing', checkRouter],
  ['host.mtu-mismatch', checkHostMtu],
  ['peer.unreachable', checkPeers],
  ['port.tunnel-blocked', checkPorts],
  ['container.managed-ip-missing', checkManagedIp],
  ['ipam.lingering-on-host', checkLingering],
  ['ipam.duplicate-address', checkDuplicates],
  ['ipam.address-outside-subnet', checkAllocations],
  ['ipam.leaked-allocation', checkLeakedAllocations],
  ['container.mtu-mismatch', checkMtu],
  ['metadata.slow', checkMetadata],
]

/**
 * Runs every check over `snapshot` and answers the findings: errors first, then warnings,
 * then info; within a severity in CHECKS order, then by subject. `now` decides which hosts
 * have been silent too long (default: the current time). Never throws: a check that fails
 * on unexpected data becomes a `diagnostics.check-failed` finding.
 */
export function runChecks(snapshot: DiagnosticsSnapshot, now?: Date): Finding[] {
  let model: Model
  try {
    model = read(snapshot, now)
  } catch (err) {
    // read() only walks plain values; this is a last line of defence
    return [checkFailed({ id: 'environment', name: 'environment' }, 'snapshot', err)]
  }
  const findings: Finding[] = []
  for (const [id, run] of RUNNERS) {
    try {
      findings.push(...run(model))
    } catch (err) {
      findings.push(checkFailed(model.env, id, err))
    }
  }
  return findings.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      (CHECK_RANK.get(a.checkId) ?? 99) - (CHECK_RANK.get(b.checkId) ?? 99) ||
      compare(a.subject.name ?? a.subject.id, b.subject.name ?? b.subject.id) ||
      compare(a.subject.id, b.subject.id) ||
      compare(a.subject.peerName ?? a.subject.peerId ?? '', b.subject.peerName ?? b.subject.peerId ?? '') ||
      compare(a.message, b.message),
  )
}

function checkFailed(env: { id: string; name: string }, id: string, err: unknown): Finding {
  return finding(
    'diagnostics.check-failed',
    { kind: 'environment', id: env.id, name: env.name },
    `The check ${id} could not run on this environment's data: ${err instanceof Error ? err.message : String(err)}.`,
    { check: id },
    '# Report this to the Paddock maintainers with the exported troubleshooting state.',
  )
}
