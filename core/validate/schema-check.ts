// Walks a parsed YAML document against the JSON Schemas of core/schema, the same objects
// the editor uses for hover and completion. How each keyword is read:
//
//   type               the node's type must be one of them (YAML int counts as number too);
//                      null / empty means "not set": fine unless the key is required or the
//                      schema has minLength ≥ 1 (then EMPTY_VALUE). A string that spells the
//                      expected number or boolean is QUOTED_SCALAR. A number or boolean where
//                      text is expected is accepted outside cni_config (Go's YAML decoder
//                      turns it into text) and WRONG_TYPE inside it (the JSON reaches a plugin
//                      as a number).
//   properties, patternProperties, additionalProperties
//                      which schema a key's value has; additionalProperties false makes any
//                      other key UNKNOWN_KEY with the closest known key suggested.
//   propertyNames.enum the allowed keys (UNKNOWN_KEY otherwise).
//   if / then          `if` may only test `required` (and anyOf of those); when it holds, the
//                      keywords of `then` apply too.
//   required           REQUIRED_MISSING, reported at the mapping's key.
//   enum, pattern, minLength   INVALID_ENUM, INVALID_FORMAT, EMPTY_VALUE.
//   const on properties.type   marks a *discriminated* object: the schema describes the plugin
//                      of that type only. A mapping whose `type` names another plugin is not
//                      checked against it (the semantic checks report the unknown type).
//   oneOf              a choice among discriminated objects, picked by their `type`.
//
// A value that came through an unset or invalid answer (Sink.tainted) is never judged: the
// placeholder gets the warning instead.
import { isMap, isScalar, isSeq, type Pair } from 'yaml'
import type { JsonSchema, JsonType } from '../schema/json-schema.ts'
import { asMap, type Doc, deref, itemSpan, keySpan, keyText, reportSpan, scalarValue, type Span, spanOf, valueArea, type YNode } from './nodes.ts'
import type { Sink, Unit } from './report.ts'
import { closest } from './suggest.ts'

interface Where {
  /** Dotted path of the node. */
  path: string
  /** How messages name the node: its key, or `<parent key> item <i>`. */
  name: string
  /** Where to report problems with the node as a whole (its key, or a list item's first line). */
  anchor: Span
  /** Where its value was written (for the placeholder test). */
  area: Span
  /** Where to report problems with its value. */
  valueSpan: Span
  /** The parent requires this key. */
  required: boolean
  /** Inside cni_config: values reach a Go CNI plugin as JSON. */
  json: boolean
}

const describeType = (t: JsonType): string =>
  ({ object: 'a mapping', array: 'a list', string: 'text', integer: 'an integer', number: 'a number', boolean: 'true or false', null: 'empty' })[t]

/** A value for a message: JSON, cut short. */
export function show(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

const join = (path: string, key: string | number) => (path === '' ? String(key) : `${path}.${key}`)

/** Checks a document against a schema; problems go to the sink. */
export function checkSchema(unit: Unit, sink: Sink, schema: JsonSchema): void {
  const root = unit.doc.contents as YNode
  if (root === null || root === undefined) return
  const span = spanOf(root)
  new Walker(unit, sink).walk(root, schema, {
    path: '',
    name: unit.label,
    anchor: [span[0], span[0] + 1],
    area: span,
    valueSpan: span,
    required: false,
    json: false,
  })
}

class Walker {
  private readonly doc: Doc
  constructor(
    private readonly unit: Unit,
    private readonly sink: Sink,
  ) {
    this.doc = unit.doc
  }

  walk(raw: YNode, schema: JsonSchema, at: Where): void {
    const node = deref(this.doc, raw)
    if (schema.oneOf !== undefined) {
      const branch = this.pickBranch(node, schema.oneOf)
      if (branch === undefined) return
      schema = branch
    }
    const actual = typeOfNode(node)
    const allowed = schema.type === undefined ? undefined : Array.isArray(schema.type) ? schema.type : [schema.type]
    if (allowed === undefined && schema.properties === undefined && schema.items === undefined) return // undescribed: any value

    const value = scalarValue(node)
    const blank = actual === 'null' || value === ''
    if (blank) {
      if (this.sink.tainted(this.unit, at.area)) return
      // Nothing written at all, in a text the parser had to recover: the content may be what it lost.
      if (actual === 'null' && this.unit.firstSyntaxError !== undefined) return
      if (at.required || (schema.minLength ?? 0) >= 1) {
        this.report('EMPTY_VALUE', `${at.name} is empty${emptyHint(at.name)}`, at, at.valueSpan)
      }
      return
    }

    if (allowed !== undefined && !typeAllowed(actual, allowed)) {
      if (this.sink.tainted(this.unit, at.area)) return
      if (actual === 'string' && typeof value === 'string' && spellsType(value, allowed)) {
        const what = allowed.includes('boolean') ? 'a boolean' : 'a number'
        this.report(
          'QUOTED_SCALAR',
          at.json
            ? `${at.name} is the string ${show(value)}; the CNI plugin expects ${what} and refuses a string — remove the quotes`
            : `${at.name} is the string ${show(value)}; ${what} is expected — remove the quotes`,
          at,
          at.valueSpan,
          at.json ? 'error' : 'warning',
        )
        return
      }
      if (!at.json && allowed.includes('string') && (actual === 'integer' || actual === 'number' || actual === 'boolean')) {
        // Go's YAML decoder reads `10` into a string field as "10": accepted outside cni_config.
      } else {
        const expected = allowed.map(describeType).join(' or ')
        const got = actual === 'object' || actual === 'array' ? describeType(actual) : `${describeType(actual)} ${show(value)}`
        this.report('WRONG_TYPE', `${at.name} must be ${expected}, got ${got}`, at, actual === 'object' || actual === 'array' ? at.anchor : at.valueSpan)
        return
      }
    }

    if (isScalar(node)) {
      if (this.sink.tainted(this.unit, at.area)) return
      if (schema.enum !== undefined && !schema.enum.includes(value as never)) {
        const options = schema.enum.filter((o) => typeof o === 'string') as string[]
        const guess = typeof value === 'string' ? closest(value, options) : undefined
        this.report(
          'INVALID_ENUM',
          `${at.name} ${show(value)} is not one of ${[...new Set(schema.enum.map(String))].join(', ')}${guess ? `; did you mean ${show(guess)}?` : ''}`,
          at,
          at.valueSpan,
        )
        return
      }
      if (typeof value === 'string') {
        if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) {
          const example = schema.examples?.[0]
          this.report('INVALID_FORMAT', `${at.name} ${show(value)} is not in the expected format${example !== undefined ? ` (e.g. ${String(example)})` : ''}`, at, at.valueSpan)
        }
      }
      return
    }

    if (isMap(node)) this.walkMap(node.items as Pair[], schema, at)
    else if (isSeq(node) && schema.items !== undefined) {
      let prevEnd = at.area[0]
      node.items.forEach((item, i) => {
        const itemNode = item as YNode
        const s = itemSpan(itemNode, this.unit.rendered)
        const end = spanOf(itemNode)[1]
        this.walk(itemNode, schema.items!, {
          path: join(at.path, i),
          name: `${at.name} item ${i + 1}`,
          anchor: s[1] > s[0] ? s : at.anchor,
          area: [prevEnd, Math.max(prevEnd, end)],
          valueSpan: s[1] > s[0] ? s : at.anchor,
          required: true, // an empty list item stands for nothing
          json: at.json,
        })
        prevEnd = Math.max(prevEnd, end)
      })
    }
  }

  private walkMap(pairs: Pair[], schema: JsonSchema, at: Where): void {
    const props = schema.properties ?? {}
    // A discriminated schema applies only to the plugin it describes.
    const discriminator = props.type?.const
    if (discriminator !== undefined) {
      const t = scalarValue(deref(this.doc, pairs.findLast((p) => keyText(p) === 'type')?.value as YNode))
      if (typeof t === 'string' && t !== '' && t !== discriminator) return
    }
    const then = schema.if !== undefined && schema.then !== undefined && this.holds(schema.if, pairs) ? schema.then : undefined
    const allowedNames = (then?.propertyNames ?? schema.propertyNames)?.enum?.map(String)
    const present = new Map<string, Pair>()
    for (const p of pairs) {
      const key = keyText(p)
      if (key !== null && !present.has(key)) present.set(key, p)
    }

    for (const pair of pairs) {
      const key = keyText(pair)
      if (key === null || key === '<<') continue // complex keys: YAML_SYNTAX territory; merge keys: resolved by the decoder
      const kspan = keySpan(pair)
      const path = join(at.path, key)
      if (allowedNames !== undefined && !allowedNames.includes(key)) {
        this.unknownKey(key, path, kspan, allowedNames, present, at)
        continue
      }
      let sub: JsonSchema | boolean | undefined = props[key]
      // An entry of a map of named things (a CNI file, a service, a network_drivers entry)
      // exists to have content: empty, it is a mistake rather than "not set".
      const named = sub === undefined
      if (sub === undefined && schema.patternProperties !== undefined) {
        for (const [pattern, s] of Object.entries(schema.patternProperties)) {
          if (new RegExp(pattern).test(key)) {
            sub = s
            break
          }
        }
      }
      if (sub === undefined) sub = schema.additionalProperties ?? true
      if (sub === false) {
        if (this.sink.tainted(this.unit, kspan)) continue
        this.unknownKey(key, path, kspan, Object.keys(props), present, at)
        continue
      }
      if (sub === true) continue
      this.walk(pair.value as YNode, sub, {
        path,
        name: key,
        anchor: kspan,
        area: valueArea(pair),
        valueSpan: reportSpan(pair, this.unit.rendered),
        required: named || (schema.required?.includes(key) ?? false),
        json: at.json || key === 'cni_config',
      })
    }

    for (const key of schema.required ?? []) {
      if (present.has(key)) continue
      this.report('REQUIRED_MISSING', `${at.name} needs ${key}${requiredHint(key)}`, { ...at, path: join(at.path, key) }, at.anchor)
    }
  }

  private unknownKey(key: string, path: string, span: Span, known: string[], present: Map<string, Pair>, at: Where): void {
    const guess = closest(key, known)
    let message = `unknown key ${show(key)} in ${at.name}`
    if (guess !== undefined) {
      message += `; did you mean ${show(guess)}?`
      const other = present.get(guess)
      if (other !== undefined) {
        message += ` (${guess} is also set at line ${this.sink.lineOf(this.unit, keySpan(other)[0])}, so renaming this key would duplicate it)`
      }
    } else if (known.length > 0 && known.length <= 12) {
      message += ` (known keys: ${known.join(', ')})`
    }
    this.report('UNKNOWN_KEY', message, { ...at, path }, span)
  }

  /** The branch of a oneOf whose `type` const matches the mapping's `type`; undefined when none does. */
  private pickBranch(node: YNode, branches: JsonSchema[]): JsonSchema | undefined {
    const map = asMap(this.doc, node)
    if (map === undefined) return branches[0] // not a mapping: the first branch reports the type
    const t = scalarValue(deref(this.doc, (map.items as Pair[]).findLast((p) => keyText(p) === 'type')?.value as YNode))
    if (t === null || t === undefined) return branches[0] // no type: let `required` say so
    return branches.find((b) => b.properties?.type?.const === t)
  }

  /** Evaluates an `if` made of `required` and `anyOf`. */
  private holds(cond: JsonSchema, pairs: Pair[]): boolean {
    if (cond.anyOf !== undefined && !cond.anyOf.some((c) => this.holds(c, pairs))) return false
    for (const key of cond.required ?? []) if (!pairs.some((p) => keyText(p) === key)) return false
    return true
  }

  private report(code: Parameters<Sink['at']>[1], message: string, at: Where, span: Span, severity?: 'error' | 'warning'): void {
    this.sink.at(this.unit, code, message, at.path, span, severity)
  }
}

function typeOfNode(node: YNode): JsonType {
  if (node === null || node === undefined) return 'null'
  if (isMap(node)) return 'object'
  if (isSeq(node)) return 'array'
  const v = scalarValue(node)
  if (v === null) return 'null'
  if (typeof v === 'boolean') return 'boolean'
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number'
  return 'string'
}

function typeAllowed(actual: JsonType, allowed: JsonType[]): boolean {
  return allowed.includes(actual) || (actual === 'integer' && allowed.includes('number'))
}

/** The string spells a value of an expected non-string type: "1500" for integer, "true" for boolean. */
function spellsType(value: string, allowed: JsonType[]): boolean {
  if ((allowed.includes('integer') || allowed.includes('number')) && /^-?[0-9]+$/.test(value.trim())) return true
  return allowed.includes('boolean') && (value === 'true' || value === 'false')
}

/** What an empty key means to Rancher, where it matters. */
function emptyHint(name: string): string {
  switch (name) {
    case 'network_address':
      return ' (cattle would silently fall back to 10.44.0.0/16); set the subnet, e.g. 10.42.0.0/16'
    case 'bridgeSubnet':
      return '; set it to the default network\'s subnet (e.g. 10.42.0.0/16) so the bridge gets the gateway address'
    case 'bridge':
      return ' (the plugin would create its own bridge cni0); Rancher uses docker0'
    default:
      return ''
  }
}

function requiredHint(key: string): string {
  switch (key) {
    case 'network_address':
      return ' (e.g. 10.42.0.0/16)'
    case 'ipam':
      return ' (the bridge asks it for the container\'s address; Rancher uses type rancher-cni-ipam)'
    case 'type':
      return ' (the plugin binary, e.g. rancher-bridge)'
    default:
      return ''
  }
}
