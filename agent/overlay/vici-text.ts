/**
 * Reads `swanctl --list-sas --raw`: vici messages printed as text, e.g.
 *   list-sa event {peer-x {uniqueid=1 state=ESTABLISHED child-sas {peer-x-3 {name=peer-x state=INSTALLED local-ts=[10.42.1.0/24]}}}}
 * Sections are `name {…}`, values `key=value` or lists `key=[a b]`.
 */
export type ViciValue = string | string[] | ViciSection
export interface ViciSection {
  [key: string]: ViciValue
}

export function parseViciText(text: string): ViciSection[] {
  const out: ViciSection[] = []
  // one message per line: "<type> <event-or-reply> {…}"
  for (const line of text.split('\n')) {
    const start = line.indexOf('{')
    if (start < 0) continue
    const tokens = tokenize(line.slice(start))
    const pos = { i: 0 }
    if (tokens[pos.i] === '{') {
      pos.i++
      out.push(parseSection(tokens, pos))
    }
  }
  return out
}

function tokenize(s: string): string[] {
  const tokens: string[] = []
  const re = /\{|\}|\[[^\]]*\]|[^\s{}[\]]+/g
  for (const m of s.matchAll(re)) tokens.push(m[0])
  return tokens
}

function parseSection(tokens: string[], pos: { i: number }): ViciSection {
  const section: ViciSection = {}
  while (pos.i < tokens.length) {
    const t = tokens[pos.i++]!
    if (t === '}') return section
    if (tokens[pos.i] === '{') {
      pos.i++
      section[t] = parseSection(tokens, pos)
      continue
    }
    const eq = t.indexOf('=')
    if (eq < 0) continue
    const key = t.slice(0, eq)
    let value = t.slice(eq + 1)
    // a list value is its own token right after "key="
    if (value === '' && tokens[pos.i]?.startsWith('[')) value = tokens[pos.i++]!
    section[key] = value.startsWith('[') ? value.slice(1, -1).split(/\s+/).filter(Boolean) : value
  }
  return section
}

export interface IkeSaState {
  name: string
  state: string
  children: Array<{ name: string; state: string; localTs: string[]; remoteTs: string[] }>
}

/** The IKE SAs in `--list-sas --raw` output, with their CHILD_SAs. */
export function ikeSas(text: string): IkeSaState[] {
  const out: IkeSaState[] = []
  for (const msg of parseViciText(text)) {
    for (const [name, value] of Object.entries(msg)) {
      if (typeof value !== 'object' || Array.isArray(value)) continue
      const childSas = value['child-sas']
      const children = typeof childSas === 'object' && !Array.isArray(childSas) ? Object.values(childSas) : []
      out.push({
        name,
        state: typeof value.state === 'string' ? value.state : 'UNKNOWN',
        children: children
          .filter((c): c is ViciSection => typeof c === 'object' && !Array.isArray(c))
          .map((c) => ({
            name: typeof c.name === 'string' ? c.name : '',
            state: typeof c.state === 'string' ? c.state : 'UNKNOWN',
            localTs: Array.isArray(c['local-ts']) ? c['local-ts'] : [],
            remoteTs: Array.isArray(c['remote-ts']) ? c['remote-ts'] : [],
          })),
      })
    }
  }
  return out
}
