/** Dotted path of the first string or key holding a NUL character, or null (iterative: bodies may nest deeply). */
export function nulPath(value: unknown): string | null {
  type At = { key: string; parent: At } | null
  const join = (at: At, key: string) => {
    const parts = [key]
    for (let a = at; a; a = a.parent) parts.unshift(a.key)
    return parts.filter((p) => p !== '').join('.')
  }
  const stack: [unknown, At, string][] = [[value, null, '']]
  while (stack.length > 0) {
    const [v, at, key] = stack.pop()!
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return join(at, key)
    } else if (typeof v === 'object' && v !== null) {
      const here: At = key === '' && at === null ? null : { key, parent: at }
      for (const [k, child] of Object.entries(v)) {
        if (k.includes('\u0000')) return join(here, k)
        stack.push([child, here, k])
      }
    }
  }
  return null
}
