/**
 * Reads the services of a rendered compose pair (docker-compose + rancher-compose) into the
 * launch configuration Paddock schedules. Pure; tolerant of both compose v1 (services at the
 * top level) and v2 (`services:`), of label lists (`- k=v`) and maps, and of port strings.
 */
import type { ErrorDetail } from '../api/errors.ts'
import type { PortSpec } from '../api/containers.ts'

export interface ServiceDef {
  name: string
  image: string
  /** `managed` when the compose sets none (Rancher's default for services). */
  networkMode: string
  labels: Record<string, string>
  ports: PortSpec[]
  /** `io.rancher.scheduler.global=true`: one container per active host. */
  global: boolean
  scale: number
  dns: string[]
  dnsSearch: string[]
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The service map of a parsed compose document (v2 `services:` or v1 top level). */
export function composeServices(doc: unknown): Record<string, Record<string, unknown>> {
  if (!isObject(doc)) return {}
  const source = isObject(doc.services) ? doc.services : doc.version === undefined ? doc : {}
  const out: Record<string, Record<string, unknown>> = {}
  for (const [name, def] of Object.entries(source)) {
    if (name === 'version' || name === '.catalog' || name === 'network_drivers' || name === 'volumes' || name === 'networks') continue
    if (isObject(def)) out[name] = def
  }
  return out
}

/** Labels as a map, from either `{k: v}` or `['k=v']`; values become strings. */
export function labelMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (Array.isArray(value)) {
    for (const entry of value) {
      if (typeof entry !== 'string') continue
      const i = entry.indexOf('=')
      if (i > 0) out[entry.slice(0, i)] = entry.slice(i + 1)
      else out[entry] = ''
    }
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) out[k] = v === null || v === undefined ? '' : String(v)
  }
  return out
}

/**
 * Parses a compose port: `80`, `8080:80`, `0.0.0.0:500:500/udp`, `127.0.0.1::53`.
 * Returns null when the text is not a port spec.
 */
export function parsePort(text: string): PortSpec | null {
  const m = /^(?:(?:(\d{1,3}(?:\.\d{1,3}){3}):)?(\d{0,5}):)?(\d{1,5})(?:\/(tcp|udp))?$/.exec(text.trim())
  if (!m) return null
  const [, bindIp, publicPort, privatePort, protocol] = m
  const pub = publicPort ? Number(publicPort) : null
  const priv = Number(privatePort)
  if (priv < 1 || priv > 65535 || (pub !== null && (pub < 1 || pub > 65535))) return null
  return { bindIp: bindIp ?? null, publicPort: pub, privatePort: priv, protocol: (protocol as 'tcp' | 'udp') ?? 'tcp' }
}

const stringList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [])

/** Service definitions of a stack; problems are reported with dotted paths, never thrown. */
export function readServices(dockerCompose: unknown, rancherCompose: unknown): { services: ServiceDef[]; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = []
  const docker = composeServices(dockerCompose)
  const rancher = composeServices(rancherCompose)
  const services: ServiceDef[] = []
  for (const [name, def] of Object.entries(docker)) {
    const extra = rancher[name] ?? {}
    const labels = labelMap(def.labels)
    const ports: PortSpec[] = []
    stringList(def.ports).forEach((p, i) => {
      const spec = parsePort(p)
      if (spec) ports.push(spec)
      else errors.push({ path: `services.${name}.ports.${i}`, message: `${JSON.stringify(p)} is not a port (use [ip:]public:private[/tcp|udp])` })
    })
    const scaleRaw = extra.scale ?? def.scale ?? 1
    const scale = Number(scaleRaw)
    if (!Number.isInteger(scale) || scale < 0) errors.push({ path: `services.${name}.scale`, message: `${JSON.stringify(scaleRaw)} is not a whole number` })
    services.push({
      name,
      image: typeof def.image === 'string' ? def.image : '',
      networkMode: typeof def.network_mode === 'string' && def.network_mode.trim() ? def.network_mode.trim() : 'managed',
      labels,
      ports,
      global: labels['io.rancher.scheduler.global'] === 'true',
      scale: Number.isInteger(scale) && scale >= 0 ? scale : 1,
      dns: stringList(def.dns),
      dnsSearch: stringList(def.dns_search),
    })
  }
  return { services, errors }
}
