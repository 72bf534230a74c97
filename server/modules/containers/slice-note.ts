/**
 * The managed-IP note of a container on a host with a slice (README design notes: IPsec
 * traffic selectors). IPAM allocates such a host's containers only from its slice, so a
 * requested address outside it was never a candidate: "taken or out of range" would send the
 * operator looking for a conflict that does not exist. core's addressNotes does not know
 * about slices (they are a property of the host's row), so the server rewrites that one
 * phrase and leaves every other wording as core wrote it.
 */
import type { AddressNote } from '../../../core/network/modes.ts'
import { cidrContains, parseCidr } from '../../../core/net/cidr.ts'
import { parseIpv4 } from '../../../core/net/ipv4.ts'

export interface SliceNoteInput {
  /** The addresses the container asked for (io.rancher.container.requested_ip), valid ones. */
  requestedIps: string[]
  hostName: string | null
  /** The host's slice (`10.42.1.0/24`); null when the host has none. */
  slice: string | null
}

/** The note with "requested X was taken or out of range" explained by the slice when every requested address lies outside it. */
export function withSliceExplanation(note: AddressNote, c: SliceNoteInput): AddressNote {
  if (!c.slice || c.requestedIps.length === 0 || !note.detail) return note
  const parsed = parseCidr(c.slice)
  if (!parsed.ok) return note
  const cidr = parsed.cidr
  const outside = c.requestedIps.every((ip) => {
    const n = parseIpv4(ip)
    return n === null || !cidrContains(cidr, n)
  })
  // a requested address inside the slice that was not given really was taken (or outside start…end)
  if (!outside) return note
  const requested = c.requestedIps.join(', ')
  // core's phrase for "asked for, not given": absent when the request was honoured or the address retained
  const generic = `requested ${requested} was taken or out of range; a free one was given`
  if (!note.detail.includes(generic)) return note
  const verb = c.requestedIps.length === 1 ? 'is' : 'are'
  const host = c.hostName ?? 'the host'
  const explained = `requested ${requested} ${verb} outside ${host}'s slice ${c.slice} (the overlay here routes one slice per host); a free one in the slice was given`
  return { ...note, detail: note.detail.replace(generic, explained) }
}
