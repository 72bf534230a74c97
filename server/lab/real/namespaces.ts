/**
 * The real lab's topology (engineering/dataplane-lab.md): a LAN namespace with a bridge and
 * one namespace per host, linked by veths created inside the LAN namespace, so the root
 * namespace gets no interface, address or route. Every name starts with a per-run prefix;
 * teardown deletes only namespaces with that prefix.
 */
import { existsSync } from 'node:fs'
import { describeFailure, exec, must, type Exec } from '../../../agent/exec.ts'

/** The lab LAN: host N gets 192.168.50.(10 + N), as in the verified notes. */
const LAB_LAN_PREFIX = '192.168.50'
const LAB_FIRST_HOST = 11

export interface LabHostNs {
  index: number
  name: string
  netns: string
  /** The host's end of the LAN, inside the LAN namespace (`ip -n <lan> link set <port> down` unplugs it). */
  lanPort: string
  agentIp: string
}

export function lanNetns(prefix: string): string {
  return `${prefix}lan`
}

export async function createLan(prefix: string, run: Exec = exec): Promise<void> {
  const lan = lanNetns(prefix)
  await must(run, 'ip', ['netns', 'add', lan])
  await must(run, 'ip', ['-n', lan, 'link', 'add', 'br-lan', 'type', 'bridge'])
  await must(run, 'ip', ['-n', lan, 'link', 'set', 'br-lan', 'up'])
}

export function hostNs(prefix: string, index: number): LabHostNs {
  return {
    index,
    name: `host-${index}`,
    netns: `${prefix}h${index}`,
    lanPort: `h${index}`,
    agentIp: `${LAB_LAN_PREFIX}.${LAB_FIRST_HOST + index - 1}`,
  }
}

/** One host namespace on the LAN: eth0 with its agent IP, lo up, IPv6 off (no RS noise). */
export async function createHost(prefix: string, h: LabHostNs, run: Exec = exec): Promise<void> {
  const lan = lanNetns(prefix)
  await must(run, 'ip', ['netns', 'add', h.netns])
  await must(run, 'ip', ['-n', lan, 'link', 'add', h.lanPort, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', h.netns])
  await must(run, 'ip', ['-n', lan, 'link', 'set', h.lanPort, 'master', 'br-lan', 'up'])
  await must(run, 'ip', ['netns', 'exec', h.netns, 'sysctl', '-qw', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1'])
  await must(run, 'ip', ['-n', h.netns, 'addr', 'add', `${h.agentIp}/24`, 'dev', 'eth0'])
  await must(run, 'ip', ['-n', h.netns, 'link', 'set', 'eth0', 'up'])
  await must(run, 'ip', ['-n', h.netns, 'link', 'set', 'lo', 'up'])
}

/** Deletes every namespace whose name starts with prefix (hosts, containers, the LAN), killing what runs in them. */
export async function deleteNamespaces(prefix: string, run: Exec = exec): Promise<string[]> {
  const r = await run('ip', ['netns', 'list'])
  const names = r.stdout
    .split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter((n) => n.startsWith(prefix))
  const errors: string[] = []
  for (const n of names) {
    // processes still inside are the lab's own (agents whose server died): stop them first
    const pids = (await run('ip', ['netns', 'pids', n])).stdout.split('\n').map(Number).filter((p) => p > 1)
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
    const d = await run('ip', ['netns', 'del', n])
    if (d.code !== 0) errors.push(describeFailure('ip', ['netns', 'del', n], d))
  }
  return errors
}

const TOOLS = [
  '/usr/sbin/ip',
  '/usr/sbin/nft',
  '/usr/lib/cni/bridge',
  '/usr/lib/cni/static',
  '/usr/bin/nsenter',
  '/usr/bin/ping',
  '/usr/lib/ipsec/charon',
  '/usr/sbin/swanctl',
  '/usr/lib/ipsec/plugins/libstrongswan-kernel-libipsec.so',
]
const PACKAGES = 'iproute2 nftables containernetworking-plugins util-linux iputils-ping strongswan-charon strongswan-swanctl libcharon-extra-plugins'

/** Whether this machine can run the real lab, and if not, exactly why. */
export async function labCapability(run: Exec = exec): Promise<{ ok: boolean; reasons: string[] }> {
  const reasons: string[] = []
  if (process.platform !== 'linux') reasons.push(`needs Linux (this is ${process.platform})`)
  if (typeof process.getuid === 'function' && process.getuid() !== 0) reasons.push('needs root (network namespaces, links, nftables)')
  if (!existsSync('/dev/net/tun')) reasons.push('needs /dev/net/tun')
  const missing = TOOLS.filter((t) => !existsSync(t))
  if (missing.length > 0) reasons.push(`needs ${missing.join(', ')} (apt-get install -y ${PACKAGES})`)
  if (reasons.length === 0) {
    const probe = `pdk-probe-${process.pid}`
    const r = await run('ip', ['netns', 'add', probe])
    if (r.code !== 0) reasons.push(`cannot create a network namespace: ${r.stderr.trim()}`)
    else await run('ip', ['netns', 'del', probe])
  }
  return { ok: reasons.length === 0, reasons }
}
