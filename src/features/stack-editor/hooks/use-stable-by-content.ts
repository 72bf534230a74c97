import { useState } from 'react'

/**
 * The same object for as long as its JSON is the same: data refetched after a live event comes
 * back as new objects, and the editor should not re-validate (or re-render Monaco options) for
 * an answer list or host list that did not change.
 */
export function useStableByContent<T>(value: T): T {
  const key = JSON.stringify(value) ?? 'undefined'
  const [kept, setKept] = useState({ key, value })
  if (kept.key !== key) {
    setKept({ key, value })
    return value
  }
  return kept.value
}
