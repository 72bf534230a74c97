/**
 * The heartbeat datagram and its parser. Anything arriving on the heartbeat port is untrusted
 * (any process on the overlay can send to it), so a packet that is not exactly this shape is
 * dropped rather than allowed to poison a peer's state.
 */
export interface HeardEntry {
  /** `seq` of the receiver's latest heartbeat that the sender got. */
  seq: number
  /** That heartbeat's `ts`, in the receiver's own clock. */
  echoTs: number
  /** How long the sender held it before sending this packet (ms, sender's clock). */
  hold: number
}

export interface Heartbeat {
  from: string
  seq: number
  ts: number
  heard: Record<string, HeardEntry>
}

/** Far above a real heartbeat (~150 bytes); bigger datagrams are not ours. */
const MAX_BYTES = 8192
const MAX_ID = 200

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function parseHeartbeat(msg: Buffer): Heartbeat | null {
  if (msg.length > MAX_BYTES) return null
  let raw: unknown
  try {
    raw = JSON.parse(msg.toString('utf8'))
  } catch {
    return null
  }
  if (!isObject(raw)) return null
  const { from, seq, ts, heard } = raw
  if (typeof from !== 'string' || from.length === 0 || from.length > MAX_ID) return null
  if (!isCount(seq) || !isTime(ts)) return null
  // No prototype: a peer id such as `__proto__` must stay a plain key.
  const entries: Record<string, HeardEntry> = Object.create(null)
  if (heard !== undefined) {
    if (!isObject(heard)) return null
    for (const [id, e] of Object.entries(heard)) {
      if (!isObject(e) || !isCount(e.seq) || !isTime(e.echoTs) || !isTime(e.hold) || e.hold < 0) return null
      entries[id] = { seq: e.seq, echoTs: e.echoTs, hold: e.hold }
    }
  }
  return { from, seq, ts, heard: entries }
}
