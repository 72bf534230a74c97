/**
 * strongSwan configuration for one host (domain §3.12, engineering/dataplane-lab.md §1).
 *
 * Traffic selectors are per host slice, not per container as Rancher's were: with userspace
 * ESP (kernel-libipsec) charon installs one route per policy, whose source must be a local
 * address inside the policy's local selector, and a container's /32 never holds one (charon:
 * "error installing route with policy 10.42.0.8/32 === 10.42.0.7/32 out", no CHILD_SA).
 * A host slice (e.g. 10.42.1.0/24) holds the host's router address, so every policy gets a
 * route from the router address; IPAM gives such hosts' containers addresses in the slice.
 * A peer without a slice is offered its container /32s (it must then route per policy
 * itself, e.g. kernel xfrm).
 *
 * Userspace ESP (kernel-libipsec, a TUN device) because the lab kernels have no xfrm ESP;
 * UDP encapsulation forced (`encap = yes`, Rancher's "encap yes"). libipsec cannot trap
 * packets (no acquire), so the side with the lower agent IP starts every CHILD_SA
 * (`start_action = start`), retries forever (`keyingtries = 0`) and restarts on DPD; the
 * other side only responds.
 */
import { ipv4Number } from './overlay.ts'

export interface IpsecEnd {
  hostId: string
  agentIp: string
  /** What this end routes through tunnels: its slice (`10.42.1.0/24`), or its router and container addresses. */
  selectors: string[]
}

/** Connection and child name for a peer (one IKE SA and one CHILD_SA per peer host). */
export function connectionName(peerHostId: string): string {
  return `peer-${peerHostId.replace(/[^A-Za-z0-9_-]/g, '')}`
}

export function initiates(localAgentIp: string, peerAgentIp: string): boolean {
  return ipv4Number(localAgentIp) < ipv4Number(peerAgentIp)
}

export function tsList(selectors: string[]): string {
  return selectors.map((ip) => (ip.includes('/') ? ip : `${ip}/32`)).join(',')
}

/** swanctl values run to the end of the line: one key per line, or the block is discarded. */
export function swanctlConf(local: IpsecEnd, peers: IpsecEnd[], psk: string): string {
  const lines: string[] = ['connections {']
  for (const peer of peers) {
    if (peer.selectors.length === 0 || local.selectors.length === 0) continue
    const name = connectionName(peer.hostId)
    const initiator = initiates(local.agentIp, peer.agentIp)
    lines.push(
      `  ${name} {`,
      '    version = 2',
      `    local_addrs = ${local.agentIp}`,
      `    remote_addrs = ${peer.agentIp}`,
      '    encap = yes',
      '    proposals = aes128-sha256-modp2048',
      '    dpd_delay = 5s',
      '    keyingtries = 0',
      '    local {',
      '      auth = psk',
      `      id = ${local.agentIp}`,
      '    }',
      '    remote {',
      '      auth = psk',
      `      id = ${peer.agentIp}`,
      '    }',
      '    children {',
      `      ${name} {`,
      `        local_ts = ${tsList(local.selectors)}`,
      `        remote_ts = ${tsList(peer.selectors)}`,
      '        mode = tunnel',
      '        esp_proposals = aes128gcm16',
      `        start_action = ${initiator ? 'start' : 'none'}`,
      `        dpd_action = ${initiator ? 'restart' : 'clear'}`,
      `        close_action = ${initiator ? 'start' : 'none'}`,
      '      }',
      '    }',
      '  }',
    )
  }
  lines.push('}', 'secrets {')
  for (const peer of peers) {
    lines.push(
      `  ike-${connectionName(peer.hostId)} {`,
      `    id-a = ${local.agentIp}`,
      `    id-b = ${peer.agentIp}`,
      `    secret = ${JSON.stringify(psk)}`,
      '  }',
    )
  }
  lines.push('}', '')
  return lines.join('\n')
}

/**
 * charon's own settings. Retransmits are tuned so a dead peer is declared after ~7 s instead
 * of ~165 s (dpd_delay 5 s + 1 + 1.2 + 1.44 + 1.73 s), and an initiator whose peer came back retries within ~5.4 s; kernel-libipsec is loaded before kernel-netlink so it is the IPsec backend.
 */
export function strongswanConf(dir: string, mtu: number): string {
  return `charon {
  load_modular = no
  load = random nonce openssl pem pkcs1 x509 pubkey kdf aes sha1 sha2 hmac gcm kernel-libipsec kernel-netlink socket-default vici counters
  install_routes = yes
  retransmit_tries = 3
  retransmit_timeout = 1.0
  retransmit_base = 1.2
  plugins {
    vici {
      socket = unix://${dir}/charon.vici
    }
    kernel-libipsec {
      mtu = ${mtu}
    }
  }
  syslog {
    daemon {
      default = -1
    }
  }
  filelog {
    charon {
      path = ${dir}/charon.log
      time_format = %T
      default = 1
      flush_line = yes
    }
  }
}
swanctl {
  load = pem pkcs1 x509 pubkey openssl random
}
`
}
