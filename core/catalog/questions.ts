// A `.catalog.questions` entry as written in a rancher-compose file → the contract's Question.
// One reading for the built-in library (server/catalog/catalog-loader.ts) and for imported
// templates (./import.ts): defaults and options become strings (answers are strings, as in
// Rancher), a missing `required` means optional, and question types Paddock does not check
// (`service`, `certificate`, `float`…) are asked as plain text (`string`).
import type { Question } from '../api/catalog.ts'

export const QUESTION_TYPES = ['string', 'int', 'boolean', 'enum', 'password', 'multiline'] as const

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** A YAML scalar as the string the contract wants (`1500` → "1500", `true` → "true"); null for anything else. */
export function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  return null
}

function numberOf(value: unknown): number | undefined | null {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value)
  return null
}

/**
 * Reads question `index` of a `.catalog.questions` list. Errors name the key under
 * `.catalog.questions[index]` (the caller says which file).
 */
export function toQuestion(raw: unknown, index: number): { ok: true; question: Question } | { ok: false; message: string } {
  const where = `.catalog.questions[${index}]`
  const fail = (message: string) => ({ ok: false as const, message: `${where}${message}` })
  if (!isRecord(raw)) return fail(' must be a mapping')
  const variable = scalarText(raw.variable)
  if (variable === null || variable.trim() === '') return fail('.variable is missing')
  const type = raw.type === undefined || raw.type === null ? 'string' : scalarText(raw.type)
  if (type === null) return fail('.type must be a string')
  const question: Question = {
    variable,
    label: scalarText(raw.label) ?? variable,
    type: (QUESTION_TYPES as readonly string[]).includes(type) ? (type as Question['type']) : 'string',
    // Rancher treats a question without `required` as optional.
    required: raw.required === true || raw.required === 'true',
  }
  if (raw.description !== undefined && raw.description !== null) {
    const description = scalarText(raw.description)
    if (description === null) return fail('.description must be text')
    question.description = description
  }
  if (raw.default !== undefined && raw.default !== null) {
    const d = scalarText(raw.default)
    if (d === null) return fail(`.default must be a string, number or boolean, got ${JSON.stringify(raw.default)}`)
    question.default = d
  }
  if (raw.options !== undefined && raw.options !== null) {
    if (!Array.isArray(raw.options)) return fail('.options must be a list')
    const options: string[] = []
    for (const [i, o] of raw.options.entries()) {
      const text = scalarText(o)
      if (text === null) return fail(`.options[${i}] must be a string, number or boolean, got ${JSON.stringify(o)}`)
      options.push(text)
    }
    question.options = options
  }
  for (const key of ['min', 'max'] as const) {
    const n = numberOf(raw[key])
    if (n === null) return fail(`.${key} must be a number, got ${JSON.stringify(raw[key])}`)
    if (n !== undefined) question[key] = n
  }
  return { ok: true, question }
}
