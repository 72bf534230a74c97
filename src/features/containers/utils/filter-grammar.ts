/**
 * The containers filter language: whitespace-separated terms that must all match.
 * `key:value` narrows one field, a leading `-` negates, double quotes keep spaces in a value,
 * anything else is free text. Pure text → terms; what a term matches lives in filter-containers.ts.
 */

export const FILTER_KEYS = ['host', 'mode', 'ip', 'state', 'name', 'image', 'stack', 'network', 'label', 'problem', 'native'] as const
export type FilterKey = (typeof FILTER_KEYS)[number]

export type FilterTerm =
  | { kind: 'key'; key: FilterKey; value: string; negate: boolean }
  | { kind: 'text'; value: string; negate: boolean }

export type ParsedFilter = {
  /** Lower-cased; terms with nothing left to match (a bare `-`, `host:` while typing) are dropped. */
  terms: FilterTerm[]
  /** Keys that look like `x:` but mean nothing here (searched as text instead), in order, once each. */
  unknownKeys: string[]
}

const KNOWN = new Set<string>(FILTER_KEYS)
// `container:web-1` is a network mode someone pasted, not a misspelt key: search it as text without a hint.
const NOT_KEYS = new Set(['container'])
const KEY = /^([a-z][a-z_-]*):/i

/** Splits on whitespace outside double quotes; quotes stay in the tokens (an unclosed one runs to the end). */
export function tokenize(text: string): string[] {
  const tokens: string[] = []
  let current = ''
  let quoted = false
  for (const ch of text) {
    if (ch === '"') quoted = !quoted
    else if (!quoted && /\s/.test(ch)) {
      if (current) tokens.push(current)
      current = ''
      continue
    }
    current += ch
  }
  if (current) tokens.push(current)
  return tokens
}

const unquote = (text: string) => text.replaceAll('"', '')

export function parseFilter(text: string): ParsedFilter {
  const terms: FilterTerm[] = []
  const unknownKeys: string[] = []
  for (const token of tokenize(text.toLowerCase())) {
    const negate = token.startsWith('-')
    const body = negate ? token.slice(1) : token
    const key = KEY.exec(body)?.[1]
    if (key && KNOWN.has(key)) {
      const value = unquote(body.slice(key.length + 1))
      if (value) terms.push({ kind: 'key', key: key as FilterKey, value, negate })
      continue
    }
    if (key && !NOT_KEYS.has(key) && !unknownKeys.includes(key)) unknownKeys.push(key)
    const value = unquote(body)
    if (value) terms.push({ kind: 'text', value, negate })
  }
  return { terms, unknownKeys }
}
