export type ParseLabelsResult =
  | { ok: true; labels: Record<string, string>; lineOf: ReadonlyMap<string, number> }
  | { ok: false; errors: string[] }

// The contract's limits on a label map (core/api/common.ts Labels).
const MAX_KEY = 253
const MAX_VALUE = 4096

/**
 * Parses the "Labels" text: one `key=value` per line, as `docker run --label` takes them.
 * Blank lines and lines starting with `#` are skipped; the value is everything after the first
 * `=` (it may be empty or contain `=`). Every error names its line. `lineOf` remembers where
 * each key was written, so a later check can point back at the line.
 */
export function parseLabels(text: string): ParseLabelsResult {
  // Maps, not objects: a key such as `__proto__` or `constructor` is just a label here.
  const labels = new Map<string, string>()
  const lineOf = new Map<string, number>()
  const errors: string[] = []
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim()
    const n = i + 1
    if (line === '' || line.startsWith('#')) return
    const eq = line.indexOf('=')
    if (eq === -1) {
      errors.push(`Line ${n} (${line}): write key=value.`)
      return
    }
    const key = line.slice(0, eq).trim()
    const value = line.slice(eq + 1).trim()
    if (key === '') errors.push(`Line ${n}: the key before "=" is empty.`)
    else if (/\s/.test(key)) errors.push(`Line ${n}: the key ${JSON.stringify(key)} contains a space.`)
    else if (key.length > MAX_KEY) errors.push(`Line ${n}: the key is longer than ${MAX_KEY} characters.`)
    else if (value.length > MAX_VALUE) errors.push(`Line ${n}: the value of ${key} is longer than ${MAX_VALUE} characters.`)
    else if (lineOf.has(key)) errors.push(`Line ${n}: ${key} is already set on line ${lineOf.get(key)}.`)
    else {
      labels.set(key, value)
      lineOf.set(key, n)
    }
  })
  if (errors.length > 0) return { ok: false, errors }
  return { ok: true, labels: Object.fromEntries(labels), lineOf }
}
