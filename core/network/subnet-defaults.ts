// Rancher's subnet defaults (domain §1.8), with the validation cattle never did.
//
// For a block of `size` = 2^(32−cidr_size) addresses starting at `network`:
//
//   offset:   0         1         2 ........................ size−6   size−5 … size−1
//             network   gateway   start ..................... end     (five never handed out)
//   /16:      10.42.0.0 10.42.0.1 10.42.0.2 ........ 10.42.255.250   10.42.255.251 … .255
//   /24:      192.0.2.0 192.0.2.1 192.0.2.2 ............ 192.0.2.250   192.0.2.251 … .255
//   /28:      +0        +1        +2 ........................ +10     +11 … +15
//
// cidr_size is limited to 8…28, so the default range is never empty: at /28 it is +2 … +10.
// The gateway may lie outside start…end (it usually does), but never on the network or
// broadcast address, which no host can own.
import type { ErrorDetail } from '../api/errors.ts'
import { type Cidr, cidrContains, cidrLast, cidrSize, formatCidr, parseCidr, prefixMask } from '../net/cidr.ts'
import { formatIpv4, parseIpv4 } from '../net/ipv4.ts'

/** A subnet entry as written under `default_network.subnets` (camelCase here; errors use the YAML keys). */
export interface SubnetInput {
  networkAddress?: string
  cidrSize?: number
  startAddress?: string
  endAddress?: string
  gateway?: string
}

/** A subnet with every default applied and checked. */
export interface SubnetSpec {
  /** `10.42.0.0/16` */
  cidr: string
  /** `10.42.0.0` (no suffix) */
  networkAddress: string
  cidrSize: number
  gateway: string
  startAddress: string
  endAddress: string
  /** Addresses in start…end, both included. */
  size: number
}

export const MIN_CIDR_SIZE = 8
export const MAX_CIDR_SIZE = 28
export const DEFAULT_CIDR_SIZE = 24
/** Addresses at the top of a subnet that the default range leaves out (end = network + size − 6). */
const TOP_RESERVED = 5

/**
 * Applies Rancher's defaults (cidr_size 24, gateway network+1, range network+2 … network+size−6) and
 * checks the result; errors (path `<path>.network_address|cidr_size|start_address|end_address|gateway`) name the value.
 */
export function subnetWithDefaults(
  input: SubnetInput,
  path = 'subnet',
): { ok: true; subnet: SubnetSpec } | { ok: false; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = []
  const at = (key: string) => (path === '' ? key : `${path}.${key}`)
  const given = (v: string | undefined) => (v === undefined || v === '' ? undefined : v)

  const block = networkBlock(given(input.networkAddress), input.cidrSize, at, errors)

  // Explicit addresses are parsed even when the network is unusable, so one pass reports
  // every syntax error at once.
  const explicit = (key: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined
    const n = parseIpv4(text)
    if (n === null) {
      errors.push({ path: at(key), message: `${key} ${JSON.stringify(text)} is not an IPv4 address` })
      return undefined
    }
    if (block !== null && !cidrContains(block, n)) {
      errors.push({ path: at(key), message: `${key} ${text} is outside the subnet ${formatCidr(block)}` })
      return undefined
    }
    return n
  }
  const startGiven = explicit('start_address', given(input.startAddress))
  const endGiven = explicit('end_address', given(input.endAddress))
  const gatewayGiven = explicit('gateway', given(input.gateway))

  if (block === null) return { ok: false, errors }

  const last = cidrLast(block)
  const start = startGiven ?? block.network + 2
  const end = endGiven ?? block.network + cidrSize(block) - 1 - TOP_RESERVED
  const gateway = gatewayGiven ?? block.network + 1

  if (start > end) {
    // Point at whichever side the operator wrote; if both are defaults this cannot happen.
    const key = startGiven !== undefined ? 'start_address' : 'end_address'
    errors.push({
      path: at(key),
      message: `start_address ${formatIpv4(start)} is after end_address ${formatIpv4(end)}`,
    })
  }
  if (gateway === block.network) {
    errors.push({ path: at('gateway'), message: `gateway ${formatIpv4(gateway)} is the network address of ${formatCidr(block)}` })
  } else if (gateway === last) {
    errors.push({ path: at('gateway'), message: `gateway ${formatIpv4(gateway)} is the broadcast address of ${formatCidr(block)}` })
  }
  if (errors.length > 0) return { ok: false, errors }

  return {
    ok: true,
    subnet: {
      cidr: formatCidr(block),
      networkAddress: formatIpv4(block.network),
      cidrSize: block.prefix,
      gateway: formatIpv4(gateway),
      startAddress: formatIpv4(start),
      endAddress: formatIpv4(end),
      size: end - start + 1,
    },
  }
}

/**
 * The block from network_address (+ cidr_size). A `/n` suffix on network_address wins over
 * cidr_size, as in cattle. Pushes errors and returns null when there is no usable block.
 */
function networkBlock(
  networkAddress: string | undefined,
  cidrSizeInput: number | undefined,
  at: (key: string) => string,
  errors: ErrorDetail[],
): Cidr | null {
  if (networkAddress === undefined) {
    errors.push({ path: at('network_address'), message: 'network_address is required (e.g. 10.42.0.0/16)' })
    return null
  }
  if (networkAddress.includes('/')) {
    const r = parseCidr(networkAddress, { minPrefix: MIN_CIDR_SIZE, maxPrefix: MAX_CIDR_SIZE })
    if (!r.ok) {
      errors.push({ path: at('network_address'), message: `network_address: ${r.error.message}` })
      return null
    }
    return r.cidr
  }

  const address = parseIpv4(networkAddress)
  if (address === null) {
    errors.push({
      path: at('network_address'),
      message: `network_address ${JSON.stringify(networkAddress)} is not an IPv4 address or CIDR block`,
    })
  }
  const prefix = cidrSizeInput ?? DEFAULT_CIDR_SIZE
  if (!Number.isInteger(prefix) || prefix < MIN_CIDR_SIZE || prefix > MAX_CIDR_SIZE) {
    errors.push({ path: at('cidr_size'), message: `cidr_size ${prefix} is outside ${MIN_CIDR_SIZE}–${MAX_CIDR_SIZE}` })
    return null
  }
  if (address === null) return null
  const network = (address & prefixMask(prefix)) >>> 0
  if (network !== address) {
    // Same rule as parseCidr: refuse rather than guess which block was meant.
    errors.push({
      path: at('network_address'),
      message: `network_address ${networkAddress}/${prefix} has host bits set; did you mean ${formatIpv4(network)}/${prefix}?`,
    })
    return null
  }
  return { network, prefix }
}
