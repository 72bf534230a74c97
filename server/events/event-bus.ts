import type { ChangeEvent } from '../../core/api/events.ts'

type Listener = (event: ChangeEvent) => void

/** How many recent seqs a deduplicating bus remembers. */
const SEEN_LIMIT = 50_000

/** In-process publish/subscribe of committed change events (SSE clients, lab agents). */
export class EventBus {
  private listeners = new Set<Listener>()
  /**
   * On PostgreSQL with replicas (see pg-relay.ts) an event can reach the bus twice: published
   * by the transaction that committed it and read back from the events table after a NOTIFY.
   * A deduplicating bus delivers each seq once; null (SQLite, one process): no bookkeeping.
   */
  private seen: Set<number> | null = null
  /**
   * Channel that inTransaction NOTIFYs (PostgreSQL) with the highest seq it committed, so every
   * replica's relay reads the new events from the table; null: no NOTIFY (SQLite).
   */
  notifyChannel: string | null = null

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Delivers each seq at most once from now on (several paths publish the same event). */
  deduplicate(): void {
    this.seen ??= new Set()
  }

  /** True when the seq was already delivered by a deduplicating bus. */
  delivered(seq: number): boolean {
    return this.seen?.has(seq) ?? false
  }

  publish(events: ChangeEvent[]): void {
    for (const event of events) {
      if (this.seen) {
        if (this.seen.has(event.seq)) continue
        this.seen.add(event.seq)
        // a Set iterates in insertion order: drop the oldest
        if (this.seen.size > SEEN_LIMIT) for (const s of this.seen) { this.seen.delete(s); if (this.seen.size <= SEEN_LIMIT) break }
      }
      for (const listener of this.listeners) {
        try {
          listener(event)
        } catch {
          // one broken subscriber must not stop the others
        }
      }
    }
  }

  get size(): number {
    return this.listeners.size
  }
}
