// The network-driver validator: one request (a `yaml` text or several `files`, answers and
// optional context) → every diagnostic, positioned in the text the operator wrote, and the
// rendered files. Steps:
//
//   1. classify each file (docker-compose, rancher-compose, bare network_driver block);
//   2. read the questions of the request's rancher-compose `.catalog` (from its raw text);
//   3. effective answers: a given non-empty answer, else the question's default; answers a
//      question refuses are ANSWER_INVALID at every placeholder that uses them;
//   4. render every file (Go templates for `*.tpl` or text with `{{`, then `$VAR`/`${VAR}`),
//      keeping a source map; placeholders with no value are UNRESOLVED_PLACEHOLDER warnings;
//   5. parse the rendered text with `yaml` (YAML 1.1, as Go's yaml.v2 that Rancher used: `yes`
//      is a boolean, `010` octal) and collect every syntax error and duplicate key;
//   6. walk each document against its JSON Schema (schema-check.ts);
//   7. find the network_driver blocks (one per request) and run the network checks (semantics.ts).
//
// Values that came through an unresolved or invalid answer are skipped by steps 6–7, so a
// missing answer is one warning at its placeholder, never a false error downstream.
import { isMap, isSeq, type Pair, parseDocument, visit, type YAMLMap } from 'yaml'
import type { Question } from '../api/catalog.ts'
import type { Diagnostic } from '../api/validate.ts'
import { effectiveAnswers } from '../compose/answers.ts'
import { type PlaceholderUse, renderCompose } from '../compose/render.ts'
import type { JsonSchema } from '../schema/json-schema.ts'
import { dockerComposeSchema, networkDriverSchema, rancherComposeSchema } from '../schema/network-driver.schema.ts'
import { asMap, asSeq, type Doc, deref, expandMergeKeys, keySpan, keyText, pairOf, scalarValue, type Span, spanOf, type YNode } from './nodes.ts'
import { type FileKind, lineStartsOf, positionOf, Sink, type Unit } from './report.ts'
import { checkSchema, show } from './schema-check.ts'
import { checkDriver, type Declaration, hostNetworksOf } from './semantics.ts'

/** What validateNetworkDriver reads: the shape of `ValidateNetworkDriver` (core/api/validate.ts). */
export interface ValidateInput {
  yaml?: string
  files?: readonly { name: string; content: string }[]
  answers?: Readonly<Record<string, string>>
  context?: { hostNetworks?: readonly string[] }
}

export interface ValidateOutput {
  diagnostics: Diagnostic[]
  /** Each compose file after rendering, named without `.tpl`, in request order. */
  rendered: { name: string; content: string }[]
}

// The `yaml` options every parse uses: YAML 1.1 like Rancher's Go decoder, all errors
// collected, no pretty context in messages (positions are ours), duplicates found by
// findDuplicateKeys (which also knows where the first one was).
const PARSE = { version: '1.1', uniqueKeys: false, prettyErrors: false } as const

const DEFAULT_NAMES: Record<FileKind, string> = {
  'docker-compose': 'docker-compose.yml',
  'rancher-compose': 'rancher-compose.yml',
  'network-driver': 'network-driver.yml',
}

/** A bare block validates as `{network_driver: <block>}` and nothing else. */
const bareBlockSchema: JsonSchema = {
  type: 'object',
  properties: { network_driver: networkDriverSchema },
  required: ['network_driver'],
  additionalProperties: false,
}
const SCHEMAS: Record<FileKind, JsonSchema> = {
  'docker-compose': dockerComposeSchema,
  'rancher-compose': rancherComposeSchema,
  'network-driver': bareBlockSchema,
}

/** Top-level keys of a v1 compose file that are not services. */
const NOT_SERVICES = new Set(['version', 'services', 'volumes', 'networks', 'network_drivers'])

/**
 * What a file is read as. By name first: `rancher-compose.y(a)ml[.tpl]` and
 * `docker-compose*.y(a)ml[.tpl]`. Otherwise (and for a single `yaml` text) by content: a line
 * starting with `.catalog:` makes it a rancher-compose file; else a line starting with
 * `network_driver:` (a top-level key) makes it a bare network_driver block; else it is a
 * docker-compose file (v1 or v2).
 */
export function classify(name: string | undefined, content: string): FileKind {
  const base = (name ?? '').split('/').pop()!.replace(/\.tpl$/, '')
  if (/^rancher-compose\.ya?ml$/.test(base)) return 'rancher-compose'
  if (/^docker-compose[\w.-]*\.ya?ml$/.test(base)) return 'docker-compose'
  if (/^["']?\.catalog["']?[ \t]*:/m.test(content)) return 'rancher-compose'
  if (/^["']?network_driver["']?[ \t]*:/m.test(content)) return 'network-driver'
  return 'docker-compose'
}

/** Files a catalog version carries that are not compose files: not validated, not rendered. */
const isCompanionFile = (name: string) => /(^|\/)(config\.ya?ml|README(\.\w+)?|[^/]*\.(md|txt|png|svg))$/i.test(name)

/** A question as read from `.catalog.questions`, with the nodes its checks point at (offsets in the raw text). */
interface RawQuestion {
  question: Question
  node: YAMLMap
}

/**
 * Validates a network-driver request: every syntax, schema and network problem, positioned in
 * the text the operator wrote (see the step list at the top of this file), plus the rendered files. Never throws.
 */
export function validateNetworkDriver(input: ValidateInput): ValidateOutput {
  const given: Record<string, string> = {}
  for (const [k, v] of Object.entries(input.answers ?? {})) given[k] = v === null || v === undefined ? '' : String(v)

  const sources =
    input.files !== undefined && input.files.length > 0
      ? input.files.filter((f) => !isCompanionFile(f.name)).map((f) => ({ file: f.name as string | undefined, content: String(f.content ?? '') }))
      : [{ file: undefined, content: input.yaml ?? '' }]

  // 1–2. Classify; read the questions from the raw text of the first rancher-compose with a `.catalog`.
  const kinds = sources.map((s) => classify(s.file, s.content))
  let catalog: { index: number; questions: RawQuestion[]; doc: Doc } | undefined
  for (const [i, s] of sources.entries()) {
    if (kinds[i] !== 'rancher-compose' || catalog !== undefined) continue
    const raw = parseDocument(s.content, PARSE)
    const qs = questionsOf(raw)
    if (qs !== undefined) catalog = { index: i, questions: qs, doc: raw }
  }
  const questions = catalog?.questions ?? []
  const byVariable = new Map<string, RawQuestion>()
  for (const q of questions) if (!byVariable.has(q.question.variable)) byVariable.set(q.question.variable, q)

  // 3. Effective answers. A default its own question refuses is reported at the question;
  // a given answer the question refuses, at the placeholders. Either way the values it feeds are not judged.
  const effective = effectiveAnswers(
    [...byVariable.values()].map((q) => q.question),
    given,
  )
  const tainted = new Set<string>()
  const badAnswers: { variable: string; message: string }[] = []
  for (const e of effective.errors) {
    const variable = e.path.replace(/^answers\./, '')
    if (e.message.endsWith('is required')) continue // no value at all: UNRESOLVED_PLACEHOLDER at each use
    tainted.add(variable)
    if (given[variable] !== undefined && given[variable] !== '') badAnswers.push({ variable, message: e.message })
  }
  const sink = new Sink(tainted)

  // 4–5. Render and parse every file.
  const units: Unit[] = []
  const uses: { unit: Unit; uses: PlaceholderUse[] }[] = []
  const rendered: ValidateOutput['rendered'] = []
  for (const [i, s] of sources.entries()) {
    const kind = kinds[i]
    const goTemplate = (s.file ?? '').endsWith('.tpl') || s.content.includes('{{')
    const r = renderCompose(s.content, effective.answers, { goTemplate })
    const name = s.file ?? DEFAULT_NAMES[kind]
    const doc = parseDocument(r.text, PARSE)
    const syntax = syntaxErrors(doc, r.text)
    const unit: Unit = {
      file: s.file,
      label: name,
      kind,
      source: s.content,
      rendered: r.text,
      map: r.map,
      doc,
      lineStarts: lineStartsOf(s.content),
      syntaxErrors: syntax.map((e) => e.start),
      templateDamage: r.errors.filter((e) => e.variable === undefined).map((e) => [e.start, Math.max(e.end, e.start + 1)]),
      structureUncertain: r.placeholders.some((u) => !u.direct && (!u.resolved || tainted.has(u.variable))),
    }
    if (syntax.length > 0) unit.firstSyntaxError = Math.min(...syntax.map((e) => e.start), ...doc.errors.map((e) => e.pos[0]))
    units.push(unit)
    uses.push({ unit, uses: r.placeholders })
    rendered.push({ name: name.replace(/\.tpl$/, ''), content: r.text })

    const reportedAt = new Set<number>()
    for (const e of r.errors) {
      if (e.variable !== undefined) {
        // `${X:?message}` with no X: the author's own "required" message, as a warning.
        sink.atSource(unit, 'UNRESOLVED_PLACEHOLDER', `${e.message} (no answer and no question default; the value it feeds is not checked)`, '', e.start, e.end)
        reportedAt.add(e.start)
      } else {
        sink.atSource(unit, 'TEMPLATE_SYNTAX', e.message, '', e.start, e.end)
      }
    }
    for (const u of r.placeholders) {
      if (u.resolved || reportedAt.has(u.start)) continue
      const q = byVariable.get(u.variable)
      if (q !== undefined && !q.question.required) continue // an optional question left empty: "not set", the key's default applies
      const message =
        q !== undefined
          ? `${u.variable} is required but has no answer and its question no default; the value it feeds is not checked`
          : `${u.variable} has no answer and no question default (no .catalog question defines it); the value it feeds is not checked`
      sink.atSource(unit, 'UNRESOLVED_PLACEHOLDER', message, '', u.start, u.end)
    }
    for (const e of syntax) sink.at(unit, 'YAML_SYNTAX', e.message, '', [e.start, e.end])
    findDuplicateKeys(unit, sink)
    expandMergeKeys(doc)
  }

  // Answers the questions refuse, at every placeholder that reads them (else at the question).
  for (const bad of badAnswers) {
    let placed = false
    for (const { unit, uses: list } of uses) {
      for (const u of list) {
        if (u.variable !== bad.variable) continue
        sink.atSource(unit, 'ANSWER_INVALID', `answer ${bad.message}`, `answers.${bad.variable}`, u.start, u.end)
        placed = true
      }
    }
    const q = byVariable.get(bad.variable)
    if (!placed && q !== undefined && catalog !== undefined) {
      const s = spanOf(q.node)
      sink.atSource(units[catalog.index], 'ANSWER_INVALID', `answer ${bad.message}`, `answers.${bad.variable}`, s[0], lineEnd(units[catalog.index].source, s[0]))
    }
  }

  // The question block itself.
  if (catalog !== undefined) checkQuestions(units[catalog.index], catalog.questions, sink)

  // 6–7. Schema, then network semantics.
  const declarations: Declaration[] = []
  for (const unit of units) {
    checkSchema(unit, sink, SCHEMAS[unit.kind])
    declarations.push(...declarationsOf(unit))
  }
  checkDriverCount(declarations, sink)
  const ctx = { hostNetworks: hostNetworksOf(input.context?.hostNetworks) }
  for (const d of effectiveDeclarations(declarations)) checkDriver(d, sink, ctx)

  if (declarations.length === 0 && units.length > 0 && !sink.diagnostics.some((d) => d.code === 'YAML_SYNTAX')) {
    const u = units[0]
    sink.atSource(u, 'NO_NETWORK_DRIVER', 'no network_driver block found: nothing here declares a network driver', '', 0, lineEnd(u.source, 0))
  }

  // Files in request order, then by position.
  const order = new Map(units.map((u, i) => [u.file, i]))
  const diagnostics = sink.diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (order.get(a.d.file) ?? 0) - (order.get(b.d.file) ?? 0) || a.d.line - b.d.line || a.d.column - b.d.column || a.i - b.i)
    .map(({ d }) => d)
  return { diagnostics, rendered }
}

function lineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from)
  return nl === -1 ? text.length : nl
}

// ─── questions ─────────────────────────────────────────────────────────────────────────────

const QUESTION_TYPES = new Set(['string', 'int', 'boolean', 'enum', 'password', 'multiline'])

/** The `.catalog.questions` of a parsed rancher-compose (raw text), or undefined when it has no `.catalog`. */
function questionsOf(doc: Doc): RawQuestion[] | undefined {
  const root = asMap(doc, doc.contents as YNode)
  const cat = asMap(doc, pairOf(root, '.catalog')?.value as YNode)
  if (cat === undefined) return undefined
  const out: RawQuestion[] = []
  for (const item of asSeq(doc, pairOf(cat, 'questions')?.value as YNode)?.items ?? []) {
    const m = asMap(doc, item as YNode)
    if (m === undefined) continue
    const text = (key: string): string | undefined => {
      const v = scalarValue(deref(doc, pairOf(m, key)?.value as YNode))
      return v === null || v === undefined ? undefined : String(v)
    }
    const variable = text('variable')
    if (variable === undefined || variable === '') continue
    const type = text('type') ?? 'string'
    const num = (key: string) => {
      const v = scalarValue(deref(doc, pairOf(m, key)?.value as YNode))
      return typeof v === 'number' ? v : undefined
    }
    const options = asSeq(doc, pairOf(m, 'options')?.value as YNode)
      ?.items.map((o) => scalarValue(deref(doc, o as YNode)))
      .filter((o) => o !== null && o !== undefined)
      .map(String)
    const question: Question = {
      variable,
      label: text('label') ?? variable,
      // Types Paddock does not check (float, service, certificate) are taken as text.
      type: (QUESTION_TYPES.has(type) ? type : 'string') as Question['type'],
      required: scalarValue(deref(doc, pairOf(m, 'required')?.value as YNode)) === true || text('required') === 'true',
    }
    const d = text('default')
    if (d !== undefined) question.default = d
    if (options !== undefined) question.options = options
    const min = num('min')
    const max = num('max')
    if (min !== undefined) question.min = min
    if (max !== undefined) question.max = max
    out.push({ question, node: m })
  }
  return out
}

/** QUESTION_INVALID: duplicate variables, defaults their own question refuses, enum without options, min > max. Offsets are raw-text offsets = source offsets. */
function checkQuestions(unit: Unit, questions: RawQuestion[], sink: Sink): void {
  const seen = new Map<string, RawQuestion>()
  questions.forEach((q, i) => {
    const path = `.catalog.questions.${i}`
    const at = (key: string): Span => {
      const p = pairOf(q.node, key)
      if (p === undefined) return [spanOf(q.node)[0], spanOf(q.node)[0] + 1]
      const v = p.value as YNode
      return v?.range && v.range[1] > v.range[0] ? [v.range[0], v.range[1]] : keySpan(p)
    }
    const report = (key: string, message: string) => {
      const [s, e] = at(key)
      sink.atSource(unit, 'QUESTION_INVALID', message, `${path}.${key}`, s, e)
    }
    const { variable, type, options, min, max } = q.question
    const first = seen.get(variable)
    if (first !== undefined) {
      report('variable', `question ${variable} is defined twice (first at line ${lineOf(unit, spanOf(first.node)[0])}); only one of them would be asked`)
    } else seen.set(variable, q)
    const d = q.question.default
    if (d !== undefined && d !== '') {
      if (type === 'int' && !/^-?[0-9]+$/.test(d)) report('default', `default ${show(d)} of int question ${variable} is not an integer`)
      else if (type === 'int' && ((min !== undefined && Number(d) < min) || (max !== undefined && Number(d) > max))) {
        report('default', `default ${d} of question ${variable} is outside its min–max ${min ?? '…'}–${max ?? '…'}`)
      } else if (type === 'boolean' && d !== 'true' && d !== 'false') report('default', `default ${show(d)} of boolean question ${variable} is not true or false`)
      else if (type === 'enum' && options !== undefined && options.length > 0 && !options.includes(d)) {
        report('default', `default ${show(d)} of question ${variable} is not one of its options (${options.join(', ')})`)
      }
    }
    if (type === 'enum' && (options === undefined || options.length === 0)) report('type', `enum question ${variable} has no options to choose from`)
    if (min !== undefined && max !== undefined && min > max) report('min', `question ${variable} has min ${min} above max ${max}`)
  })
}

function lineOf(unit: Unit, offset: number): number {
  return positionOf(unit.lineStarts, offset).line
}

// ─── structure ─────────────────────────────────────────────────────────────────────────────

/**
 * The parser's errors, made readable: an unclosed quote (which `yaml` reports where the text
 * ends) is moved to the quote that opened it; one error per line; and a run of the same
 * error on consecutive lines — the parser stumbling through a block after one bad line, e.g.
 * a tab — is one diagnostic at its first line that says how far the run goes.
 */
function syntaxErrors(doc: Doc, text: string): { start: number; end: number; message: string }[] {
  const aliases = unknownAliases(doc, text)
  if (doc.errors.length === 0 && aliases.length === 0) return []
  const starts = lineStartsOf(text)
  const lineOfOffset = (o: number) => positionOf(starts, o).line
  const parserErrors = doc.errors.map((e) => {
    let start = e.pos[0]
    let end = Math.max(e.pos[1], start + 1)
    let message = e.message.split('\n')[0]
    if (e.code === 'MULTIPLE_DOCS') {
      // Go's yaml.Unmarshal (Rancher) reads the first document and drops the rest without a word.
      message = 'a second YAML document (after ---): Rancher reads only the first one and ignores the rest'
      end = lineEnd(text, start)
    } else if (e.code === 'MISSING_CHAR' && /quote/i.test(message)) {
      const open = openingQuote(doc, start)
      if (open !== undefined) {
        start = open
        end = lineEnd(text, open)
        message = `${message}: the string opened here runs on to the end of the text`
      }
    }
    return { start, end, message, line: lineOfOffset(start) }
  })
  const found = [...parserErrors, ...aliases.map((a) => ({ ...a, line: lineOfOffset(a.start) }))]
  found.sort((a, b) => a.start - b.start)
  const out: { start: number; end: number; message: string; line: number; last: number }[] = []
  for (const e of found) {
    const prev = out[out.length - 1]
    if (prev !== undefined && prev.last === e.line) continue // one per line
    if (prev !== undefined && prev.message === e.message && prev.last === e.line - 1) {
      prev.last = e.line
      continue
    }
    out.push({ ...e, last: e.line })
  }
  return out.map((e) => ({
    start: e.start,
    end: e.end,
    message: e.last > e.line ? `${e.message} (and on the ${e.last - e.line} lines after it)` : e.message,
  }))
}

/**
 * Aliases whose anchor is not defined before them. `yaml` accepts these silently (the value
 * becomes nothing); Go's yaml.v2, which Rancher used, refuses the file ("unknown anchor").
 */
function unknownAliases(doc: Doc, text: string): { start: number; end: number; message: string }[] {
  if (!text.includes('*')) return []
  const out: { start: number; end: number; message: string }[] = []
  visit(doc, {
    Alias(_key, node) {
      if (node.resolve(doc) !== undefined || !node.range) return
      out.push({ start: node.range[0], end: node.range[1], message: `unknown anchor *${node.source}: an alias must come after its &${node.source}` })
    },
  })
  return out
}

/** Start of the quoted scalar an unclosed-quote error at `pos` belongs to. */
function openingQuote(doc: Doc, pos: number): number | undefined {
  let best: number | undefined
  visit(doc, {
    Scalar(_key, node) {
      const r = node.range
      if (r && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && r[0] < pos && pos <= r[2] && (best === undefined || r[0] > best)) best = r[0]
    },
  })
  return best
}

/** DUPLICATE_KEY for every key set twice in one mapping, anywhere in the document. */
function findDuplicateKeys(unit: Unit, sink: Sink): void {
  const visit = (node: YNode, path: string, name: string) => {
    if (isMap(node)) {
      const seen = new Map<string, Pair>()
      for (const pair of node.items as Pair[]) {
        const key = keyText(pair)
        const childPath = key === null ? path : path === '' ? key : `${path}.${key}`
        if (key !== null && key !== '<<') {
          const first = seen.get(key)
          if (first !== undefined) {
            sink.at(
              unit,
              'DUPLICATE_KEY',
              `duplicate key ${show(key)} in ${name} (first set at line ${sink.lineOf(unit, keySpan(first)[0])}); Rancher keeps only one of them`,
              childPath,
              keySpan(pair),
            )
          } else seen.set(key, pair)
        }
        visit(pair.value as YNode, childPath, key ?? name)
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item as YNode, path === '' ? String(i) : `${path}.${i}`, `${name} item ${i + 1}`))
    }
  }
  visit(unit.doc.contents as YNode, '', unit.label)
}

/** The network_driver blocks of one file: on services (v2 `services:` or v1 top level), in `network_drivers:`, or bare. */
function declarationsOf(unit: Unit): Declaration[] {
  const doc = unit.doc
  const root = asMap(doc, doc.contents as YNode)
  if (root === undefined) return []
  const out: Declaration[] = []
  const push = (service: string, pair: Pair | undefined, path: string) => {
    const block = asMap(doc, pair?.value as YNode)
    if (pair !== undefined && block !== undefined) out.push({ unit, service, pair, block, path })
  }
  if (unit.kind === 'network-driver') {
    push('', pairOf(root, 'network_driver'), 'network_driver')
    return out
  }
  const services = asMap(doc, pairOf(root, 'services')?.value as YNode)
  const entries = services ? (services.items as Pair[]) : pairOf(root, 'version') === undefined ? (root.items as Pair[]) : []
  for (const p of entries) {
    const name = keyText(p)
    if (name === null || (!services && (NOT_SERVICES.has(name) || name.startsWith('.')))) continue
    push(name, pairOf(asMap(doc, p.value as YNode), 'network_driver'), `${services ? 'services.' : ''}${name}.network_driver`)
  }
  const drivers = asMap(doc, pairOf(root, 'network_drivers')?.value as YNode)
  for (const p of (drivers?.items ?? []) as Pair[]) {
    const name = keyText(p)
    if (name !== null) push(name, p, `network_drivers.${name}`)
  }
  return out
}

/**
 * The blocks Rancher actually uses. For one service, rancher-compose's keys override
 * docker-compose's and a `network_drivers:` entry becomes the service's block, so the last of
 * them (docker-compose, then rancher-compose; services, then network_drivers) replaces the
 * others whole. The replaced ones were schema-checked; their network semantics would be about
 * a block that never takes effect (and a partial one would look like a driver without a network).
 */
function effectiveDeclarations(decls: Declaration[]): Declaration[] {
  const rank: Record<FileKind, number> = { 'docker-compose': 0, 'rancher-compose': 1, 'network-driver': 2 }
  const ordered = decls.map((d, i) => ({ d, i })).sort((a, b) => rank[a.d.unit.kind] - rank[b.d.unit.kind] || a.i - b.i)
  const last = new Map<string, Declaration>()
  const out: Declaration[] = []
  for (const { d } of ordered) {
    if (d.service === '') out.push(d) // a bare block stands alone
    else last.set(d.service, d)
  }
  return [...out, ...last.values()]
}

/**
 * MULTIPLE_DRIVERS: an environment runs exactly one networking driver. Declarations for the
 * same service in docker-compose and rancher-compose are one driver (Rancher merges the two
 * files per service); any other name after the first is an error at its block.
 */
function checkDriverCount(decls: Declaration[], sink: Sink): void {
  if (decls.length < 2) return
  const first = decls[0]
  for (const d of decls.slice(1)) {
    // Same service name: one driver (files and `network_drivers:` merge per service). Bare blocks have no name: each is its own.
    if (d.service !== '' && d.service === first.service) continue
    const where = `${first.unit.label} line ${sink.lineOf(first.unit, keySpan(first.pair)[0])}`
    const name = d.service === '' ? 'a second network_driver block' : `a second network driver (${show(d.service)})`
    sink.at(
      d.unit,
      'MULTIPLE_DRIVERS',
      `${name}: the first is ${first.service === '' ? 'the network_driver block' : show(first.service)} at ${where}; an environment runs exactly one networking driver`,
      d.path,
      keySpan(d.pair),
    )
  }
}
