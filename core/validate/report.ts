// Where diagnostics are collected and positioned. Checks work on the rendered text (that is
// what was parsed); every range they report goes back through the renderer's SourceMap to the
// text the operator wrote, and becomes 1-based line/column with an exclusive end, as Monaco
// wants. A value that came through a placeholder therefore points at the placeholder.
import type { Diagnostic } from '../api/validate.ts'
import type { SourceMap } from '../compose/render.ts'
import { DIAGNOSTIC_CODES, type DiagnosticCode } from './codes.ts'
import type { Doc, Span } from './nodes.ts'
import { lineStartsOf, positionOf } from '../text/positions.ts'

/** What a file is read as (see classify in validate.ts). */
export type FileKind = 'docker-compose' | 'rancher-compose' | 'network-driver'

/** One input file after rendering and parsing. */
export interface Unit {
  /** The `file` of its diagnostics; undefined for a single `yaml` text. */
  file: string | undefined
  /** How messages name it. */
  label: string
  kind: FileKind
  source: string
  rendered: string
  map: SourceMap
  doc: Doc
  /** Offsets at which the source's lines start. */
  lineStarts: number[]
  /** Rendered offset of the first YAML syntax error; structure after it is the parser's guess. */
  firstSyntaxError?: number
  /** Rendered offsets of every YAML syntax error. */
  syntaxErrors: number[]
  /** Source ranges of template syntax left as written (TEMPLATE_SYNTAX): what YAML made of them is not the operator's. */
  templateDamage: [number, number][]
  /** A template condition read an unset or invalid answer, so which keys exist is not known. */
  structureUncertain: boolean
}

/**
 * Codes about the text itself, found before or without the YAML structure: reported even
 * where the structure is broken.
 */
const TEXT_CODES = new Set<DiagnosticCode>(['YAML_SYNTAX', 'TEMPLATE_SYNTAX', 'UNRESOLVED_PLACEHOLDER', 'ANSWER_INVALID', 'QUESTION_INVALID'])
/** Conclusions drawn from something being absent: unsafe in a document whose structure is broken anywhere. */
const ABSENCE_CODES = new Set<DiagnosticCode>([
  'REQUIRED_MISSING',
  'NO_NETWORK_DRIVER',
  'NO_DEFAULT_NETWORK',
  'NO_SUBNETS',
  'CNI_CONFIG_MISSING',
  'DNS_NO_METADATA',
  'HOST_NAT_NO_SUBNET',
  'SUBNET_PREFIX_MISMATCH',
])

export { lineStartsOf, positionOf }

export class Sink {
  readonly diagnostics: Diagnostic[] = []
  private readonly seen = new Set<string>()

  constructor(
    /** Variables whose answers are unusable (invalid): values they feed are not checked, like unresolved ones. */
    private readonly taintedVariables: ReadonlySet<string>,
  ) {}

  /**
   * Reports at a range of the rendered text. In a file with YAML syntax errors, structural
   * findings are kept only before the first error, and conclusions from absence not at all:
   * past a syntax error the tree is the parser's recovery guess, and one typo must not turn
   * into a page of invented problems. Likewise, where a template condition read an answer
   * that is unset or invalid, nothing is concluded from a key being absent.
   */
  at(unit: Unit, code: DiagnosticCode, message: string, path: string, span: Span, severity?: Diagnostic['severity']): void {
    if (unit.firstSyntaxError !== undefined && !TEXT_CODES.has(code)) {
      if (ABSENCE_CODES.has(code) || span[0] >= unit.firstSyntaxError) return
    }
    if (unit.structureUncertain && ABSENCE_CODES.has(code)) return
    this.atSource(unit, code, message, path, unit.map.toSourceStart(span[0]), unit.map.toSourceEnd(span[1]), severity)
  }

  /** Reports at a range of the source text (start…end offsets, end exclusive). */
  atSource(unit: Unit, code: DiagnosticCode, message: string, path: string, start: number, end: number, severity?: Diagnostic['severity']): void {
    const s = Math.max(0, Math.min(start, unit.source.length))
    // An empty range (a value that rendered as nothing) still gets one column, or Monaco would draw nothing.
    const e = Math.max(s + 1, Math.min(end, unit.source.length + 1))
    const a = positionOf(unit.lineStarts, s)
    const b = positionOf(unit.lineStarts, e)
    const d: Diagnostic = {
      severity: severity ?? DIAGNOSTIC_CODES[code].severity,
      code,
      message,
      path,
      line: a.line,
      column: a.column,
      endLine: b.line,
      endColumn: b.column,
    }
    if (unit.file !== undefined) d.file = unit.file
    // One report per code and place: two checks reaching the same conclusion say it once.
    const key = `${unit.file ?? ''}\u0000${code}\u0000${s}\u0000${message}`
    if (this.seen.has(key)) return
    this.seen.add(key)
    this.diagnostics.push(d)
  }

  /**
   * True when the rendered range [from, to] holds text from a placeholder whose answer is
   * missing (rendered as '') or invalid: such a value is not the operator's, so checks on it
   * would be false alarms. The placeholder itself gets the warning.
   */
  tainted(unit: Unit, span: Span): boolean {
    for (const g of unit.map.generatedWithin(span[0], span[1])) {
      if (g.unresolved || (g.variable !== undefined && this.taintedVariables.has(g.variable))) return true
    }
    // A value holding a YAML error, or made of template syntax that could not be rendered, is not judged either.
    for (const e of unit.syntaxErrors) if (e >= span[0] && e <= span[1]) return true
    if (unit.templateDamage.length > 0) {
      const s = unit.map.toSourceStart(span[0])
      const e = unit.map.toSourceEnd(span[1])
      for (const [a, b] of unit.templateDamage) if (a < e && s < b) return true
    }
    return false
  }

  /** 1-based line (in the source) of a rendered offset, for messages that refer to another place. */
  lineOf(unit: Unit, renderedOffset: number): number {
    return positionOf(unit.lineStarts, unit.map.toSourceStart(renderedOffset)).line
  }
}
