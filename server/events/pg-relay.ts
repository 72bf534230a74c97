import pg from 'pg'
import type { Kysely } from 'kysely'
import type { ChangeEvent } from '../../core/api/events.ts'
import type { Database } from '../db/schema.ts'
import type { EventBus } from './event-bus.ts'

/** The NOTIFY channel of committed change events (payload: the highest committed seq). */
export const EVENTS_CHANNEL = 'paddock_events'
/** A read of the table even without a notification (a lost NOTIFY, a late commit of a lower seq). */
const POLL_MS = 5_000
/** How long a skipped seq (a transaction that took it but had not committed yet) is looked for again. */
const GAP_MS = 30_000
const BACKOFF_MIN_MS = 250
const BACKOFF_MAX_MS = 5_000

interface Log {
  warn(obj: object, msg: string): void
  info(obj: object, msg: string): void
}

/**
 * Cross-replica live events on PostgreSQL. Every committed transaction NOTIFYs EVENTS_CHANNEL
 * (tx.ts); this relay LISTENs on a dedicated client (not one of the pool's), and on each
 * notification reads the events with a seq above the highest it has seen and publishes them on
 * the local bus, which delivers each seq once (a local event comes first from inTransaction).
 * Sequence values are taken in insert order but committed in any order: a seq skipped by a read
 * (taken by a transaction still open) is read again until it shows up or GAP_MS passes (rolled
 * back). A dropped LISTEN connection is reopened with backoff, then the table is read again.
 */
export class PgEventRelay {
  private client: pg.Client | null = null
  private cursor = 0
  /** Seqs below the cursor not seen yet → when first missed. */
  private gaps = new Map<number, number>()
  private reading: Promise<void> | null = null
  private again = false
  private stopped = false
  private backoff = BACKOFF_MIN_MS
  private retryTimer: NodeJS.Timeout | null = null
  private poll: NodeJS.Timeout | null = null

  constructor(
    private readonly databaseUrl: string,
    private readonly db: Kysely<Database>,
    private readonly bus: EventBus,
    private readonly log: Log,
  ) {}

  /** Starts relaying events committed from now on (older ones: SSE's Last-Event-ID replay). */
  async start(): Promise<void> {
    this.bus.deduplicate()
    this.bus.notifyChannel = EVENTS_CHANNEL
    const row = await this.db.selectFrom('events').select((eb) => eb.fn.max('seq').as('max')).executeTakeFirst()
    this.cursor = Number(row?.max ?? 0)
    await this.connect()
    this.poll = setInterval(() => this.schedule(), POLL_MS)
    this.poll.unref()
  }

  /** True while the LISTEN connection is open. */
  get listening(): boolean {
    return this.client !== null
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, connectionTimeoutMillis: 5_000, application_name: 'paddock-events' })
    let lost = false
    const onLost = (err?: Error) => {
      if (lost) return
      lost = true
      if (this.client === client) this.client = null
      client.removeAllListeners('notification')
      void client.end().catch(() => {})
      if (this.stopped) return
      this.log.warn({ err: err?.message }, 'event LISTEN connection lost; reconnecting')
      this.reconnectLater()
    }
    client.on('error', onLost)
    client.on('end', () => onLost())
    client.on('notification', (msg) => {
      const max = Number(msg.payload)
      if (!(Number.isFinite(max) && max <= this.cursor && this.gaps.size === 0)) this.schedule()
    })
    try {
      await client.connect()
      await client.query(`LISTEN ${EVENTS_CHANNEL}`)
    } catch (err) {
      onLost(err as Error)
      return
    }
    if (this.stopped) {
      void client.end().catch(() => {})
      return
    }
    this.client = client
    this.backoff = BACKOFF_MIN_MS
    // whatever was committed while not listening
    this.schedule()
  }

  private reconnectLater(): void {
    if (this.retryTimer || this.stopped) return
    const wait = this.backoff
    this.backoff = Math.min(BACKOFF_MAX_MS, this.backoff * 2)
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null
      void this.connect()
    }, wait)
    this.retryTimer.unref()
  }

  /** Reads the table now, or once more after the read under way. */
  schedule(): void {
    if (this.stopped) return
    if (this.reading) {
      this.again = true
      return
    }
    this.reading = this.read()
      .catch((err) => this.log.warn({ err: (err as Error).message }, 'event relay read failed'))
      .finally(() => {
        this.reading = null
        if (this.again) {
          this.again = false
          this.schedule()
        }
      })
  }

  /** Waits for reads under way (tests). */
  async settle(): Promise<void> {
    while (this.reading) await this.reading
  }

  private async read(): Promise<void> {
    const now = Date.now()
    for (const [seq, since] of this.gaps) if (now - since > GAP_MS) this.gaps.delete(seq)
    const gapSeqs = [...this.gaps.keys()]
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where((eb) => eb.or([eb('seq', '>', this.cursor), ...(gapSeqs.length ? [eb('seq', 'in', gapSeqs)] : [])]))
      .orderBy('seq')
      .limit(5_000)
      .execute()
    const events: ChangeEvent[] = []
    let expected = this.cursor + 1
    for (const r of rows) {
      const seq = Number(r.seq)
      if (this.gaps.delete(seq) || seq > this.cursor) {
        if (seq > this.cursor) {
          for (let s = Math.max(expected, seq - 1_000); s < seq; s++) this.gaps.set(s, now)
          expected = seq + 1
          this.cursor = seq
        }
        events.push({ seq, kind: r.kind as ChangeEvent['kind'], action: r.action as ChangeEvent['action'], id: r.resource_id, environmentId: r.environment_id, revision: r.revision, at: r.at })
      }
    }
    // local events were published by their transaction already: the bus skips their seqs
    this.bus.publish(events)
    if (rows.length === 5_000) this.again = true
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.poll) clearInterval(this.poll)
    if (this.retryTimer) clearTimeout(this.retryTimer)
    await this.reading?.catch(() => {})
    const c = this.client
    this.client = null
    if (c) await c.end().catch(() => {})
  }
}
