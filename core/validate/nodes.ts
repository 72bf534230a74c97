// Reading the `yaml` library's node tree: typed values, key lookup, ranges. Every check
// works on nodes rather than on `toJS()` output because nodes keep their offsets, and every
// diagnostic needs one.
import { type Document, isAlias, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml'

export type Doc = Document.Parsed
export type YNode = Node | null | undefined

/** A range of the rendered text: [start, end), offsets. */
export type Span = readonly [number, number]

/** Follows an alias to its anchor's node (its range stays the anchor's). */
export function deref(doc: Doc, node: YNode): YNode {
  return isAlias(node) ? (node.resolve(doc) as Node | undefined) : node
}

/** The text of a scalar key (numbers and booleans as written); null for a complex key. */
export function keyText(pair: Pair): string | null {
  const k = pair.key as YNode
  if (isScalar(k)) {
    const v = k.value
    if (v === null || v === undefined) return k.source ?? ''
    return typeof v === 'string' ? v : (k.source ?? String(v))
  }
  return null
}

/** The last pair of a mapping with this key (the one a decoder keeps), or undefined. */
export function pairOf(map: YNode, key: string): Pair | undefined {
  if (!isMap(map)) return undefined
  let found: Pair | undefined
  for (const p of map.items) if (keyText(p) === key) found = p
  return found
}

/** The value node of a key (aliases followed). */
export function valueOf(doc: Doc, map: YNode, key: string): YNode {
  const p = pairOf(map, key)
  return p === undefined ? undefined : deref(doc, p.value as YNode)
}

export function asMap(doc: Doc, node: YNode): YAMLMap | undefined {
  const n = deref(doc, node)
  return isMap(n) ? n : undefined
}

export function asSeq(doc: Doc, node: YNode): YAMLSeq | undefined {
  const n = deref(doc, node)
  return isSeq(n) ? n : undefined
}

/** A scalar's value: string, number, boolean, null; a Date (YAML 1.1 timestamp) as its source text; undefined for collections. */
export function scalarValue(node: YNode): string | number | boolean | null | undefined {
  if (node === null || node === undefined) return null
  if (!isScalar(node)) return undefined
  const v = node.value
  if (v === null || v === undefined) return null
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v
  return node.source ?? String(v)
}

/** A string scalar's text, else undefined (numbers and booleans are not text here). */
export function stringValue(node: YNode): string | undefined {
  const v = scalarValue(node)
  return typeof v === 'string' ? v : undefined
}

/** true/false, also written as the strings "true"/"false" (QUOTED_SCALAR reports those); undefined otherwise. */
export function boolValue(node: YNode): boolean | undefined {
  const v = scalarValue(node)
  if (typeof v === 'boolean') return v
  if (v === 'true') return true
  if (v === 'false') return false
  return undefined
}

/** An integer, also written as a decimal string; undefined otherwise. */
export function intValue(node: YNode): number | undefined {
  const v = scalarValue(node)
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined
  if (typeof v === 'string' && /^-?[0-9]+$/.test(v.trim())) return Number(v.trim())
  return undefined
}

/** The node's [start, valueEnd) range in the rendered text; [0, 0) when it has none. */
export function spanOf(node: YNode): Span {
  const r = node?.range
  return r ? [r[0], r[1]] : [0, 0]
}

/** The key's range, for diagnostics about a key or about a mapping as a whole. */
export function keySpan(pair: Pair): Span {
  return spanOf(pair.key as YNode)
}

/**
 * Where a pair's value was written: from the end of the key to the end of the value. An
 * unset answer renders as nothing right after `key: `, so this is the range in which its
 * 0-length marker lies even when the value node itself is empty.
 */
export function valueArea(pair: Pair): Span {
  const k = keySpan(pair)
  const v = pair.value as YNode
  return [k[1], v?.range ? Math.max(v.range[1], k[1]) : k[1] + 1]
}

/** The span to report a pair's value at: the value when it has text on one line, else the key. */
export function reportSpan(pair: Pair, text: string): Span {
  const v = pair.value as YNode
  if (v && isScalar(v) && v.range && v.range[1] > v.range[0] && !text.slice(v.range[0], v.range[1]).includes('\n')) {
    return [v.range[0], v.range[1]]
  }
  return keySpan(pair)
}

/** For a sequence item: its range, cut at the end of its first line. */
export function itemSpan(node: YNode, text: string): Span {
  const [s, e] = spanOf(node)
  const nl = text.indexOf('\n', s)
  return [s, nl === -1 || nl > e ? e : nl]
}

/**
 * Applies YAML 1.1 merge keys (`<<: *base`, `<<: [*a, *b]`) the way Go's yaml.v2 does: the
 * merged mapping's keys are added where the mapping does not set them itself (its own keys
 * win; among several sources, the earlier wins). The added pairs are the anchor's own nodes,
 * so a problem in a merged value is reported where it was written. The `<<` pair stays (the
 * checks skip it). Mutates the document once, right after parsing.
 */
export function expandMergeKeys(doc: Doc): void {
  const done = new Set<YAMLMap>()
  const expand = (node: YNode, depth: number): void => {
    if (depth > 200) return // pathological nesting: leave the rest as it is
    if (isMap(node)) {
      if (done.has(node)) return
      done.add(node)
      const own = new Set(node.items.map((p) => keyText(p as Pair)))
      const added: Pair[] = []
      for (const pair of node.items as Pair[]) {
        if (keyText(pair) !== '<<') {
          expand(pair.value as YNode, depth + 1)
          continue
        }
        const v = deref(doc, pair.value as YNode)
        const sources = isSeq(v) ? v.items.map((i) => deref(doc, i as YNode)) : [v]
        for (const src of sources) {
          if (!isMap(src)) continue
          expand(src, depth + 1) // a source may merge in turn
          for (const p of src.items as Pair[]) {
            const k = keyText(p)
            if (k === null || k === '<<' || own.has(k)) continue
            own.add(k)
            added.push(p)
          }
        }
      }
      node.items.push(...added)
    } else if (isSeq(node)) {
      for (const item of node.items) expand(item as YNode, depth + 1)
    }
  }
  expand(doc.contents as YNode, 0)
}
