/**
 * What strongSwan's IKE message counters (`swanctl --counters --all --raw`, the `counters`
 * plugin) say about a tunnel that is down. After dead-peer detection the heartbeats are gone
 * in both directions, but IKE keeps trying, and the counters still show which messages cross
 * (engineering/dataplane-lab.md §1): the initiator sees its IKE_SA_INIT (UDP 500) answered
 * and its IKE_AUTH (UDP 4500) not; a responder whose answers are lost sees the same IKE_AUTH
 * arrive again and again. Counted since the tunnel was last up, so old traffic does not blur
 * the picture.
 *
 * Per-connection counters start at IKE_AUTH (that is where charon picks the connection), so a
 * responder cannot count a peer's IKE_SA_INITs: when the peer's IKE_AUTH never arrives, only
 * the initiator's side says anything.
 */
import { parseViciText, type ViciSection } from './vici-text.ts'

export type IkeCounters = Record<string, number>

/** Per connection name, from `swanctl --counters --all --raw`. */
export function parseCounters(text: string): Map<string, IkeCounters> {
  const out = new Map<string, IkeCounters>()
  for (const msg of parseViciText(text)) {
    const all = msg.counters
    if (typeof all !== 'object' || Array.isArray(all)) continue
    for (const [conn, values] of Object.entries(all)) {
      if (typeof values !== 'object' || Array.isArray(values)) continue
      const counters: IkeCounters = {}
      for (const [k, v] of Object.entries(values as ViciSection)) if (typeof v === 'string' && /^\d+$/.test(v)) counters[k] = Number(v)
      out.set(conn, counters)
    }
  }
  return out
}

const delta = (now: IkeCounters, base: IkeCounters | undefined, key: string) => (now[key] ?? 0) - (base?.[key] ?? 0)

/**
 * One sentence about the IKE exchanges with a peer since the tunnel was last up, or null when
 * nothing was tried. `initiator`: this host starts the tunnel (lower agent IP).
 */
export function describeIke(now: IkeCounters, base: IkeCounters | undefined, initiator: boolean, peer: string): string | null {
  const d = (k: string) => Math.max(0, delta(now, base, k))
  if (initiator) {
    const initSent = d('ike-init-out-req')
    const authSent = d('ike-auth-out-req')
    if (initSent === 0 && authSent === 0) return null
    const initAnswered = d('ike-init-in-resp')
    const authAnswered = d('ike-auth-in-resp')
    const facts = `IKE_SA_INIT (UDP 500) ${initSent} sent, ${initAnswered} answered; IKE_AUTH (UDP 4500) ${authSent} sent, ${authAnswered} answered`
    if (initAnswered > 0 && authSent > 0 && authAnswered === 0) return `${facts}: UDP 4500 between this host and ${peer} is cut (one way or both) while UDP 500 crosses`
    if (initSent > 0 && initAnswered === 0) return `${facts}: ${peer} does not answer on UDP 500`
    return facts
  }
  const authIn = d('ike-auth-in-req')
  if (authIn === 0) return null
  const answered = d('ike-auth-out-resp')
  const facts = `IKE_AUTH (UDP 4500) ${authIn} received, ${answered} answered`
  // the same IKE_AUTH request arriving again and again although answered: the answers do not
  // reach the initiator, so the direction from this host to it is the cut one
  if (authIn > 1 && answered >= authIn) return `${facts}: ${peer} sends its IKE_AUTH again and again although this host answered each one — the answers (UDP 4500 from this host to ${peer}) do not arrive`
  return facts
}
