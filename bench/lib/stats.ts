/** Small statistics helpers over millisecond samples. */

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  // nearest rank: the smallest sample with at least p% of the samples at or below it
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1]
}

export const median = (samples: number[]) => percentile(samples, 50)
export const p95 = (samples: number[]) => percentile(samples, 95)

export const ms = (v: number) => `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`
export const int = (v: number) => Math.round(v).toLocaleString('en-US')

/** Runs `fn` and answers its result with the elapsed milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now()
  const value = await fn()
  return { value, ms: performance.now() - t0 }
}
