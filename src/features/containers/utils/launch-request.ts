import { ContainerName, type ContainerCreate } from '../../../../core/api/index.ts'
import { isIpv4 } from '../../../../core/net/ipv4.ts'
import { parseLabels } from './parse-labels.ts'
import { parsePorts } from './parse-ports.ts'

/** Labels the launch form sets from its own controls (domain §3.4). */
export const REQUESTED_IP_LABEL = 'io.rancher.container.requested_ip'
export const DNS_LABEL = 'io.rancher.container.dns'
export const NETWORK_LABEL = 'io.rancher.container.network'

/** The select value standing for `container:<name>`; the name comes from a second select. */
export const CONTAINER_MODE = 'container'

export type LaunchFormValues = {
  name: string
  image: string
  /** Empty: the scheduler picks an active host. */
  hostId: string
  /** `managed`, a managed network's name, `host`, `bridge`, `none`, or CONTAINER_MODE. */
  networkMode: string
  /** With CONTAINER_MODE: the container whose network namespace to share. */
  networkContainer: string
  native: boolean
  /** Only for native containers: adds io.rancher.container.network=true. */
  joinManaged: boolean
  /** Comma list of IPv4 addresses. */
  requestedIp: string
  rancherDns: boolean
  labels: string
  ports: string
}

export type LaunchField = keyof Omit<LaunchFormValues, 'networkContainer'>
export type LaunchErrors = Partial<Record<LaunchField, string[]>>
export type LaunchRequest = { ok: true; body: ContainerCreate } | { ok: false; errors: LaunchErrors }

export const EMPTY_LAUNCH_FORM: LaunchFormValues = {
  name: '',
  image: '',
  hostId: '',
  networkMode: 'managed',
  networkContainer: '',
  native: false,
  joinManaged: false,
  requestedIp: '',
  rancherDns: true,
  labels: '',
  ports: '',
}

function requestedIps(text: string): { ips: string[]; errors: string[] } {
  const ips = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
  const errors = ips.filter((ip) => !isIpv4(ip)).map((ip) => `${JSON.stringify(ip)} is not an IPv4 address.`)
  return { ips, errors }
}

/**
 * Turns the launch form into the POST body, or says per field what is not even well-formed.
 * Only syntax is checked here: whether a name, host, port or address is free is the server's
 * answer. A label typed in "Labels" that one of the form's own controls also sets must agree
 * with it, so the operator never wonders which of the two won.
 */
export function buildLaunchRequest(values: LaunchFormValues): LaunchRequest {
  const errors: LaunchErrors = {}
  const add = (field: LaunchField, message: string) => (errors[field] ??= []).push(message)

  const name = values.name.trim()
  if (name === '') add('name', 'Give the container a name.')
  else {
    const parsed = ContainerName.safeParse(name)
    if (!parsed.success) add('name', `${JSON.stringify(name)}: ${parsed.error.issues[0]?.message ?? 'not a container name'}.`)
  }
  const image = values.image.trim()
  if (image === '') add('image', 'Give an image, e.g. nginx:1.27.')

  let networkMode = values.networkMode
  if (values.networkMode === CONTAINER_MODE) {
    if (values.networkContainer === '') add('networkMode', 'Pick the container whose network namespace to share.')
    networkMode = `${CONTAINER_MODE}:${values.networkContainer}`
  }

  const requested = requestedIps(values.requestedIp)
  for (const message of requested.errors) add('requestedIp', message)

  const ports = parsePorts(values.ports)
  if (!ports.ok) for (const message of ports.errors) add('ports', message)

  const parsedLabels = parseLabels(values.labels)
  const labels: Record<string, string> = parsedLabels.ok ? { ...parsedLabels.labels } : {}
  if (!parsedLabels.ok) for (const message of parsedLabels.errors) add('labels', message)
  else {
    const clash = (key: string, message: string) => add('labels', `Line ${parsedLabels.lineOf.get(key)}: ${message}`)
    const typed = (key: string) => (Object.hasOwn(labels, key) ? labels[key] : undefined)

    if (requested.ips.length > 0) {
      const value = requested.ips.join(',')
      const current = typed(REQUESTED_IP_LABEL)
      if (current !== undefined && current.replace(/\s/g, '') !== value) clash(REQUESTED_IP_LABEL, `${REQUESTED_IP_LABEL} is also set by the Requested IP field; keep one.`)
      labels[REQUESTED_IP_LABEL] = value
    }

    const dns = typed(DNS_LABEL)
    if (!values.rancherDns) {
      if (dns !== undefined && dns !== 'false') clash(DNS_LABEL, `${DNS_LABEL}=${dns} contradicts the unchecked Rancher DNS box.`)
      labels[DNS_LABEL] = 'false'
    } else if (dns === 'false') {
      clash(DNS_LABEL, `${DNS_LABEL}=false turns Rancher DNS off; uncheck the Rancher DNS box instead.`)
    }

    if (values.native && values.joinManaged) {
      const network = typed(NETWORK_LABEL)
      if (network !== undefined && network !== 'true') clash(NETWORK_LABEL, `${NETWORK_LABEL}=${network} contradicts the checked Join the managed network box.`)
      labels[NETWORK_LABEL] = 'true'
    }
  }

  if (Object.keys(errors).length > 0) return { ok: false, errors }

  const body: ContainerCreate = {
    name,
    image,
    networkMode,
    native: values.native,
    labels,
    ports: ports.ok ? ports.ports : [],
  }
  // A container sharing another's network namespace runs on that one's host: the server places it.
  if (values.hostId !== '' && values.networkMode !== CONTAINER_MODE) body.hostId = values.hostId
  return { ok: true, body }
}

/**
 * Which field of the form a server error detail (`details[].path`) belongs to; null for the whole
 * form. A Rancher label goes to the control that set it, or to "Labels" when it was typed there.
 */
export function fieldForPath(path: string, values: LaunchFormValues): LaunchField | null {
  const [head] = path.split('.')
  if (head === 'labels') {
    const key = path.slice('labels.'.length)
    if (key === REQUESTED_IP_LABEL && values.requestedIp.trim() !== '') return 'requestedIp'
    if (key === DNS_LABEL && !values.rancherDns) return 'rancherDns'
    if (key === NETWORK_LABEL && values.native && values.joinManaged) return 'joinManaged'
    return 'labels'
  }
  if (head === 'ports') return 'ports'
  if (head === 'name' || head === 'image' || head === 'hostId' || head === 'networkMode' || head === 'native') return head
  return null
}

/** The field an error answer without details is about, by its code. */
const FIELD_BY_CODE: Record<string, LaunchField> = {
  NAME_TAKEN: 'name',
  PORT_IN_USE: 'ports',
  NO_ACTIVE_HOST: 'hostId',
  NETWORK_NOT_FOUND: 'networkMode',
}

export function fieldForCode(code: string): LaunchField | null {
  return Object.hasOwn(FIELD_BY_CODE, code) ? FIELD_BY_CODE[code] : null
}
