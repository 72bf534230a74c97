/**
 * The per-direction connectivity check between host agents (dataplane-lab notes §4).
 *
 * Every host binds UDP on its router address, so heartbeats cross the overlay exactly like
 * container traffic, and every `intervalMs` sends each peer `{from, seq, ts, heard}`. `heard`
 * echoes, for the receiving peer, the `ts` of its latest heartbeat and how long it was held
 * here. From that each host knows:
 * - inbound (peer → me): a heartbeat from the peer arrived within `windowMs`;
 * - outbound (me → peer): the peer's latest heartbeat (itself within the window) echoes a
 *   heartbeat of mine sent within the window. If nothing comes back at all, this cannot be
 *   told; the server judges each direction by the receiver's inbound view anyway;
 * - RTT = now − echoTs − hold: both terms on the left are this host's clock and `hold` is the
 *   peer's, so no clock sync is needed.
 */
import dgram from 'node:dgram'
import { parseHeartbeat, type Heartbeat } from './packet.ts'

export interface HeartbeatPeer {
  hostId: string
  /** The peer's router address (its heartbeats cross the overlay). */
  address: string
  /** UDP port the peer listens on; defaults to this check's port (tests use distinct ports). */
  port?: number
}
export interface DirectionView {
  ok: boolean
  rttMs: number | null
  lastSuccessAt: string | null
  error: string | null
}
export interface PeerView {
  peerHostId: string
  outbound: DirectionView
  inbound: DirectionView
}

export interface HeartbeatOptions {
  hostId: string
  bindAddress: string
  /** Default 7777; 0 binds an ephemeral port (tests), see `localPort`. */
  port?: number
  /** Default 200. */
  intervalMs?: number
  /** Default 1000. */
  windowMs?: number
  /** Milliseconds since the epoch; fractional values keep sub-millisecond RTTs. */
  now?: () => number
  /** Test hook: a heartbeat to a peer is sent only when this returns true (simulates a one-way drop). */
  filter?: (peerHostId: string) => boolean
  /** Delay between bind attempts while the address is not there yet. Default 500. */
  bindRetryMs?: number
}

export const HEARTBEAT_PORT = 7777

interface PeerState {
  hostId: string
  address: string
  port: number
  /** When this peer entered the set (the start of "no heartbeat for …" before the first one). */
  addedAt: number
  /** Local receive time, `seq` and `ts` of the peer's latest heartbeat. */
  rxAt: number | null
  rxSeq: number
  rxTs: number
  /** What that latest heartbeat echoed of mine; null when it said nothing about this host. */
  echo: { echoTs: number; hold: number } | null
  rttMs: number | null
  inboundSuccessAt: number | null
  outboundSuccessAt: number | null
  sendError: string | null
}

// performance.now() gives fractions of a millisecond; Date.now() would round a 0.5 ms RTT to 0 or 1.
const preciseNow = () => performance.timeOrigin + performance.now()

export class HeartbeatCheck {
  private readonly hostId: string
  private readonly bindAddress: string
  private readonly port: number
  private readonly intervalMs: number
  private readonly windowMs: number
  private readonly bindRetryMs: number
  private readonly now: () => number
  private readonly filter: (peerHostId: string) => boolean
  private readonly peers = new Map<string, PeerState>()
  private socket: dgram.Socket | null = null
  private bound = false
  private bindError: string | null = null
  private sendTimer: NodeJS.Timeout | null = null
  private bindTimer: NodeJS.Timeout | null = null
  private closed = false
  private seq = 0
  private startedAt: number | null = null

  constructor(opts: HeartbeatOptions) {
    this.hostId = opts.hostId
    this.bindAddress = opts.bindAddress
    this.port = opts.port ?? HEARTBEAT_PORT
    this.intervalMs = opts.intervalMs ?? 200
    this.windowMs = opts.windowMs ?? 1000
    this.bindRetryMs = opts.bindRetryMs ?? 500
    this.now = opts.now ?? preciseNow
    this.filter = opts.filter ?? (() => true)
  }

  /**
   * Makes the first bind attempt and resolves: bound, or a retry every `bindRetryMs` is
   * scheduled (the router address appears only once the bridge is set up, and the agent must
   * not wait for that here). Heartbeats go out only from the bound socket, so their source is
   * the router address.
   */
  async start(): Promise<void> {
    if (this.closed) throw new Error('the heartbeat check is closed')
    if (this.startedAt !== null) return
    this.startedAt = this.now()
    await this.tryBind()
  }

  /** The bound UDP port, null while not bound. */
  get localPort(): number | null {
    return this.bound && this.socket ? this.socket.address().port : null
  }

  setPeers(peers: HeartbeatPeer[]): void {
    const next = new Map<string, HeartbeatPeer>()
    for (const p of peers) if (p.hostId !== this.hostId) next.set(p.hostId, p)
    for (const id of [...this.peers.keys()]) if (!next.has(id)) this.peers.delete(id)
    for (const [id, p] of next) {
      const port = p.port ?? this.port
      const known = this.peers.get(id)
      // A new address is a different path: what was measured on the old one says nothing.
      if (known && known.address === p.address && known.port === port) continue
      this.peers.set(id, {
        hostId: id,
        address: p.address,
        port,
        addedAt: this.now(),
        rxAt: null,
        rxSeq: -1,
        rxTs: -Infinity,
        echo: null,
        rttMs: null,
        inboundSuccessAt: null,
        outboundSuccessAt: null,
        sendError: null,
      })
    }
  }

  results(): PeerView[] {
    const now = this.now()
    return [...this.peers.values()]
      .sort((a, b) => (a.hostId < b.hostId ? -1 : a.hostId > b.hostId ? 1 : 0))
      .map((p) => this.view(p, now))
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.sendTimer) clearInterval(this.sendTimer)
    if (this.bindTimer) clearTimeout(this.bindTimer)
    this.sendTimer = this.bindTimer = null
    const socket = this.socket
    this.socket = null
    this.bound = false
    if (socket) await new Promise<void>((resolve) => socket.close(() => resolve()))
  }

  private async tryBind(): Promise<void> {
    // A fresh socket per attempt: a dgram socket whose bind failed is not reliably reusable.
    const socket = dgram.createSocket({ type: 'udp4' })
    const error = await new Promise<Error | null>((resolve) => {
      socket.once('error', resolve)
      socket.bind({ address: this.bindAddress, port: this.port, exclusive: true }, () => {
        socket.off('error', resolve)
        resolve(null)
      })
    })
    if (this.closed) {
      socket.close()
      return
    }
    if (error) {
      socket.close()
      const code = (error as NodeJS.ErrnoException).code
      const why = code === 'EADDRNOTAVAIL' ? 'EADDRNOTAVAIL: the address is not on this host yet' : (code ?? error.message)
      this.bindError = `cannot bind UDP ${this.bindAddress}:${this.port} (${why}); retrying every ${this.bindRetryMs} ms`
      this.bindTimer = setTimeout(() => {
        this.bindTimer = null
        void this.tryBind()
      }, this.bindRetryMs)
      return
    }
    this.socket = socket
    this.bound = true
    this.bindError = null
    // A send error reaches the send callback; this only keeps a stray 'error' from crashing the agent.
    socket.on('error', () => {})
    socket.on('message', (msg, rinfo) => this.receive(msg, rinfo.address))
    this.sendAll()
    this.sendTimer = setInterval(() => this.sendAll(), this.intervalMs)
  }

  private sendAll(): void {
    const socket = this.socket
    if (!socket) return
    const now = this.now()
    this.seq += 1
    for (const p of this.peers.values()) {
      if (!this.filter(p.hostId)) continue
      // Only the receiver's own entry: with all peers in every packet a large environment's
      // heartbeat would outgrow the overlay MTU and fragment.
      const heard: Heartbeat['heard'] = {}
      if (p.rxAt !== null) heard[p.hostId] = { seq: p.rxSeq, echoTs: p.rxTs, hold: now - p.rxAt }
      const packet: Heartbeat = { from: this.hostId, seq: this.seq, ts: now, heard }
      const failed = (err: Error) => `sending to ${p.address}:${p.port} fails (${(err as NodeJS.ErrnoException).code ?? err.message})`
      try {
        socket.send(JSON.stringify(packet), p.port, p.address, (err) => {
          p.sendError = err ? failed(err) : null
        })
      } catch (err) {
        // A bad port throws synchronously; inside a timer that would end the agent.
        p.sendError = failed(err as Error)
      }
    }
  }

  private receive(msg: Buffer, sourceAddress: string): void {
    const hb = parseHeartbeat(msg)
    if (!hb) return
    const p = this.peers.get(hb.from)
    // Unknown senders and packets not from the peer's router address are not this peer's heartbeats.
    if (!p || p.address !== sourceAddress) return
    const now = this.now()
    // A reordered old packet must not hide a newer echo; a larger ts after a gap is a restarted peer.
    const newer = hb.seq > p.rxSeq || hb.ts > p.rxTs || (p.rxAt !== null && now - p.rxAt > this.windowMs)
    if (!newer) return
    p.rxAt = now
    p.rxSeq = hb.seq
    p.rxTs = hb.ts
    p.inboundSuccessAt = now
    const mine = hb.heard[this.hostId]
    p.echo = mine ? { echoTs: mine.echoTs, hold: mine.hold } : null
    if (mine && now - mine.echoTs <= this.windowMs) {
      p.rttMs = Math.max(0, Math.round((now - mine.echoTs - mine.hold) * 1000) / 1000)
      // The send time of the latest heartbeat the peer confirms: while a drop is young its echoes
      // still count as fresh, but they must not move the last success past the drop.
      p.outboundSuccessAt = Math.max(p.outboundSuccessAt ?? -Infinity, mine.echoTs)
    }
  }

  private view(p: PeerState, now: number): PeerView {
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString())
    const secs = (ms: number) => `${(Math.max(0, ms) / 1000).toFixed(1)} s`
    if (!this.bound) {
      const error = this.bindError ?? `the heartbeat socket on ${this.bindAddress}:${this.port} is not bound yet`
      const down: DirectionView = { ok: false, rttMs: null, lastSuccessAt: null, error }
      return {
        peerHostId: p.hostId,
        outbound: { ...down, lastSuccessAt: iso(p.outboundSuccessAt) },
        inbound: { ...down, lastSuccessAt: iso(p.inboundSuccessAt) },
      }
    }
    const inboundOk = p.rxAt !== null && now - p.rxAt <= this.windowMs
    const since = Math.max(p.addedAt, this.startedAt ?? p.addedAt)
    const inboundError = inboundOk
      ? null
      : p.rxAt === null
        ? `no heartbeat from ${p.address} through the overlay yet (waiting ${secs(now - since)})`
        : `no heartbeat from ${p.address} for ${secs(now - p.rxAt)} through the overlay`

    let outboundOk = false
    let outboundError: string | null = null
    if (!inboundOk) {
      outboundError = `unknown: no heartbeat comes back from ${p.address}, so whether it hears this host cannot be told`
    } else if (!p.echo) {
      outboundError = `${p.address} has heard no heartbeat from this host (its latest heartbeat echoes none)`
    } else if (p.echo.hold > this.windowMs) {
      // Judged when the peer sent its latest heartbeat (it had held my last one for `hold`), not
      // now: between two of its heartbeats the echo only ages here, and judging it against this
      // host's clock painted a working direction red for a moment whenever the reverse broke.
      // Its latest heartbeat left it about (now − rxAt) ago and had held my last one for `hold`.
      outboundError = `${p.address} has not heard this host for ${secs(now - (p.rxAt ?? now) + p.echo.hold)} (its own heartbeats still arrive)`
    } else {
      outboundOk = true
    }
    if (!outboundOk && p.sendError) outboundError = `${p.sendError}; ${outboundError}`
    // A round trip needs both directions, so the RTT is shown only while outbound is ok.
    const rttMs = outboundOk ? p.rttMs : null
    return {
      peerHostId: p.hostId,
      outbound: { ok: outboundOk, rttMs, lastSuccessAt: iso(p.outboundSuccessAt), error: outboundError },
      inbound: { ok: inboundOk, rttMs, lastSuccessAt: iso(p.inboundSuccessAt), error: inboundError },
    }
  }
}
