/**
 * "Why can't A reach B?" (issue 6, item 5): the data path of domain §3.12, hop by hop, each
 * judged on reported facts only.
 *
 *   source container (state, network mode, managed IP on eth0)
 *   → source host (connected, overlay holder and router running)
 *   → tunnel (agent IPs valid, tunnel ports open both ways, the peer check of this direction)
 *   → destination host (connected, router running)
 *   → destination container (state, managed IP on eth0)
 *
 * Containers on one host meet on the host's bridge and skip the tunnel. `container:X` follows
 * X (it shares X's network namespace). Non-managed modes (host, bridge, none) are explained:
 * the managed path does not apply to them.
 */
import type { Trace, TraceHop } from '../api/diagnostics.ts'
import { cidrContains, parseCidr } from '../net/cidr.ts'
import { parseIpv4 } from '../net/ipv4.ts'
import { hostLive, routerState } from './matrix.ts'
import type { DiagnosticsSnapshot, SnapshotContainer, SnapshotHost } from './snapshot.ts'

export type TraceTarget = string | { ip: string; port?: number }

export interface TraceInput {
  /** Container id. */
  from: string
  /** Container id, or an IPv4 address (and port). */
  to: TraceTarget
  /** The destination port (also accepted inside `to`). */
  port?: number
}

export class TraceReferenceError extends Error {
  constructor(
    readonly field: 'from' | 'to',
    readonly id: string,
  ) {
    super(`${field}: container ${JSON.stringify(id)} does not exist`)
  }
}

const MANAGED_LABEL = 'io.rancher.container.network'

interface Ctx {
  s: DiagnosticsSnapshot
  now: number
  hostById: Map<string, SnapshotHost>
}

function containerById(s: DiagnosticsSnapshot, id: string): SnapshotContainer | undefined {
  return s.containers.find((c) => c.id === id && c.state !== 'removed')
}

/** The container whose network namespace `c` uses (follows `container:X`, at most a few links). */
function netnsOwner(s: DiagnosticsSnapshot, c: SnapshotContainer): { owner: SnapshotContainer; via: string[] } {
  const via: string[] = []
  let cur = c
  for (let depth = 0; depth < 5 && cur.networkContainerId !== null; depth++) {
    const next = containerById(s, cur.networkContainerId)
    if (!next) break
    via.push(`${cur.name} uses network mode ${cur.networkMode}: it shares ${next.name}'s network namespace, so the path is ${next.name}'s`)
    cur = next
  }
  return { owner: cur, via }
}

function isManaged(s: DiagnosticsSnapshot, c: SnapshotContainer): boolean {
  const network = s.defaultNetwork
  if (!network || network.state === 'removed') return false
  if (c.networkMode === 'none') return c.labels[MANAGED_LABEL] === 'true' && c.managedIp !== null
  return c.networkId === network.id || c.networkMode === 'managed' || c.networkMode === network.name || c.managedIp !== null
}

const subnetText = (s: DiagnosticsSnapshot) => s.defaultNetwork?.subnets.map((x) => x.cidr).join(', ') || 'the managed network'

/** Why a non-managed network mode takes no part in the managed path. */
function modeExplanation(s: DiagnosticsSnapshot, c: SnapshotContainer, host: SnapshotHost | undefined, role: 'source' | 'destination'): { text: string; fix: string } {
  const where = host ? ` on ${host.name}` : ''
  const mode = c.networkMode
  if (mode === 'host') {
    return role === 'source'
      ? {
          text: `${c.name} uses network mode host: it runs in ${host?.name ?? 'its host'}'s own network stack, which has no route into ${subnetText(s)}; the managed path (router and tunnel) does not apply.`,
          fix: `# Run ${c.name} with network mode managed (the default in Rancher), or reach the target through a port published on its host's IP.`,
        }
      : {
          text: `${c.name} uses network mode host: it has no managed IP and listens on ${host ? `${host.name}'s address ${host.agentIp}` : "its host's address"}; the managed path does not apply.`,
          fix: `# Reach ${c.name} at ${host?.agentIp ?? '<host-ip>'}:<port> (its host's IP), or run it with network mode managed.`,
        }
  }
  if (mode === 'bridge') {
    return {
      text: `${c.name} uses network mode bridge: it is only on Docker's docker0 bridge${where} (${c.dockerIp ?? 'no docker IP'}), with no managed IP; the managed overlay does not reach it${role === 'source' ? ' and it has no route into ' + subnetText(s) : ''}.`,
      fix: role === 'source'
        ? `# Run ${c.name} with network mode managed to reach managed IPs across hosts.`
        : `# Run ${c.name} with network mode managed, or publish its port (-p) and use ${host?.agentIp ?? "its host's IP"}.`,
    }
  }
  if (mode === 'none') {
    return {
      text: `${c.name} uses network mode none: it has only a loopback interface and no managed IP, so nothing reaches it and it reaches nothing.`,
      fix: `# Run ${c.name} with network mode managed, or with --net=none and the label ${MANAGED_LABEL}=true to give it a managed IP.`,
    }
  }
  return {
    text: `${c.name} uses network mode ${mode || 'unknown'} and has no managed IP in ${subnetText(s)}: the managed path does not apply.`,
    fix: `# Run ${c.name} with network mode managed.`,
  }
}

function containerHop(c: SnapshotContainer, via: string[], role: 'Source' | 'Destination', port?: number): TraceHop {
  const evidence = [...via, `state ${c.state}`, `network mode ${c.networkMode}`]
  const name = `${role} container ${c.name}`
  if (c.state !== 'running') {
    return { name, verdict: 'fail', evidence, fix: `# Start ${c.name} and read why it stopped\ndocker start ${c.name}\ndocker logs --tail 50 ${c.name}` }
  }
  if (c.managedIp === null) {
    return { name, verdict: 'fail', evidence: [...evidence, 'no managed IP allocated'], fix: `# ${c.name} has no managed IP: check network-services (metadata, IPAM) on its host and recreate the container.` }
  }
  evidence.push(`managed IP ${c.managedIp}`)
  if (port !== undefined) evidence.push(`port ${port}: agents do not report listening ports; check it inside ${c.name} (ss -ltn)`)
  if (c.reportedAddresses.length === 0) return { name, verdict: 'unknown', evidence: [...evidence, 'the agent reported no eth0 addresses yet'] }
  const onEth0 = c.reportedAddresses.some((a) => a.split('/')[0] === c.managedIp)
  evidence.push(`eth0: ${c.reportedAddresses.join(', ')}`)
  if (!onEth0) {
    return {
      name,
      verdict: 'fail',
      evidence,
      fix: `# ${c.name}'s eth0 does not carry its allocated ${c.managedIp}: restart it so the CNI driver configures it again\ndocker restart ${c.name}`,
    }
  }
  if (c.mtu !== null) evidence.push(`eth0 MTU ${c.mtu}`)
  return { name, verdict: 'ok', evidence }
}

function hostHop(ctx: Ctx, host: SnapshotHost | undefined, hostId: string | null, role: 'Source' | 'Destination', withRouter: boolean, byHost: Map<string, SnapshotContainer[]>): TraceHop {
  if (!host) return { name: `${role} host`, verdict: 'unknown', evidence: [`the container is not on a known host (${hostId ?? 'none'})`] }
  const name = withRouter ? `${role} host ${host.name}: router` : `Bridge on ${host.name}`
  const evidence = [`host ${host.name} (${host.agentIp || 'no agent IP'}): ${host.state}`, `last heartbeat ${host.lastHeartbeatAt ?? 'never'}`]
  if (!hostLive(ctx.s, host, ctx.now)) {
    return {
      name,
      verdict: 'fail',
      evidence: [...evidence, 'disconnected: no recent heartbeat'],
      fix: `# On ${host.name}: check that the agent runs and reaches the control plane\ndocker logs --tail 50 rancher-agent`,
    }
  }
  if (!withRouter) return { name, verdict: 'ok', evidence: [...evidence, 'both containers are on this host: traffic stays on its bridge, no tunnel'] }
  const router = routerState(ctx.s, host, byHost.get(host.id) ?? [])
  if (!router) return { name, verdict: 'unknown', evidence: [...evidence, 'the environment has no overlay driver'] }
  return { name, verdict: router.ok ? 'ok' : 'fail', evidence: [...evidence, ...router.evidence], ...(router.fix ? { fix: router.fix } : {}) }
}

const LOOPBACK = parseCidr('127.0.0.0/8')
const LINK_LOCAL = parseCidr('169.254.0.0/16')
const DOCKER = parseCidr('172.17.0.0/16')

function agentIpProblem(s: DiagnosticsSnapshot, h: SnapshotHost): string | null {
  const ip = parseIpv4(h.agentIp)
  if (ip === null) return `${h.name} has no valid agent IP (${h.agentIp || 'empty'})`
  if (LOOPBACK.ok && cidrContains(LOOPBACK.cidr, ip)) return `${h.name} registered with loopback ${h.agentIp}`
  if (LINK_LOCAL.ok && cidrContains(LINK_LOCAL.cidr, ip)) return `${h.name} registered with link-local ${h.agentIp}`
  if (DOCKER.ok && cidrContains(DOCKER.cidr, ip)) return `${h.name} registered with docker0's ${h.agentIp}`
  if (h.interfaces.length > 0 && !h.interfaces.some((i) => i.cidrs.some((c) => c.split('/')[0] === h.agentIp))) return `${h.name}'s agent IP ${h.agentIp} is on none of its interfaces`
  if (s.hosts.some((o) => o.id !== h.id && o.state !== 'removed' && o.agentIp === h.agentIp)) return `${h.name}'s agent IP ${h.agentIp} is used by another host too`
  return null
}

function tunnelHop(ctx: Ctx, a: SnapshotHost, b: SnapshotHost): TraceHop {
  const s = ctx.s
  const network = s.defaultNetwork
  const name = `Tunnel ${a.name} → ${b.name}`
  const overlay = network?.overlay ?? 'none'
  const evidence: string[] = [`overlay ${overlay}${network?.tunnelPorts.length ? ` (UDP ${network.tunnelPorts.join(', ')})` : ''}`, `agent IPs ${a.agentIp || '—'} → ${b.agentIp || '—'}`]
  if (!network || overlay === 'none') return { name, verdict: 'unknown', evidence: [...evidence, 'no overlay driver backs the default network'] }
  const fixes: string[] = []
  let fail = false
  let unknown = false

  for (const h of [a, b]) {
    const problem = agentIpProblem(s, h)
    if (problem) {
      fail = true
      evidence.push(problem)
      fixes.push(`# Re-register ${h.name} with its real address: docker run ... -e CATTLE_AGENT_IP=<ip of ${h.name}> rancher/agent ...`)
    }
  }

  const wanted = new Set(network.tunnelPorts)
  for (const [src, dst] of [[a, b], [b, a]] as const) {
    const ports = new Map<string, boolean>()
    for (const p of src.report?.ports ?? []) if (p.peerHostId === dst.id && (wanted.size === 0 || wanted.has(p.port))) ports.set(`${p.protocol}/${p.port}`, p.open)
    if (ports.size === 0) {
      // the peer check below still decides the direction
      evidence.push(`ports ${src.name} → ${dst.name}: not reported`)
      continue
    }
    const blocked = [...ports].filter(([, open]) => !open).map(([k]) => k)
    evidence.push(`ports ${src.name} → ${dst.name}: ${[...ports].map(([k, open]) => `${k} ${open ? 'open' : 'blocked'}`).join(', ')}`)
    if (blocked.length > 0) {
      fail = true
      fixes.push(
        `# Open ${blocked.join(' and ')} from ${src.name} (${src.agentIp}) to ${dst.name} (${dst.agentIp}); on ${dst.name}, e.g.:`,
        ...blocked.map((k) => {
          const [proto, port] = k.split('/')
          return `iptables -I INPUT -p ${proto} -s ${src.agentIp} --dport ${port} -j ACCEPT`
        }),
      )
    }
  }

  // the connectivity check of this direction: a's outbound result and b's inbound one (last wins)
  let out: boolean | null = null
  let inb: boolean | null = null
  let error: string | null = null
  let rtt: number | null = null
  let lastSuccess: string | null = null
  for (const p of a.report?.peers ?? []) if (p.peerHostId === b.id && p.direction === 'outbound') ({ ok: out, error, rttMs: rtt, lastSuccessAt: lastSuccess } = p)
  for (const p of b.report?.peers ?? []) if (p.peerHostId === a.id && p.direction === 'inbound') {
    inb = p.ok
    error ??= p.error
  }
  if (out === null && inb === null) {
    unknown = true
    evidence.push('peer check: no report for this direction')
  } else if (out === false || inb === false) {
    fail = true
    evidence.push(`peer check ${a.name} → ${b.name}: failing${error ? ` (${error})` : ''}${lastSuccess ? `, last success ${lastSuccess}` : ''}`)
    if (fixes.length === 0) fixes.push(`# Walk the checklist: both registered IPs right, tunnel ports open both ways, both routers running; then from ${a.name}'s router ping ${b.routerIp ?? b.agentIp}`)
  } else {
    evidence.push(`peer check ${a.name} → ${b.name}: ok${rtt !== null ? `, RTT ${rtt} ms` : ''}`)
  }

  if (network.mtu !== null) {
    const hostMtus = [a, b].map((h) => `${h.name} ${h.mtu ?? '?'}`).join(', ')
    evidence.push(`MTU: network ${network.mtu}${network.linkMtuOverhead !== null ? ` (overhead ${network.linkMtuOverhead})` : ''}, hosts ${hostMtus}`)
  }
  const verdict = fail ? 'fail' : unknown ? 'unknown' : 'ok'
  return { name, verdict, evidence, ...(fail && fixes.length > 0 ? { fix: fixes.join('\n') } : {}) }
}

function finish(hops: TraceHop[], forced?: 'unreachable' | 'unknown'): Trace {
  const failed = hops.find((h) => h.verdict === 'fail')
  const verdict = forced ?? (failed ? 'unreachable' : hops.some((h) => h.verdict === 'unknown') ? 'unknown' : 'reachable')
  const summary =
    verdict === 'reachable'
      ? 'Every hop of the path is ok in the latest reports.'
      : failed
        ? `Fails at: ${failed.name}.`
        : `Not enough reported facts to decide: ${hops.filter((h) => h.verdict === 'unknown').map((h) => h.name).join(', ')}.`
  return { verdict, summary, hops }
}

export function trace(snapshot: DiagnosticsSnapshot, input: TraceInput, now: Date = new Date()): Trace {
  const ctx: Ctx = { s: snapshot, now: now.getTime(), hostById: new Map(snapshot.hosts.map((h) => [h.id, h])) }
  const fromC = containerById(snapshot, input.from)
  if (!fromC) throw new TraceReferenceError('from', input.from)

  // the destination: a container, or an address (a managed IP names its container)
  let toC: SnapshotContainer | undefined
  let port: number | undefined = input.port
  let ip: string | null = null
  if (typeof input.to === 'string') {
    toC = containerById(snapshot, input.to)
    if (!toC) throw new TraceReferenceError('to', input.to)
  } else {
    ip = input.to.ip
    port = input.to.port ?? port
    toC = snapshot.containers.find((c) => c.managedIp === ip && c.networkContainerId === null && c.state !== 'removed')
  }

  const hops: TraceHop[] = []
  const src = netnsOwner(snapshot, fromC)
  const srcHost = src.owner.hostId !== null ? ctx.hostById.get(src.owner.hostId) : undefined
  if (!isManaged(snapshot, src.owner)) {
    const why = modeExplanation(snapshot, src.owner, srcHost, 'source')
    hops.push({ name: `Source container ${fromC.name}`, verdict: 'fail', evidence: [...src.via, `network mode ${src.owner.networkMode}`, why.text], fix: why.fix })
    return finish(hops, 'unreachable')
  }
  const byHost = new Map<string, SnapshotContainer[]>()
  const containersOn = (hostId: string | null) => {
    if (hostId === null) return
    if (!byHost.has(hostId)) byHost.set(hostId, snapshot.containers.filter((c) => c.hostId === hostId && c.state !== 'removed'))
  }
  hops.push(containerHop(src.owner, src.via, 'Source'))

  if (!toC) {
    const text = ip ?? ''
    const n = parseIpv4(text)
    const host = snapshot.hosts.find((h) => h.agentIp === text)
    const inManaged = n !== null && (snapshot.defaultNetwork?.subnets ?? []).some((sn) => {
      const c = parseCidr(sn.cidr)
      return c.ok && cidrContains(c.cidr, n)
    })
    const target = `${text}${port !== undefined ? `:${port}` : ''}`
    if (host) {
      hops.push({ name: `Destination ${target}`, verdict: 'unknown', evidence: [`${text} is ${host.name}'s agent IP: the path leaves the managed network through Docker's NAT; agents report nothing about it`] })
    } else if (inManaged) {
      hops.push({
        name: `Destination ${target}`,
        verdict: 'fail',
        evidence: [`${text} is in ${subnetText(snapshot)} but no running container holds it`],
        fix: '# Pick the address from the Containers page; a recreated container gets a new managed IP unless it requests one.',
      })
    } else {
      hops.push({ name: `Destination ${target}`, verdict: 'unknown', evidence: [`${text} is outside the managed network and no host registered with it: agents report nothing about that path`] })
    }
    return finish(hops)
  }

  const dst = netnsOwner(snapshot, toC)
  const dstHost = dst.owner.hostId !== null ? ctx.hostById.get(dst.owner.hostId) : undefined
  if (!isManaged(snapshot, dst.owner)) {
    const why = modeExplanation(snapshot, dst.owner, dstHost, 'destination')
    const hostMode = dst.owner.networkMode === 'host'
    hops.push({ name: `Destination container ${toC.name}`, verdict: hostMode ? 'unknown' : 'fail', evidence: [...dst.via, `network mode ${dst.owner.networkMode}`, why.text], fix: why.fix })
    return finish(hops, hostMode ? 'unknown' : 'unreachable')
  }

  containersOn(src.owner.hostId)
  containersOn(dst.owner.hostId)
  if (src.owner.hostId !== null && src.owner.hostId === dst.owner.hostId) {
    hops.push(hostHop(ctx, srcHost, src.owner.hostId, 'Source', false, byHost))
  } else {
    hops.push(hostHop(ctx, srcHost, src.owner.hostId, 'Source', true, byHost))
    if (srcHost && dstHost) hops.push(tunnelHop(ctx, srcHost, dstHost))
    else hops.push({ name: 'Tunnel', verdict: 'unknown', evidence: ['a container is on no known host'] })
    hops.push(hostHop(ctx, dstHost, dst.owner.hostId, 'Destination', true, byHost))
  }
  hops.push(containerHop(dst.owner, dst.via, 'Destination', port))
  return finish(hops)
}
