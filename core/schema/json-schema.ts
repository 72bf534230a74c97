// The subset of JSON Schema (draft-07) that Paddock's schemas are written in.
//
// The same plain objects serve two readers: monaco-yaml (hover text and completion in the
// editor, its own validation switched off) and core/validate/schema-check.ts, which walks a
// parsed YAML document against them and is the only source of diagnostics. Keeping to this
// subset is what lets both agree; schema-check.ts documents how it reads each keyword.

export type JsonType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null'

export type JsonScalar = string | number | boolean | null

/** A JSON Schema node, draft-07 keywords only. */
export interface JsonSchema {
  $schema?: string
  title?: string
  /** Hover text: what the key is, its type, its default and what it does. */
  description?: string
  type?: JsonType | JsonType[]
  properties?: Record<string, JsonSchema>
  patternProperties?: Record<string, JsonSchema>
  additionalProperties?: boolean | JsonSchema
  propertyNames?: JsonSchema
  required?: string[]
  items?: JsonSchema
  enum?: JsonScalar[]
  const?: JsonScalar
  pattern?: string
  minLength?: number
  default?: unknown
  examples?: unknown[]
  oneOf?: JsonSchema[]
  anyOf?: JsonSchema[]
  if?: JsonSchema
  then?: JsonSchema
}
