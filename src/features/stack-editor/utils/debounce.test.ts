import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDebouncer, VALIDATION_DEBOUNCE_MS } from './debounce.ts'

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('createDebouncer', () => {
  it('waits about 300 ms', () => {
    expect(VALIDATION_DEBOUNCE_MS).toBe(300)
  })

  it('runs once, 300 ms after the last of a burst of keystrokes', () => {
    const run = vi.fn()
    const debouncer = createDebouncer(run)
    for (let i = 0; i < 5; i++) {
      debouncer.schedule()
      vi.advanceTimersByTime(100)
    }
    expect(run).not.toHaveBeenCalled()
    vi.advanceTimersByTime(199)
    expect(run).not.toHaveBeenCalled()
    expect(debouncer.pending).toBe(true)
    vi.advanceTimersByTime(1)
    expect(run).toHaveBeenCalledTimes(1)
    expect(debouncer.pending).toBe(false)
  })

  it('runs again for a later burst', () => {
    const run = vi.fn()
    const debouncer = createDebouncer(run, 300)
    debouncer.schedule()
    vi.advanceTimersByTime(300)
    debouncer.schedule()
    vi.advanceTimersByTime(300)
    expect(run).toHaveBeenCalledTimes(2)
  })

  it('flush runs a pending call now, and only then', () => {
    const run = vi.fn()
    const debouncer = createDebouncer(run)
    debouncer.flush()
    expect(run).not.toHaveBeenCalled()
    debouncer.schedule()
    debouncer.flush()
    expect(run).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(1000)
    expect(run).toHaveBeenCalledTimes(1)
  })

  it('cancel drops a pending call', () => {
    const run = vi.fn()
    const debouncer = createDebouncer(run)
    debouncer.schedule()
    debouncer.cancel()
    vi.advanceTimersByTime(1000)
    expect(run).not.toHaveBeenCalled()
  })
})
