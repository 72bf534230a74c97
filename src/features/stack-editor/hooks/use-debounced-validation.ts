import { useEffect, useLayoutEffect, useRef, type DependencyList } from 'react'
import { createDebouncer, VALIDATION_DEBOUNCE_MS, type Debouncer } from '../utils/debounce.ts'

/**
 * Validation of what the Monaco editors hold: `schedule()` on every keystroke runs the latest
 * `validateNow` once typing pauses; `now()` runs it at once (e.g. before sending); it also runs
 * when the editors are `ready` and again whenever `deps` change (answers, environment).
 */
export function useDebouncedValidation<T>(validateNow: () => T, ready: boolean, deps: DependencyList) {
  const validateRef = useRef(validateNow)
  useLayoutEffect(() => {
    validateRef.current = validateNow
  })
  const debouncer = useRef<Debouncer | null>(null)
  useEffect(() => {
    const d = createDebouncer(() => validateRef.current(), VALIDATION_DEBOUNCE_MS)
    debouncer.current = d
    return () => d.cancel()
  }, [])
  useEffect(() => {
    if (ready) validateRef.current()
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deps are the caller's
  }, [ready, ...deps])
  // one object for the component's life, so callbacks built on it stay stable
  const api = useRef({
    schedule: () => debouncer.current?.schedule(),
    cancel: () => debouncer.current?.cancel(),
    now: () => validateRef.current(),
  })
  return api.current
}
