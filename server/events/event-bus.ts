import type { ChangeEvent } from '../../core/api/events.ts'

type Listener = (event: ChangeEvent) => void

/** In-process publish/subscribe of committed change events (SSE clients, lab agents). */
export class EventBus {
  private listeners = new Set<Listener>()

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  publish(events: ChangeEvent[]): void {
    for (const event of events) {
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
