// A host's peer results and port checks, read straight from the lists its report holds.
//
// model.ts leaves those lists unread (at 1,000 hosts they hold ~4 million entries, and
// copying them was most of the engine's time). The pair checks want little of them: the
// latest result per (live peer, direction) that fails, and the peers with a blocked tunnel
// port. These readers find exactly that in one pass over a host's list (two for a peer with
// a blocked port), keyed by host position in reusable typed arrays, and build clean values
// (readPeerResult, readPortCheck: the normalisation the snapshot reader always applied) only
// for what a finding shows. A host whose every entry says ok/open costs one scan, no lookup.
//
// "Latest" keeps the rule a Map keyed by (peer, direction) would give: the last entry wins,
// listed where that key first appeared, so findings come out as they always did.
import { HostPositions } from './host-positions.ts'
import type { Model } from './model.ts'
import type { SnapshotPeerResult, SnapshotPortCheck } from './snapshot.ts'

// The value rules of model.ts's reader, as local functions: they run millions of times, and
// under the TypeScript loaders the server and the tests run on (tsx, vitest) every call to
// another module's export goes through a getter, which cost more than the work itself.
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const text = (v: unknown): string => (typeof v === 'string' ? v : '')
const textOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null)
const numberOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

export function readPeerResult(p: Record<string, unknown>): SnapshotPeerResult {
  return {
    peerHostId: text(p.peerHostId),
    direction: p.direction === 'inbound' ? 'inbound' : 'outbound',
    // anything but an explicit true is not a success
    ok: p.ok === true,
    rttMs: numberOrNull(p.rttMs),
    lastSuccessAt: textOrNull(p.lastSuccessAt),
    error: textOrNull(p.error),
  }
}

export function readPortCheck(p: Record<string, unknown>): SnapshotPortCheck {
  return {
    peerHostId: text(p.peerHostId),
    port: numberOrNull(p.port) ?? 0,
    protocol: p.protocol === 'tcp' ? 'tcp' : 'udp',
    open: p.open === true,
  }
}

/** Working memory for one run of a pair check: slots per host position (and direction), reused host after host. */
export class PairScratch {
  readonly positions: HostPositions
  /** Per entry of the list being read: its slot, or −1 when the entry does not count. */
  private keys = new Int32Array(0)
  /** Per slot: the position of the last entry with that slot. */
  readonly last: Int32Array
  /** Per slot: whether that last entry fails. */
  readonly failing: Uint8Array
  /** Slots in the order they first appeared. */
  readonly order: Int32Array
  /** Per slot: the pass (`epoch`) that last marked it; a new epoch clears every mark at once. */
  readonly mark: Uint32Array
  private epoch = 0

  constructor(m: Model) {
    const n = m.hosts.length
    this.positions = new HostPositions(m.hosts.map((h) => h.host.id), m.hostIndex)
    this.last = new Int32Array(2 * n)
    this.failing = new Uint8Array(2 * n)
    this.order = new Int32Array(2 * n)
    this.mark = new Uint32Array(2 * n)
  }

  keysFor(length: number): Int32Array {
    if (this.keys.length < length) this.keys = new Int32Array(Math.max(length, 2 * this.keys.length))
    return this.keys
  }

  nextEpoch(): number {
    return ++this.epoch
  }
}

/** The position of the live host `v.peerHostId` names, other than `selfId`; −1 when it does not count. */
function livePeer(m: Model, positions: HostPositions, v: Record<string, unknown>, selfId: string): number {
  const id = text(v.peerHostId)
  // §3.16: a peer counts only while its host is active (and a host is not its own peer)
  if (id === selfId) return -1
  const j = positions.of(id)
  return j >= 0 && m.hosts[j].live ? j : -1
}

/**
 * The latest result per (live peer, direction) host `i` reported, failing ones only, in the
 * order each (peer, direction) first appears in its report.
 */
export function failingPeerResults(m: Model, i: number, scratch: PairScratch): SnapshotPeerResult[] {
  const h = m.hosts[i]
  const raw = h.host.report?.peers ?? []
  // the latest result of a pair can only fail when some entry fails
  let anyFailing = false
  for (let p = 0; p < raw.length && !anyFailing; p++) {
    const e = raw[p]
    anyFailing = isObject(e) && e.ok !== true
  }
  if (!anyFailing) return []

  // one pass: per (peer, direction) slot, where it first appeared and whether its last entry fails
  const { last, failing, order, mark } = scratch
  const epoch = scratch.nextEpoch()
  const positions = scratch.positions
  positions.restart()
  let slots = 0
  for (let p = 0; p < raw.length; p++) {
    const e = raw[p]
    if (!isObject(e)) continue
    const j = livePeer(m, positions, e, h.host.id)
    if (j < 0) continue
    const k = 2 * j + (e.direction === 'inbound' ? 1 : 0)
    if (mark[k] !== epoch) {
      mark[k] = epoch
      order[slots++] = k
    }
    last[k] = p
    failing[k] = e.ok === true ? 0 : 1
  }
  const out: SnapshotPeerResult[] = []
  for (let s = 0; s < slots; s++) {
    const k = order[s]
    if (failing[k] === 1) out.push(readPeerResult(raw[last[k]] as Record<string, unknown>))
  }
  return out
}

/**
 * Per live peer with a blocked tunnel port: host `i`'s latest check of each of that peer's
 * ports (`wanted` ones only, unless empty), open ones too, in report order as above. Peers
 * whose latest checks are all open are left out.
 */
export function blockedPortChecks(m: Model, i: number, wanted: ReadonlySet<number>, scratch: PairScratch): Array<{ peer: number; checks: SnapshotPortCheck[] }> {
  const h = m.hosts[i]
  const raw = h.host.report?.ports ?? []
  let anyBlocked = false
  for (let p = 0; p < raw.length && !anyBlocked; p++) {
    const e = raw[p]
    anyBlocked = isObject(e) && e.open !== true
  }
  if (!anyBlocked) return []

  // first pass: which entries count, and which peers have a blocked entry at all
  const keys = scratch.keysFor(raw.length)
  const { mark } = scratch
  const suspect = scratch.nextEpoch()
  const positions = scratch.positions
  positions.restart()
  for (let p = 0; p < raw.length; p++) {
    const e = raw[p]
    let j = isObject(e) ? livePeer(m, positions, e, h.host.id) : -1
    if (j >= 0 && wanted.size > 0 && !wanted.has(numberOrNull((e as Record<string, unknown>).port) ?? 0)) j = -1
    keys[p] = j
    if (j >= 0 && (e as Record<string, unknown>).open !== true) mark[j] = suspect
  }
  // second pass, suspects only: one check per port, the last one wins
  const byPeer = new Map<number, Map<string, SnapshotPortCheck>>()
  for (let p = 0; p < raw.length; p++) {
    const j = keys[p]
    if (j < 0 || mark[j] !== suspect) continue
    const check = readPortCheck(raw[p] as Record<string, unknown>)
    let ports = byPeer.get(j)
    if (!ports) byPeer.set(j, (ports = new Map()))
    ports.set(`${check.protocol}/${check.port}`, check)
  }
  const out: Array<{ peer: number; checks: SnapshotPortCheck[] }> = []
  for (const [peer, ports] of byPeer) {
    const checks = [...ports.values()]
    if (checks.some((c) => !c.open)) out.push({ peer, checks })
  }
  return out
}
