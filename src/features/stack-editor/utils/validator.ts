/**
 * The editor's one door to the core validator (`core/validate`), the only source of diagnostics:
 * the same function the server's `POST /api/v1/validate/network-driver` runs, so the markers,
 * the problems panel and the server answer the same list.
 */
import type { Diagnostic, ValidateNetworkDriver, ValidationResult } from '../../../../core/api/index.ts'
import { validateNetworkDriver } from '../../../../core/validate/index.ts'

/** What the editor validates: its files (as named in the editor), the stack's answers and the environment's facts. */
export type ValidationInput = Required<Pick<ValidateNetworkDriver, 'files'>> & Pick<ValidateNetworkDriver, 'answers' | 'context'>

export interface TimedValidation {
  diagnostics: Diagnostic[]
  rendered: NonNullable<ValidationResult['rendered']>
  /** Wall time of the validator call, in milliseconds. */
  ms: number
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now())

/** Runs the core validator in the browser and times it. Never throws: a crash becomes one diagnostic. */
export function runValidation(input: ValidationInput): TimedValidation {
  const started = now()
  try {
    const result = validateNetworkDriver(input)
    return { diagnostics: result.diagnostics, rendered: result.rendered ?? [], ms: now() - started }
  } catch (error) {
    const diagnostic: Diagnostic = {
      file: input.files[0]?.name,
      severity: 'error',
      code: 'VALIDATOR_CRASHED',
      message: `The validator failed: ${error instanceof Error ? error.message : String(error)}`,
      path: '',
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
    }
    return { diagnostics: [diagnostic], rendered: [], ms: now() - started }
  }
}
