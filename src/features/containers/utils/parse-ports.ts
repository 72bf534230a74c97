import type { PortSpec } from '../../../../core/api/index.ts'
import { isIpv4 } from '../../../../core/net/ipv4.ts'

export type ParsePortsResult = { ok: true; ports: PortSpec[] } | { ok: false; errors: string[] }

const PORT = /^[0-9]{1,5}$/

function port(text: string, what: string): number | string {
  if (!PORT.test(text)) return `${what} ${JSON.stringify(text)} is not a number`
  const n = Number(text)
  if (n < 1 || n > 65535) return `${what} ${n} is outside 1–65535`
  return n
}

/**
 * One entry in `docker run -p` syntax: `80`, `8080:80`, `127.0.0.1:9000:9000`, each with an
 * optional `/tcp` or `/udp`. A bare container port is declared but not published on the host.
 * Answers the spec or the reason it is not one.
 */
export function parsePort(entry: string): PortSpec | string {
  const slash = entry.lastIndexOf('/')
  const body = slash === -1 ? entry : entry.slice(0, slash)
  const protocol = slash === -1 ? 'tcp' : entry.slice(slash + 1).toLowerCase()
  if (protocol !== 'tcp' && protocol !== 'udp') return `protocol ${JSON.stringify(entry.slice(slash + 1))} must be tcp or udp`

  const parts = body.split(':')
  if (parts.length > 3) return 'write [bind IP:]host port:container port[/tcp|udp]'
  const privateText = parts[parts.length - 1]
  const publicText = parts.length >= 2 ? parts[parts.length - 2] : null
  const bindText = parts.length === 3 ? parts[0] : null

  if (bindText !== null && !isIpv4(bindText)) return `bind IP ${JSON.stringify(bindText)} is not an IPv4 address`
  // Docker would pick a random host port for `ip::80`; Paddock publishes only the ports it is given.
  if (publicText === '') return 'the host port is empty; give one, or write only the container port to leave it unpublished'
  const privatePort = port(privateText, 'container port')
  if (typeof privatePort === 'string') return privatePort
  const publicPort = publicText === null ? null : port(publicText, 'host port')
  if (typeof publicPort === 'string') return publicPort
  return { bindIp: bindText, publicPort, privatePort, protocol }
}

/**
 * Parses "Published ports": entries separated by commas, spaces or new lines. Checks syntax
 * only (whether a host port is free is the server's call); every error names its entry.
 */
export function parsePorts(text: string): ParsePortsResult {
  const entries = text.split(/[\s,]+/).filter((e) => e !== '')
  const ports: PortSpec[] = []
  const errors: string[] = []
  entries.forEach((entry, i) => {
    const parsed = parsePort(entry)
    if (typeof parsed === 'string') errors.push(`Entry ${i + 1} (${entry}): ${parsed}.`)
    else ports.push(parsed)
  })
  return errors.length > 0 ? { ok: false, errors } : { ok: true, ports }
}
