/**
 * Network-namespace containers: each container is a named netns whose eth0 the reference CNI
 * `bridge` plugin attaches to docker0 with the address Paddock's IPAM chose (static IPAM).
 * There is no process inside; ping and TCP probes run in the namespace with `ip netns exec`.
 *
 * Docker bridge addresses (172.17.0.0/16) are this host's own business, as they are Docker's
 * on a real host: handed out here in order, never reported to IPAM.
 */
import type { ContainerFacts, DesiredContainer } from '../../core/api/index.ts'
import { existsSync } from 'node:fs'
import { describeFailure, type Exec } from '../exec.ts'
import { referenceBridgeConfig } from './cni-config.ts'
import type { AttachContext, ContainerRuntime, RuntimeDeps } from './runtime.ts'

export const DOCKER_GATEWAY = '172.17.0.1'
const DOCKER_PREFIX = 16

interface Attached {
  netns: string
  /** The config the plugin was called with (ADD and DEL must get the same one). */
  config: string
  dockerIp: string | null
}

/** Whether a container gets a Docker bridge address (same rule as the simulated lab). */
function hasDockerBridgeIp(c: DesiredContainer): boolean {
  if (c.networkFrom) return false
  const mode = c.networkMode
  return !(mode === 'host' || mode === 'none' || mode.startsWith('container:'))
}

/** Modes that get a netns of their own (host mode shares the host's; container:X shares X's). */
function ownsNetns(c: DesiredContainer): boolean {
  return !c.networkFrom && c.networkMode !== 'host' && !c.networkMode.startsWith('container:')
}

export class NetnsRuntime implements ContainerRuntime {
  private attached = new Map<string, Attached>()
  private dockerIps = new Map<string, string>()
  private nextDocker = 2

  constructor(private readonly deps: RuntimeDeps) {}

  private netnsName(id: string): string {
    // netns names are file names under /run/netns; container ids are [a-z0-9_]
    return `${this.deps.netnsPrefix}${id.replace(/[^A-Za-z0-9_.-]/g, '')}`
  }

  private dockerIpFor(id: string): string {
    let ip = this.dockerIps.get(id)
    if (!ip) {
      const used = new Set(this.dockerIps.values())
      do {
        const n = this.nextDocker++
        ip = `172.17.${Math.floor(n / 256)}.${n % 256}`
      } while (used.has(ip))
      this.dockerIps.set(id, ip)
    }
    return ip
  }

  private run: Exec = (file, args, opts) => this.deps.exec(file, args, opts)

  /** Runs the bridge plugin; inside the host's named netns when there is one. */
  private async cni(command: 'ADD' | 'DEL', id: string, netns: string, config: string): Promise<{ ok: boolean; error: string | null; stdout: string }> {
    const env = {
      CNI_COMMAND: command,
      CNI_CONTAINERID: id,
      CNI_NETNS: `/var/run/netns/${netns}`,
      CNI_IFNAME: 'eth0',
      CNI_PATH: this.deps.cniPath,
    }
    const plugin = `${this.deps.cniPath}/bridge`
    const [file, args] = this.deps.hostNetns
      ? ['ip', ['netns', 'exec', this.deps.hostNetns, 'env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), plugin]]
      : [plugin, [] as string[]]
    const r = await this.run(file as string, args as string[], { input: config, env: this.deps.hostNetns ? undefined : env, timeoutMs: 15_000 })
    if (r.code !== 0) {
      // the plugin prints a CNI error object on stdout
      let msg = describeFailure(plugin, [command], r)
      try {
        const e = JSON.parse(r.stdout) as { msg?: string; details?: string }
        if (e.msg) msg = `CNI ${command}: ${e.msg}${e.details ? ` (${e.details})` : ''}`
      } catch {
        // not a CNI error object
      }
      return { ok: false, error: msg, stdout: r.stdout }
    }
    return { ok: true, error: null, stdout: r.stdout }
  }

  private async detach(id: string): Promise<void> {
    const a = this.attached.get(id)
    if (!a) return
    await this.cni('DEL', id, a.netns, a.config)
    await this.run('ip', ['netns', 'del', a.netns])
    this.attached.delete(id)
  }

  private async readEth0(netns: string): Promise<{ addresses: string[]; mtu: number | null }> {
    const r = await this.run('ip', ['-n', netns, '-j', 'addr', 'show', 'dev', 'eth0'])
    if (r.code !== 0) return { addresses: [], mtu: null }
    try {
      const [link] = JSON.parse(r.stdout) as Array<{ mtu?: number; addr_info?: Array<{ family: string; local: string; prefixlen: number }> }>
      return {
        addresses: (link?.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`),
        mtu: link?.mtu ?? null,
      }
    } catch {
      return { addresses: [], mtu: null }
    }
  }

  async ensure(c: DesiredContainer, ctx: AttachContext): Promise<ContainerFacts> {
    const facts = (state: ContainerFacts['state'], extra: Partial<ContainerFacts> = {}): ContainerFacts => ({
      containerId: c.id,
      state,
      dockerIp: null,
      eth0Addresses: [],
      mtu: null,
      error: null,
      ...extra,
    })
    if (c.desiredState === 'removed') {
      await this.detach(c.id)
      this.dockerIps.delete(c.id)
      return facts('removed')
    }
    if (c.desiredState === 'stopped') {
      // a stopped Docker container has no network namespace; its managed IP stays allocated
      await this.detach(c.id)
      return facts('stopped')
    }
    if (c.networkMode === 'host') return facts('running')
    if (!ownsNetns(c)) {
      // container:X — it lives in X's namespace and sees X's eth0
      const from = c.networkFrom ? ctx.byName.get(c.networkFrom) : undefined
      const a = from ? this.attached.get(from.id) : undefined
      if (!a) return facts('error', { error: `the container whose network it shares (${c.networkFrom ?? c.networkMode}) is not running on this host` })
      const eth0 = await this.readEth0(a.netns)
      return facts('running', { eth0Addresses: eth0.addresses, mtu: eth0.mtu, dockerIp: a.dockerIp })
    }

    const netns = this.netnsName(c.id)
    // a namespace an earlier agent process made (this one restarted): keep its Docker address
    const leftover = !this.attached.has(c.id) && existsSync(`/run/netns/${netns}`)
    const before = leftover ? await this.readEth0(netns) : null
    const keptDocker = before?.addresses.find((a) => a.startsWith('172.17.'))?.split('/')[0]
    if (keptDocker && hasDockerBridgeIp(c) && !this.dockerIps.has(c.id)) this.dockerIps.set(c.id, keptDocker)
    const dockerIp = hasDockerBridgeIp(c) ? this.dockerIpFor(c.id) : null
    const wantsEth0 = c.networkMode !== 'none' && (dockerIp !== null || c.managedIp !== null)
    const config = wantsEth0
      ? JSON.stringify(referenceBridgeConfig(ctx.cniConfig, c, { dockerIp: dockerIp ? `${dockerIp}/${DOCKER_PREFIX}` : null, dockerGateway: DOCKER_GATEWAY }))
      : ''
    const current = this.attached.get(c.id)
    // the address or the MTU changed (e.g. a retained address was released): attach again
    if (current && current.config !== config) await this.detach(c.id)
    if (!this.attached.has(c.id) && before) {
      const wanted = [dockerIp ? `${dockerIp}/${DOCKER_PREFIX}` : null, c.managedIp].filter((a): a is string => !!a)
      if (wanted.every((a) => before.addresses.includes(a)) && before.addresses.length === wanted.length) {
        // already attached as desired: take it over without touching the data path
        this.attached.set(c.id, { netns, config, dockerIp })
      } else if (before.addresses.length > 0) {
        // attached with other addresses: detach (DEL with the new config deletes the veth the same way)
        await this.cni('DEL', c.id, netns, config || '{}')
      }
    }
    if (!this.attached.has(c.id)) {
      const add = await this.run('ip', ['netns', 'add', netns])
      if (add.code !== 0 && !/exists/i.test(add.stderr)) return facts('error', { error: describeFailure('ip', ['netns', 'add', netns], add) })
      await this.run('ip', ['-n', netns, 'link', 'set', 'lo', 'up'])
      if (wantsEth0) {
        const r = await this.cni('ADD', c.id, netns, config)
        if (!r.ok) {
          await this.run('ip', ['netns', 'del', netns])
          return facts('error', { error: r.error })
        }
      }
      this.attached.set(c.id, { netns, config, dockerIp })
    }
    const eth0 = wantsEth0 ? await this.readEth0(netns) : { addresses: [], mtu: null }
    return facts('running', { dockerIp, eth0Addresses: eth0.addresses, mtu: eth0.mtu })
  }

  async remove(id: string): Promise<void> {
    await this.detach(id)
    this.dockerIps.delete(id)
  }

  known(): string[] {
    return [...this.attached.keys()]
  }

  netnsOf(id: string): string | null {
    return this.attached.get(id)?.netns ?? null
  }

  async removeAll(): Promise<void> {
    for (const id of [...this.attached.keys()]) await this.detach(id)
  }
}
