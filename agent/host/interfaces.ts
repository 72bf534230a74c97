/** This host's interfaces as registration reports them (`ip -j addr`). */
import type { HostInterface } from '../../core/api/index.ts'
import type { Exec } from '../exec.ts'

interface IpAddrLink {
  ifname: string
  mtu?: number
  flags?: string[]
  addr_info?: Array<{ family: string; local: string; prefixlen: number }>
}

export function parseIpAddr(json: string): HostInterface[] {
  const links = JSON.parse(json) as IpAddrLink[]
  return links
    .filter((l) => l.ifname !== 'lo' && !l.ifname.includes('@'))
    .map((l) => ({
      name: l.ifname,
      cidrs: (l.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`),
      mtu: l.mtu ?? 1500,
    }))
}

export async function readInterfaces(exec: Exec): Promise<HostInterface[]> {
  const r = await exec('ip', ['-j', 'addr', 'show'])
  if (r.code !== 0) return []
  try {
    // veths of containers are this host's plumbing, not its interfaces
    return parseIpAddr(r.stdout).filter((i) => !/^(veth|vtep|ipsec)/.test(i.name))
  } catch {
    return []
  }
}

/** The interface carrying an address (the agent IP's NIC: the tunnel endpoint's MTU). */
export function interfaceWith(interfaces: HostInterface[], ip: string): HostInterface | undefined {
  return interfaces.find((i) => i.cidrs.some((c) => c.split('/')[0] === ip))
}
