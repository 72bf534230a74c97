import { useEffect, useState } from 'react'

export type CatalogValidator = typeof import('../utils/catalog-validator.ts')

let loading: Promise<CatalogValidator> | null = null

/** Loads the validator once (a separate chunk); a failed download is tried again on the next call. */
export function loadCatalogValidator(): Promise<CatalogValidator> {
  if (loading === null) {
    loading = import('../utils/catalog-validator.ts')
    loading.catch(() => {
      loading = null
    })
  }
  return loading
}

/** The validator module once it has loaded (null before), or the error that stopped it. */
export function useCatalogValidator(): { validator: CatalogValidator | null; error: unknown } {
  const [state, setState] = useState<{ validator: CatalogValidator | null; error: unknown }>({ validator: null, error: null })
  useEffect(() => {
    let alive = true
    loadCatalogValidator().then(
      (validator) => alive && setState({ validator, error: null }),
      (error: unknown) => alive && setState({ validator: null, error }),
    )
    return () => {
      alive = false
    }
  }, [])
  return state
}

/** `value`, `ms` after it last changed (the first value at once). */
export function useDebouncedValue<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value)
  useEffect(() => {
    if (Object.is(value, settled)) return
    const timer = setTimeout(() => setSettled(value), ms)
    return () => clearTimeout(timer)
  }, [value, settled, ms])
  return settled
}
