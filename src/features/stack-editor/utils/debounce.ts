/** Validation runs this long after the last keystroke. */
export const VALIDATION_DEBOUNCE_MS = 300

export interface Debouncer {
  /** (Re)starts the wait; `run` is called once, `ms` after the last call. */
  schedule(): void
  /** Runs now if a call is pending. */
  flush(): void
  cancel(): void
  readonly pending: boolean
}

/** Calls `run` once typing pauses for `ms`; cancel it when the screen goes away. */
export function createDebouncer(run: () => void, ms: number = VALIDATION_DEBOUNCE_MS): Debouncer {
  let timer: ReturnType<typeof setTimeout> | null = null
  const fire = () => {
    timer = null
    run()
  }
  return {
    schedule() {
      if (timer !== null) clearTimeout(timer)
      timer = setTimeout(fire, ms)
    },
    flush() {
      if (timer === null) return
      clearTimeout(timer)
      fire()
    },
    cancel() {
      if (timer !== null) clearTimeout(timer)
      timer = null
    },
    get pending() {
      return timer !== null
    },
  }
}
