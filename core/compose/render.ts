// Answer substitution the way Rancher renders catalog compose files (domain §2.1):
//
//   1. for `*.tpl` files, the Go-template subset the real catalog uses is evaluated
//      (`{{ .Values.X }}`, `{{- $v:="…" }}` / `{{$v}}`, `{{ if … }} … {{ else }} … {{ end }}`
//      with eq / ne / not / and / or, and the `{{-` / `-}}` whitespace trimming);
//   2. then `$VAR`, `${VAR}`, `${VAR:-default}` and `$$` are interpolated as docker-compose
//      (libcompose) does.
//
// Every problem is reported with a 1-based line and column *in the text the operator wrote*,
// even when it is only found in phase 2, after phase 1 has moved text around. Phase 1
// therefore produces its output together with a source map (see Mapped below), phase 2
// translates its offsets back through it, and the result carries a SourceMap from the final
// text to the input, so that a validator parsing the rendered YAML can point at the
// placeholder a bad value came through.
//
// Nothing here throws: unknown syntax becomes a RenderIssue and the offending text is left in
// the output as it was, so the YAML parser after us still sees something recognisable.

import { lineStartsOf, positionOf } from '../text/positions.ts'

/** A problem found while rendering; line and column are 1-based positions in the input text, start…end its offsets (end exclusive). */
export interface RenderIssue {
  message: string
  line: number
  column: number
  start: number
  end: number
  variable?: string
}

/**
 * One stretch of the rendered text and where it came from. Copied text maps 1:1
 * (srcEnd − src = outEnd − out); generated text (a placeholder's value, an action's output)
 * maps as a whole to the placeholder that produced it. A placeholder that rendered as
 * nothing still has a segment, of length 0, so "did this value come through an unset
 * answer?" can be asked of any range of the output.
 */
export interface RenderSegment {
  out: number
  outEnd: number
  src: number
  srcEnd: number
  generated: boolean
  /** The answer a `$VAR`, `${VAR…}` or `{{ .Values.VAR }}` placeholder read. */
  variable?: string
  /** The answer was missing or empty and no inline default applied: the placeholder rendered as ''. */
  unresolved?: boolean
}

/** One read of an answer by a placeholder, at its source range (end exclusive). */
export interface PlaceholderUse {
  variable: string
  /** `$X`, `${X…}`, a whole `{{ .Values.X }}` output action, or the `.Values.X` inside a condition. */
  start: number
  end: number
  /** False when the answer was missing or empty and no inline default (`${X:-d}`) applied. */
  resolved: boolean
  /**
   * True when the value is put into the text as it is (`$X`, `${X}`, `{{ .Values.X }}`); false
   * when a template expression reads it (a condition, an assignment, a function argument), so
   * it may decide which text exists rather than appear in it.
   */
  direct: boolean
}

/** Rendered offsets → source offsets, from the segments of one rendering (sorted by `out`). */
export class SourceMap {
  constructor(readonly segments: readonly RenderSegment[]) {}

  /** The identity map of a text that was not changed. */
  static identity(length: number): SourceMap {
    return new SourceMap(length === 0 ? [] : [{ out: 0, outEnd: length, src: 0, srcEnd: length, generated: false }])
  }

  /** Source offset of a rendered offset that starts a range: inside generated text, the start of its placeholder. */
  toSourceStart(out: number): number {
    const i = this.lastStartingAtOrBefore(out)
    if (i < 0) return 0
    const g = this.segments[i]
    if (g.generated) return out >= g.outEnd && g.outEnd > g.out ? g.srcEnd : g.src
    return g.src + Math.min(out - g.out, g.outEnd - g.out)
  }

  /** Source offset of a rendered offset that ends a range (exclusive): inside generated text, the end of its placeholder. */
  toSourceEnd(out: number): number {
    if (out <= 0) return this.toSourceStart(0)
    // The segment holding the last character of the range, out − 1.
    const i = this.lastStartingAtOrBefore(out - 1)
    if (i < 0) return 0
    const g = this.segments[i]
    if (g.generated) return g.srcEnd
    return g.src + Math.min(out - g.out, g.outEnd - g.out)
  }

  /** Generated segments overlapping [from, to], both ends included (so a 0-length segment at either end counts). */
  generatedWithin(from: number, to: number): RenderSegment[] {
    const found: RenderSegment[] = []
    // First segment that ends at or after `from` (outEnd is non-decreasing).
    let lo = 0
    let hi = this.segments.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.segments[mid].outEnd < from) lo = mid + 1
      else hi = mid
    }
    for (let i = lo; i < this.segments.length && this.segments[i].out <= to; i++) {
      if (this.segments[i].generated) found.push(this.segments[i])
    }
    return found
  }

  /** Index of the last segment with out ≤ offset (−1 when none); among equal starts, the last (a non-empty one after 0-length markers). */
  private lastStartingAtOrBefore(offset: number): number {
    let lo = 0
    let hi = this.segments.length - 1
    if (hi < 0 || this.segments[0].out > offset) return -1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.segments[mid].out <= offset) lo = mid
      else hi = mid - 1
    }
    return lo
  }
}

/** The rendered text, the answers it needed but did not get (first use first), the problems found, and how to map back. */
export interface RenderResult {
  text: string
  missing: string[]
  errors: RenderIssue[]
  /** Rendered offsets → input offsets. */
  map: SourceMap
  /** Every placeholder that read an answer (in branches that ran), in input order. */
  placeholders: PlaceholderUse[]
}

/**
 * Renders a compose file with the given answers: Go-template subset first when opts.goTemplate,
 * then `$VAR` / `${VAR}` / `${VAR:-default}` / `$$`. Missing or empty answers render as '' and are
 * listed in `missing`; unknown syntax is reported in `errors` (with position) and left as is; `map`
 * leads from the output back to the input. Never throws.
 */
export function renderCompose(
  text: string,
  answers: Record<string, string>,
  opts: { goTemplate?: boolean } = {},
): RenderResult {
  const ctx: Ctx = { src: text, answers, uses: [], issues: [] }
  const phase1 = opts.goTemplate ? renderTemplate(ctx) : Mapped.identity(text)
  const { text: rendered, map } = interpolate(phase1, ctx)

  const placeholders = [...ctx.uses].sort((a, b) => a.start - b.start)
  // `missing` in the order the names first appear in the input, whichever phase found them.
  const seen = new Set<string>()
  const missing: string[] = []
  for (const u of placeholders) {
    if (!u.resolved && !seen.has(u.variable)) {
      seen.add(u.variable)
      missing.push(u.variable)
    }
  }
  const lines = lineStartsOf(text)
  const errors = [...ctx.issues]
    .sort((a, b) => a.at - b.at)
    .map(({ at, end, message, variable }): RenderIssue => {
      const { line, column } = positionOf(lines, at)
      const issue: RenderIssue = { message, line, column, start: at, end: Math.max(end, at) }
      if (variable !== undefined) issue.variable = variable
      return issue
    })
  return { text: rendered, missing, errors, map, placeholders }
}

// ─── shared state ──────────────────────────────────────────────────────────────────────────

interface Ctx {
  src: string
  answers: Record<string, string>
  /** Offsets in src. */
  uses: PlaceholderUse[]
  issues: { message: string; at: number; end: number; variable?: string }[]
}

/** The answer for a name, or '' when it is absent or empty; records the use (start…end in src) either way. */
function answer(ctx: Ctx, name: string, start: number, end: number, direct = true): string {
  const v = Object.hasOwn(ctx.answers, name) ? ctx.answers[name] : undefined
  const resolved = v !== undefined && v !== ''
  ctx.uses.push({ variable: name, start, end, resolved, direct })
  return resolved ? v : ''
}

// ─── source-mapped text ────────────────────────────────────────────────────────────────────

/** What a generated piece records about the placeholder behind it. */
interface Origin {
  variable?: string
  unresolved?: boolean
}

/**
 * Output text built from pieces, each remembering where it came from:
 *
 *   src:  "image: {{$img}}\nnet: $NET"
 *          0      7       15
 *   out:  "image: " │ "rancher/net" │ "\nnet: $NET"
 *          src 0…7    src 7…15 gen.   src 15…
 *
 * An offset inside a copied piece maps back 1:1; an offset inside a generated piece (the
 * value of an action) maps to the action as a whole: its `{{` for a range start, after its
 * `}}` for a range end.
 */
class Mapped {
  private readonly chunks: string[] = []
  /** Sorted by outStart; a 0-length piece marks an action that rendered as nothing from an unset answer. */
  readonly pieces: { outStart: number; outEnd: number; srcStart: number; srcEnd: number; generated: boolean; origin?: Origin }[] = []
  /** Output ranges [start, end) that interpolation must not touch (template syntax left as is). */
  readonly verbatim: [number, number][] = []
  private length = 0

  static identity(src: string): Mapped {
    const m = new Mapped()
    m.copy(src, 0, src.length)
    return m
  }

  /** Appends src[start, end). */
  copy(src: string, start: number, end: number): void {
    if (end > start) this.push(src.slice(start, end), start, end, false)
  }

  /** Appends src[start, end) and protects it from interpolation: an action we could not evaluate stays exactly as written. */
  keep(src: string, start: number, end: number): void {
    this.verbatim.push([this.length, this.length + end - start])
    this.copy(src, start, end)
  }

  /** Appends text produced by the action at src[start, end); an empty text is recorded only when it stands for an unset answer. */
  generate(text: string, start: number, end: number, origin?: Origin): void {
    if (text.length > 0 || origin?.unresolved) this.push(text, start, end, true, origin)
  }

  private push(text: string, srcStart: number, srcEnd: number, generated: boolean, origin?: Origin): void {
    const piece = { outStart: this.length, outEnd: this.length + text.length, srcStart, srcEnd, generated }
    this.pieces.push(origin === undefined ? piece : { ...piece, origin })
    this.chunks.push(text)
    this.length += text.length
  }

  toString(): string {
    return this.chunks.join('')
  }

  /** The src offset an output offset came from (start of a generated piece's action). */
  srcOffset(out: number): number {
    const i = this.pieceAt(out)
    if (i < 0) return 0
    const p = this.pieces[i]
    return p.generated ? p.srcStart : p.srcStart + Math.max(0, out - p.outStart)
  }

  /** The src offset for an exclusive output end (end of a generated piece's action). */
  srcEndOffset(out: number): number {
    if (out <= 0) return this.srcOffset(0)
    const i = this.pieceAt(out - 1)
    if (i < 0) return 0
    const p = this.pieces[i]
    return p.generated ? p.srcEnd : p.srcStart + Math.max(0, out - p.outStart)
  }

  /** Index of the last piece with outStart ≤ out (binary search: the map can have thousands of pieces), −1 if none. */
  pieceAt(out: number): number {
    let lo = 0
    let hi = this.pieces.length - 1
    if (hi < 0) return -1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (this.pieces[mid].outStart <= out) lo = mid
      else hi = mid - 1
    }
    return lo
  }

  /** Index of the first piece ending at or after out (so a 0-length piece at out is included). */
  firstEndingAtOrAfter(out: number): number {
    let lo = 0
    let hi = this.pieces.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.pieces[mid].outEnd < out) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

// ─── phase 1: the Go-template subset ───────────────────────────────────────────────────────

// Expressions evaluate to strings: answers are strings, and a boolean result is the text
// "true"/"false", which is exactly what Go prints for it.
type Expr =
  | { k: 'lit'; value: string }
  | { k: 'values'; name: string; at: number; end: number }
  | { k: 'var'; name: string }
  | { k: 'call'; fn: Fn; args: Expr[] }

const FUNCS = ['eq', 'ne', 'not', 'and', 'or'] as const
type Fn = (typeof FUNCS)[number]
// [min, max] argument counts, as Go's text/template checks them.
const ARITY: Record<Fn, [number, number]> = {
  eq: [2, Infinity],
  ne: [2, 2],
  not: [1, 1],
  and: [1, Infinity],
  or: [1, Infinity],
}

type Node =
  | { t: 'text'; start: number; end: number }
  | { t: 'verbatim'; start: number; end: number }
  | { t: 'output'; expr: Expr; at: number; end: number }
  | { t: 'assign'; name: string; declare: boolean; expr: Expr }
  | { t: 'if'; branches: { cond: Expr | null; body: Node[] }[] }

/** One `{{ … }}` as found in src. */
interface Action {
  start: number // offset of `{{`
  end: number // offset after `}}`
  innerStart: number // after `{{` or `{{- `
  innerEnd: number // before `}}` or ` -}}`
  trimLeft: boolean
  trimRight: boolean
}

/** An open block while parsing: the root, an `if` (with its branches) or an unsupported block left verbatim. */
interface Frame {
  kind: 'root' | 'if' | 'unsupported'
  body: Node[]
  node?: Extract<Node, { t: 'if' }>
  keyword: string
  openAt: number
  openEnd: number
  sawElse: boolean
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n'

function renderTemplate(ctx: Ctx): Mapped {
  const root = parseTemplate(ctx)
  const out = new Mapped()
  evalNodes(root, [new Map()], ctx, out)
  return out
}

/** Splits src into text and actions and builds the node tree; records syntax errors in ctx. */
function parseTemplate(ctx: Ctx): Node[] {
  const src = ctx.src
  const rootFrame: Frame = { kind: 'root', body: [], keyword: '', openAt: 0, openEnd: 0, sawElse: false }
  const frames: Frame[] = [rootFrame]
  // Variables visible at this point of the parse, one set per open block: Go rejects an
  // undefined `$x` at parse time, and so do we, which keeps evaluation error-free.
  const scopes: Set<string>[] = [new Set()]
  const top = () => frames[frames.length - 1]
  const fail = (message: string, at: number, end: number) => ctx.issues.push({ message, at, end })

  let pos = 0
  let trimNext = false
  for (;;) {
    const open = src.indexOf('{{', pos)
    const textEnd = open === -1 ? src.length : open
    const text: Extract<Node, { t: 'text' }> = { t: 'text', start: pos, end: textEnd }
    if (trimNext) while (text.start < text.end && isSpace(src[text.start])) text.start++
    trimNext = false
    top().body.push(text)
    if (open === -1) break

    const action = scanAction(src, open)
    if (action === null) {
      const eol = src.indexOf('\n', open)
      fail('unclosed action: "{{" has no matching "}}"', open, eol === -1 ? src.length : eol)
      text.end = src.length // the rest is left as is
      break
    }
    pos = action.end

    const parsed = parseAction(src, action, scopes)
    if ('error' in parsed) {
      fail(parsed.error, parsed.at, action.end)
      top().body.push({ t: 'verbatim', start: action.start, end: action.end })
      continue
    }
    const a = parsed.action
    const verbatim = (): Node => ({ t: 'verbatim', start: action.start, end: action.end })

    // Structural checks that need the frame stack. An action that fails them is left
    // verbatim and its trim markers are not applied, so the text around it stays as is too.
    let trim = true
    const refuse = (message: string) => {
      fail(message, action.start, action.end)
      top().body.push(verbatim())
      trim = false
    }
    switch (a.kind) {
      case 'comment':
        break
      case 'output':
        top().body.push({ t: 'output', expr: a.expr, at: action.start, end: action.end })
        break
      case 'assign':
        top().body.push({ t: 'assign', name: a.name, declare: a.declare, expr: a.expr })
        break
      case 'if': {
        const node: Extract<Node, { t: 'if' }> = { t: 'if', branches: [{ cond: a.expr, body: [] }] }
        top().body.push(node)
        frames.push({ kind: 'if', body: node.branches[0].body, node, keyword: 'if', openAt: action.start, openEnd: action.end, sawElse: false })
        scopes.push(new Set())
        break
      }
      case 'else': {
        const f = top()
        if (f.kind !== 'if') {
          refuse('{{else}} without a matching {{if}}')
          break
        }
        if (f.sawElse) {
          refuse('{{else}} after {{else}} in the same {{if}}')
          break
        }
        f.sawElse = a.expr === null
        const branch = { cond: a.expr, body: [] as Node[] }
        f.node!.branches.push(branch)
        f.body = branch.body
        // Each branch has its own variable scope.
        scopes[scopes.length - 1] = new Set()
        break
      }
      case 'end': {
        const f = top()
        if (f.kind === 'root') {
          refuse('{{end}} without a matching {{if}}')
          break
        }
        frames.pop()
        scopes.pop()
        if (f.kind === 'unsupported') {
          top().body.push(verbatim())
          trim = false
        }
        break
      }
      case 'unsupportedBlock':
        // range / with / define / block: reported, the opener and its {{end}} left as is,
        // the body still rendered, so one unknown construct does not hide everything in it.
        refuse(`{{${a.keyword}}} is not supported (only if / else / end, variables and .Values)`)
        frames.push({ kind: 'unsupported', body: top().body, keyword: a.keyword, openAt: action.start, openEnd: action.end, sawElse: false })
        scopes.push(new Set())
        break
    }
    if (trim) {
      if (action.trimLeft) while (text.end > text.start && isSpace(src[text.end - 1])) text.end--
      trimNext = action.trimRight
    }
  }

  for (let i = frames.length - 1; i > 0; i--) {
    fail(`{{${frames[i].keyword}}} is never closed with {{end}}`, frames[i].openAt, frames[i].openEnd)
  }
  return rootFrame.body
}

/** Finds the end of the action starting at `{{`, skipping quoted strings and comments; null when unclosed. */
function scanAction(src: string, start: number): Action | null {
  // `{{- ` trims only with the space: `{{-3}}` is the number −3 in Go.
  const trimLeft = src[start + 2] === '-' && isSpace(src[start + 3])
  const innerStart = start + (trimLeft ? 3 : 2)
  let i = innerStart
  while (i < src.length) {
    const c = src[i]
    if (c === '"' || c === "'") {
      i++
      while (i < src.length && src[i] !== c && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1
      i++
    } else if (c === '`') {
      const close = src.indexOf('`', i + 1)
      i = close === -1 ? src.length : close + 1
    } else if (c === '/' && src[i + 1] === '*') {
      const close = src.indexOf('*/', i + 2)
      i = close === -1 ? src.length : close + 2
    } else if (c === '}' && src[i + 1] === '}') {
      const trimRight = i - 2 >= innerStart && src[i - 1] === '-' && isSpace(src[i - 2])
      return { start, end: i + 2, innerStart, innerEnd: trimRight ? i - 1 : i, trimLeft, trimRight }
    } else {
      i++
    }
  }
  return null
}

// ─── action parsing ────────────────────────────────────────────────────────────────────────

type Tok =
  | { k: 'str'; value: string; at: number }
  | { k: 'num'; text: string; at: number }
  | { k: 'field'; text: string; at: number }
  | { k: 'var'; name: string; at: number }
  | { k: 'ident'; text: string; at: number }
  | { k: 'punct'; text: ':=' | '=' | '(' | ')' | '|'; at: number }

type ParsedAction =
  | { kind: 'comment' }
  | { kind: 'output'; expr: Expr }
  | { kind: 'assign'; name: string; declare: boolean; expr: Expr }
  | { kind: 'if'; expr: Expr }
  | { kind: 'else'; expr: Expr | null }
  | { kind: 'end' }
  | { kind: 'unsupportedBlock'; keyword: string }

/** Thrown inside one action's parser and turned into a RenderIssue by parseAction; never escapes this file. */
class TemplateSyntaxError {
  constructor(
    readonly message: string,
    readonly at: number,
  ) {}
}

const TOKEN = new RegExp(
  [
    /(?<ws>\s+)/,
    /(?<comment>\/\*[\s\S]*?\*\/)/,
    /(?<str>"(?:[^"\\\n]|\\.)*")/,
    /(?<raw>`[^`]*`)/,
    /(?<char>'(?:[^'\\\n]|\\.)*')/,
    /(?<num>[-+]?(?:0[xX][0-9a-fA-F_]+|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?))/,
    /(?<field>(?:\.[A-Za-z_][A-Za-z0-9_]*)+|\.)/,
    /(?<var>\$[A-Za-z_][A-Za-z0-9_]*|\$)/,
    /(?<ident>[A-Za-z_][A-Za-z0-9_]*)/,
    /(?<punct>:=|=|\(|\)|\|)/,
  ]
    .map((r) => r.source)
    .join('|'),
  'y',
)

function tokenize(src: string, start: number, end: number): Tok[] {
  const toks: Tok[] = []
  // Only the action's text is scanned (a slice per action, not the whole file); token
  // offsets are shifted back to src offsets.
  const text = src.slice(start, end)
  TOKEN.lastIndex = 0
  while (TOKEN.lastIndex < text.length) {
    const rel = TOKEN.lastIndex
    const at = start + rel
    const m = TOKEN.exec(text)
    if (m === null || m[0].length === 0) throw new TemplateSyntaxError(`unexpected ${JSON.stringify(text[rel])} in action`, at)
    const g = m.groups!
    if (g.ws !== undefined || g.comment !== undefined) continue
    if (g.str !== undefined) {
      let value: string
      try {
        // Go's interpreted strings share JSON's common escapes (\" \\ \n \t \u1234);
        // the rarer Go-only ones (\x41, \101, \a) are reported rather than guessed.
        value = JSON.parse(g.str) as string
      } catch {
        throw new TemplateSyntaxError(`unsupported escape in string ${g.str}`, at)
      }
      toks.push({ k: 'str', value, at })
    } else if (g.raw !== undefined) toks.push({ k: 'str', value: g.raw.slice(1, -1), at })
    else if (g.char !== undefined) throw new TemplateSyntaxError(`character constants (${g.char}) are not supported`, at)
    else if (g.num !== undefined) toks.push({ k: 'num', text: g.num, at })
    else if (g.field !== undefined) toks.push({ k: 'field', text: g.field, at })
    else if (g.var !== undefined) toks.push({ k: 'var', name: g.var.slice(1), at })
    else if (g.ident !== undefined) toks.push({ k: 'ident', text: g.ident, at })
    else toks.push({ k: 'punct', text: g.punct as ':=' | '=' | '(' | ')' | '|', at })
  }
  return toks
}

/** Parses the inside of one action; variables are checked against (and declared into) scopes. */
function parseAction(
  src: string,
  action: Action,
  scopes: Set<string>[],
): { action: ParsedAction } | { error: string; at: number } {
  try {
    return { action: parseActionOrThrow(src, action, scopes) }
  } catch (e) {
    if (e instanceof TemplateSyntaxError) return { error: e.message, at: e.at }
    throw e
  }
}

function parseActionOrThrow(src: string, action: Action, scopes: Set<string>[]): ParsedAction {
  const toks = tokenize(src, action.innerStart, action.innerEnd)
  if (toks.length === 0) {
    // Only whitespace and /* comments */: a comment if there was one, else Go's "missing value".
    if (src.slice(action.innerStart, action.innerEnd).includes('/*')) return { kind: 'comment' }
    throw new TemplateSyntaxError('empty action {{ }}', action.start)
  }
  const first = toks[0]
  const isVarDefined = (name: string) => scopes.some((s) => s.has(name))
  const p = new ExprParser(toks, isVarDefined)

  if (first.k === 'ident') {
    switch (first.text) {
      case 'if':
        p.i = 1
        return { kind: 'if', expr: p.pipelineToEnd('{{if}} needs a condition', first.at) }
      case 'else':
        if (toks.length === 1) return { kind: 'else', expr: null }
        if (toks[1].k === 'ident' && toks[1].text === 'if') {
          p.i = 2
          return { kind: 'else', expr: p.pipelineToEnd('{{else if}} needs a condition', toks[1].at) }
        }
        throw new TemplateSyntaxError(`unexpected ${describe(toks[1])} after else`, toks[1].at)
      case 'end':
        if (toks.length > 1) throw new TemplateSyntaxError(`unexpected ${describe(toks[1])} after end`, toks[1].at)
        return { kind: 'end' }
      case 'range':
      case 'with':
      case 'define':
      case 'block':
        return { kind: 'unsupportedBlock', keyword: first.text }
      case 'template':
      case 'break':
      case 'continue':
        throw new TemplateSyntaxError(`{{${first.text}}} is not supported`, first.at)
    }
  }

  // `$x := pipeline` declares; `$x = pipeline` assigns an existing variable.
  if (first.k === 'var' && toks[1]?.k === 'punct' && (toks[1].text === ':=' || toks[1].text === '=')) {
    const declare = toks[1].text === ':='
    if (first.name === '') throw new TemplateSyntaxError('cannot assign to $', first.at)
    if (!declare && !isVarDefined(first.name)) throw new TemplateSyntaxError(`undefined variable $${first.name}`, first.at)
    p.i = 2
    const expr = p.pipelineToEnd(`$${first.name} ${toks[1].text} needs a value`, toks[1].at)
    // Declared after its value is parsed: `{{$x := $x}}` refers to an outer $x, as in Go.
    if (declare) scopes[scopes.length - 1].add(first.name)
    return { kind: 'assign', name: first.name, declare, expr }
  }

  return { kind: 'output', expr: p.pipelineToEnd('empty action', action.start) }
}

function describe(t: Tok): string {
  switch (t.k) {
    case 'str':
      return JSON.stringify(t.value)
    case 'num':
    case 'field':
    case 'ident':
    case 'punct':
      return `"${t.text}"`
    case 'var':
      return `$${t.name}`
  }
}

/** Recursive descent over one action's tokens: pipeline := command; command := fn operand… | operand. */
class ExprParser {
  i = 0
  constructor(
    private readonly toks: Tok[],
    private readonly isVarDefined: (name: string) => boolean,
  ) {}

  /** A whole command that must use every remaining token. */
  pipelineToEnd(emptyMessage: string, at: number): Expr {
    if (this.i >= this.toks.length) throw new TemplateSyntaxError(emptyMessage, at)
    const e = this.command()
    if (this.i < this.toks.length) {
      const t = this.toks[this.i]
      throw new TemplateSyntaxError(
        t.k === 'punct' && t.text === '|' ? 'pipelines ("|") are not supported' : `unexpected ${describe(t)}`,
        t.at,
      )
    }
    return e
  }

  private command(): Expr {
    const t = this.toks[this.i]
    if (t.k === 'ident' && (FUNCS as readonly string[]).includes(t.text)) {
      const fn = t.text as Fn
      this.i++
      const args: Expr[] = []
      while (this.i < this.toks.length && !this.isCloser(this.toks[this.i])) args.push(this.operand())
      const [min, max] = ARITY[fn]
      if (args.length < min || args.length > max) {
        const want = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min}–${max}`
        throw new TemplateSyntaxError(`${fn} takes ${want} argument${min === 1 && max === 1 ? '' : 's'}, got ${args.length}`, t.at)
      }
      return { k: 'call', fn, args }
    }
    return this.operand()
  }

  private isCloser(t: Tok): boolean {
    return t.k === 'punct' && (t.text === ')' || t.text === '|')
  }

  private operand(): Expr {
    const t = this.toks[this.i]
    if (t === undefined) throw new TemplateSyntaxError('unexpected end of action', this.toks[this.toks.length - 1]?.at ?? 0)
    this.i++
    switch (t.k) {
      case 'str':
        return { k: 'lit', value: t.value }
      case 'num':
        // Compared as text: answers are strings, and "1000" vs 1000 should not be a type error here.
        return { k: 'lit', value: t.text }
      case 'field': {
        const m = /^\.Values\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(t.text)
        if (m === null) throw new TemplateSyntaxError(`${t.text} is not supported (only .Values.NAME)`, t.at)
        return { k: 'values', name: m[1], at: t.at, end: t.at + t.text.length }
      }
      case 'var':
        if (t.name === '') throw new TemplateSyntaxError('$ (the root data) is not supported; use .Values.NAME', t.at)
        if (!this.isVarDefined(t.name)) throw new TemplateSyntaxError(`undefined variable $${t.name}`, t.at)
        return { k: 'var', name: t.name }
      case 'ident':
        if (t.text === 'true' || t.text === 'false') return { k: 'lit', value: t.text }
        if ((FUNCS as readonly string[]).includes(t.text)) {
          throw new TemplateSyntaxError(`${t.text} needs parentheses when used as an argument: (${t.text} …)`, t.at)
        }
        throw new TemplateSyntaxError(`function "${t.text}" is not supported (eq, ne, not, and, or)`, t.at)
      case 'punct':
        if (t.text === '(') {
          const inner = this.command()
          const close = this.toks[this.i]
          if (close === undefined || close.k !== 'punct' || close.text !== ')') {
            throw new TemplateSyntaxError('unclosed "("', t.at)
          }
          this.i++
          return inner
        }
        if (t.text === '|') throw new TemplateSyntaxError('pipelines ("|") are not supported', t.at)
        throw new TemplateSyntaxError(`unexpected "${t.text}"`, t.at)
    }
  }
}

// ─── evaluation ────────────────────────────────────────────────────────────────────────────

/** Truthiness: answers are text, so "false" is false as well as the empty string. */
function truthy(v: string): boolean {
  return v !== '' && v !== 'false'
}

function evalExpr(e: Expr, vars: Map<string, string>[], ctx: Ctx): string {
  switch (e.k) {
    case 'lit':
      return e.value
    case 'values':
      return answer(ctx, e.name, e.at, e.end, false)
    case 'var':
      for (let i = vars.length - 1; i >= 0; i--) {
        const v = vars[i].get(e.name)
        if (v !== undefined) return v
      }
      return '' // declared in a branch that did not run: Go's zero value
    case 'call': {
      const args = e.args
      const val = (i: number) => evalExpr(args[i], vars, ctx)
      switch (e.fn) {
        case 'eq': {
          // eq a b c… is true when a equals any of the others (Go semantics).
          const a = val(0)
          for (let i = 1; i < args.length; i++) if (val(i) === a) return 'true'
          return 'false'
        }
        case 'ne':
          return String(val(0) !== val(1))
        case 'not':
          return String(!truthy(val(0)))
        case 'and': {
          // Returns the first falsy argument or the last one, short-circuiting, as Go does.
          let v = ''
          for (let i = 0; i < args.length; i++) if (!truthy((v = val(i)))) return v
          return v
        }
        case 'or': {
          let v = ''
          for (let i = 0; i < args.length; i++) if (truthy((v = val(i)))) return v
          return v
        }
      }
    }
  }
}

function evalNodes(nodes: Node[], vars: Map<string, string>[], ctx: Ctx, out: Mapped): void {
  for (const n of nodes) {
    switch (n.t) {
      case 'text':
        out.copy(ctx.src, n.start, n.end)
        break
      case 'verbatim':
        out.keep(ctx.src, n.start, n.end)
        break
      case 'output':
        if (n.expr.k === 'values') {
          // A bare `{{ .Values.X }}`: the whole action is the placeholder, and an unset
          // answer leaves a 0-length marker so that the value's emptiness can be traced to it.
          const value = answer(ctx, n.expr.name, n.at, n.end)
          out.generate(value, n.at, n.end, { variable: n.expr.name, unresolved: value === '' })
        } else {
          out.generate(evalExpr(n.expr, vars, ctx), n.at, n.end)
        }
        break
      case 'assign': {
        const value = evalExpr(n.expr, vars, ctx)
        let scope = vars[vars.length - 1]
        if (!n.declare) scope = vars.findLast((s) => s.has(n.name)) ?? scope
        scope.set(n.name, value)
        break
      }
      case 'if':
        for (const b of n.branches) {
          if (b.cond === null || truthy(evalExpr(b.cond, vars, ctx))) {
            vars.push(new Map())
            evalNodes(b.body, vars, ctx, out)
            vars.pop()
            break
          }
        }
        break
    }
  }
}

// ─── phase 2: docker-compose interpolation ─────────────────────────────────────────────────

const NAME_START = /[A-Za-z_]/
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y
// Inside ${…}: NAME, optionally followed by :- / - (default) or :? / ? (required, with message).
const BRACED = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:-|-|:\?|\?)([^]*))?$/

/**
 * Interpolates `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}` and `$$`.
 * Full-line YAML comments are skipped: Rancher interpolates parsed values, never comments.
 * Returns the text and the map from it back to the source (through phase 1's map).
 */
function interpolate(input: Mapped, ctx: Ctx): { text: string; map: SourceMap } {
  const s = input.toString()
  const kept = input.verbatim // sorted, disjoint
  let k = 0
  const parts: string[] = []
  let outLength = 0
  const segments: RenderSegment[] = []
  let i = 0
  let copyFrom = 0
  // The next `$` at or after i, cached: searching afresh from every line start would make a
  // long file with few placeholders quadratic.
  let nextDollar = -2

  // Copies phase-1 output [copyFrom, to) and carries its pieces over into the final map. The
  // pieces overlapping the run are found by binary search and walked in order; a 0-length
  // piece (an unset answer's marker) is taken when it lies in [copyFrom, to] — both ends,
  // since the run before a replacement ends exactly where such a marker may sit.
  const flush = (to: number) => {
    const from = copyFrom
    const base = outLength - from // final offset = phase-1 offset + base, within this run
    for (let p = input.firstEndingAtOrAfter(from); p < input.pieces.length; p++) {
      const piece = input.pieces[p]
      if (piece.outStart > to) break
      const a = Math.max(from, piece.outStart)
      const b = Math.min(to, piece.outEnd)
      if (piece.outEnd === piece.outStart) {
        segments.push({ out: a + base, outEnd: a + base, src: piece.srcStart, srcEnd: piece.srcEnd, generated: true, ...piece.origin })
      } else if (b > a) {
        if (piece.generated) {
          segments.push({ out: a + base, outEnd: b + base, src: piece.srcStart, srcEnd: piece.srcEnd, generated: true, ...piece.origin })
        } else {
          const src = piece.srcStart + (a - piece.outStart)
          segments.push({ out: a + base, outEnd: b + base, src, srcEnd: src + (b - a), generated: false })
        }
      }
    }
    if (to > from) {
      parts.push(s.slice(from, to))
      outLength += to - from
    }
  }
  // Appends a placeholder's value; the whole placeholder (phase-1 offsets dollar…end) is its origin.
  const emit = (text: string, dollar: number, end: number, origin: Origin) => {
    segments.push({ out: outLength, outEnd: outLength + text.length, src: input.srcOffset(dollar), srcEnd: input.srcEndOffset(end), generated: true, ...origin })
    parts.push(text)
    outLength += text.length
  }
  const issue = (message: string, dollar: number, end: number, variable?: string) => {
    const at = input.srcOffset(dollar)
    ctx.issues.push(variable === undefined ? { message, at, end: input.srcEndOffset(end) } : { message, at, end: input.srcEndOffset(end), variable })
  }

  while (i < s.length) {
    // At a line start, skip a line whose first non-blank character is `#`.
    if (i === 0 || s.charCodeAt(i - 1) === 10) {
      let j = i
      while (s[j] === ' ' || s[j] === '\t') j++
      if (s[j] === '#') {
        const nl = s.indexOf('\n', j)
        i = nl === -1 ? s.length : nl + 1
        continue
      }
    }
    if (nextDollar !== -1 && nextDollar < i) nextDollar = s.indexOf('$', i)
    const dollar = nextDollar
    if (dollar === -1) break
    const nl = s.indexOf('\n', i)
    if (nl !== -1 && nl < dollar) {
      i = nl + 1 // re-check the next line for a comment first
      continue
    }
    // Inside template syntax we left as is (already reported): skip past it.
    while (k < kept.length && kept[k][1] <= dollar) k++
    if (k < kept.length && kept[k][0] <= dollar) {
      i = kept[k][1]
      continue
    }
    const next = s[dollar + 1]

    if (next === '$') {
      // `$$` is an escaped `$`.
      flush(dollar)
      emit('$', dollar, dollar + 2, {})
      i = copyFrom = dollar + 2
    } else if (next !== undefined && NAME_START.test(next)) {
      NAME.lastIndex = dollar + 1
      const name = NAME.exec(s)![0]
      const end = dollar + 1 + name.length
      flush(dollar)
      const value = answer(ctx, name, input.srcOffset(dollar), input.srcEndOffset(end))
      emit(value, dollar, end, { variable: name, unresolved: value === '' })
      i = copyFrom = end
    } else if (next === '{') {
      let close = dollar + 2
      while (close < s.length && s[close] !== '}' && s[close] !== '\n') close++
      if (s[close] !== '}') {
        issue('unclosed "${": expected "}" on the same line', dollar, close)
        i = dollar + 2 // left as is
        continue
      }
      const inner = s.slice(dollar + 2, close)
      const m = BRACED.exec(inner)
      if (m === null) {
        issue(`invalid interpolation "\${${inner}}" (expected \${NAME}, \${NAME:-default}; write $$ for a literal $)`, dollar, close + 1)
        i = close + 1 // left as is
        continue
      }
      const [, name, op, arg] = m
      const end = close + 1
      flush(dollar)
      const srcStart = input.srcOffset(dollar)
      const srcEnd = input.srcEndOffset(end)
      const given = Object.hasOwn(ctx.answers, name) ? ctx.answers[name] : undefined
      // An empty answer counts as not set, so `-` and `:-` (and `?` and `:?`) behave alike.
      if (given !== undefined && given !== '') {
        answer(ctx, name, srcStart, srcEnd)
        emit(given, dollar, end, { variable: name })
      } else if (op === ':-' || op === '-') {
        ctx.uses.push({ variable: name, start: srcStart, end: srcEnd, resolved: true, direct: true })
        emit(arg, dollar, end, { variable: name })
      } else {
        answer(ctx, name, srcStart, srcEnd) // records it as missing
        emit('', dollar, end, { variable: name, unresolved: true })
        if (op === ':?' || op === '?') issue(arg !== '' ? `${name}: ${arg}` : `${name} is required`, dollar, end, name)
      }
      i = copyFrom = end
    } else {
      issue('invalid interpolation: "$" must be followed by a name, "{" or "$" (write $$ for a literal $)', dollar, dollar + 1)
      i = dollar + 1 // left as is
    }
  }
  flush(s.length)
  return { text: parts.join(''), map: new SourceMap(segments) }
}
