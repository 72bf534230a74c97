/** Reads a JSON text column; a null column gives `fallback`. */
export function fromJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback
  return JSON.parse(text) as T
}

export const toJson = (value: unknown) => JSON.stringify(value ?? null)

/** 0/1 integer columns to booleans and back (one representation on both databases). */
export const bool = (v: number | boolean | null | undefined) => v === 1 || v === true
export const bit = (v: boolean) => (v ? 1 : 0)
