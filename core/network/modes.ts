/**
 * Network mode resolution (domain §3.3) and the explanation of each container address
 * (§3.7, DESIGN "IPs per mode"). Pure: the caller passes the environment's networks.
 */

export interface ModeNetwork {
  id: string
  name: string
  kind: string
}

export type ModeResolution =
  | { ok: true; network: ModeNetwork; managed: boolean; containerName: string | null }
  | { ok: false; message: string }

/** Docker-mode network kinds and the mode strings that select them. */
const DOCKER_MODES: Record<string, string> = {
  host: 'dockerHost',
  none: 'dockerNone',
  bridge: 'dockerBridge',
  default: 'dockerBridge',
}

/** Label that lets a Docker-CLI (native) container join the managed network. */
export const NETWORK_LABEL = 'io.rancher.container.network'

/**
 * Resolves a network mode string to a network of the environment:
 * `managed` → the default network; `host`/`none`/`bridge`/`default` → the Docker-mode network;
 * `container:<name>` → dockerContainer (sharing `<name>`'s netns); anything else → the network
 * of that name (e.g. `ipsec`). Native containers join the managed network only with
 * `io.rancher.container.network=true`, and only from the bridge/none/default Docker modes;
 * for them `managed` (not a Docker mode) means Docker's default bridge. Rancher-created
 * containers ignore that label (cattle strips it, domain §3.4).
 * Fails (`ok: false`, message naming the mode) when nothing resolves.
 */
export function resolveNetworkMode(
  mode: string,
  ctx: { networks: ModeNetwork[]; defaultNetworkId: string | null; native: boolean; labels: Record<string, string> },
): ModeResolution {
  const byKind = (kind: string) => ctx.networks.find((n) => n.kind === kind)
  const fail = (why: string): ModeResolution => ({ ok: false, message: `network mode ${JSON.stringify(mode)}: ${why}` })
  const trimmed = mode.trim()

  if (ctx.native) {
    // `managed` is not a Docker mode: a Docker CLI container without --net is on Docker's default bridge
    const dockerMode = trimmed === '' || trimmed === 'managed' ? 'bridge' : trimmed
    const labelled = ctx.labels[NETWORK_LABEL] === 'true'
    if (labelled && ['bridge', 'default', 'none'].includes(dockerMode)) {
      const net = ctx.networks.find((n) => n.id === ctx.defaultNetworkId)
      if (!net) return fail('the label io.rancher.container.network=true asks for the managed network, but the environment has no default network')
      return { ok: true, network: net, managed: true, containerName: null }
    }
    if (dockerMode === 'bridge') {
      const net = byKind('dockerBridge')
      return net ? { ok: true, network: net, managed: false, containerName: null } : fail('no dockerBridge network')
    }
  }

  if (trimmed.startsWith('container:')) {
    const name = trimmed.slice('container:'.length).trim()
    if (!name) return fail('container: needs a container name')
    const net = byKind('dockerContainer')
    return net ? { ok: true, network: net, managed: false, containerName: name } : fail('no Docker container network')
  }
  const dockerKind = DOCKER_MODES[trimmed]
  if (dockerKind) {
    const net = byKind(dockerKind)
    return net ? { ok: true, network: net, managed: false, containerName: null } : fail(`no ${dockerKind} network`)
  }
  if (trimmed === 'managed' || trimmed === '') {
    const net = ctx.networks.find((n) => n.id === ctx.defaultNetworkId)
    return net
      ? { ok: true, network: net, managed: true, containerName: null }
      : // Rancher's words ("Failed to find network for networkMode managed"), with the reason
        { ok: false, message: 'no network for network mode managed: the environment has no default network (its network driver stack was removed or never deployed)' }
  }
  const named = ctx.networks.find((n) => n.name === trimmed && !n.kind.startsWith('docker'))
  if (named) return { ok: true, network: named, managed: true, containerName: null }
  return fail(`no network named ${JSON.stringify(trimmed)} in this environment`)
}

export interface AddressNote {
  source: string
  detail: string | null
}

export interface NoteInput {
  networkMode: string
  native: boolean
  labels: Record<string, string>
  /** The network the mode resolved to (kind and name), null if it resolved to nothing. */
  networkKind: string | null
  networkName: string | null
  dockerIp: string | null
  managedIp: string | null
  /** Host agent IP, shown for host-mode containers. */
  hostAgentIp: string | null
  /** `container:<name>` target. */
  networkFromName: string | null
  requestedIps: string[]
  /** How IPAM chose the managed IP, when the container has one of its own. */
  ipSource?: 'next-free' | 'requested' | 'retained' | null
  state: string
}

/** Explains, for each of the two IP columns, where the address comes from or why there is none. */
export function addressNotes(c: NoteInput): { docker: AddressNote; managed: AddressNote } {
  const onManaged = c.networkKind !== null && !c.networkKind.startsWith('docker')
  if (c.networkKind === 'dockerContainer') {
    const from = c.networkFromName ?? '?'
    const shared: AddressNote = { source: `shares the network namespace of ${from}`, detail: `the addresses shown are ${from}'s` }
    return { docker: shared, managed: shared }
  }
  if (c.networkKind === 'dockerHost') {
    const hostNote: AddressNote = {
      source: 'host network: no address of its own',
      detail: c.hostAgentIp ? `uses the host's addresses (agent IP ${c.hostAgentIp})` : null,
    }
    const managed: AddressNote =
      c.native && c.labels[NETWORK_LABEL] !== 'true'
        ? {
            source: 'Docker CLI container without the managed-network label',
            detail: `run it with --label ${NETWORK_LABEL}=true (and --net=none for the managed IP only) to join the managed network`,
          }
        : { source: 'host network mode: not on the managed network', detail: null }
    return { docker: hostNote, managed }
  }
  if (c.networkKind === 'dockerNone') {
    const none: AddressNote = { source: 'network mode none: loopback only', detail: null }
    return { docker: none, managed: none }
  }
  const waiting = c.state === 'creating' ? 'waiting for the host agent to report it' : 'the agent has not reported one'
  const docker: AddressNote = c.dockerIp
    ? { source: 'Docker bridge docker0 (172.17.0.0/16), as the agent reported it', detail: 'this is the address docker inspect shows' }
    : { source: 'no Docker bridge IP yet', detail: waiting }
  if (c.networkKind === 'dockerBridge') {
    const managed: AddressNote =
      c.native && c.labels[NETWORK_LABEL] !== 'true'
        ? {
            source: 'Docker CLI container without the managed-network label',
            detail: `recreate it with --label ${NETWORK_LABEL}=true to get a managed IP`,
          }
        : { source: 'bridge mode: Docker bridge only, no managed IP', detail: null }
    return { docker, managed }
  }
  if (onManaged) {
    const requested = c.requestedIps.length > 0
    const honoured = requested && c.managedIp !== null && c.requestedIps.includes(c.managedIp)
    const retained = c.ipSource === 'retained'
    const managed: AddressNote = c.managedIp
      ? {
          source: `allocated by IPAM on network ${c.networkName ?? '?'}`,
          detail: [
            'not visible in docker inspect',
            retained ? 'kept from the container it replaces' : null,
            requested && !retained ? (honoured ? 'requested IP honoured' : `requested ${c.requestedIps.join(', ')} was taken or out of range; a free one was given`) : null,
          ]
            .filter(Boolean)
            .join('; '),
        }
      : { source: 'no managed IP allocated', detail: c.state === 'error' ? 'allocation failed' : null }
    return { docker, managed }
  }
  return {
    docker,
    managed: { source: `network mode ${JSON.stringify(c.networkMode)} resolves to no network`, detail: 'networking failed' },
  }
}
