import { describe, expect, it } from 'vitest'
import { ApiErrorBody, ERROR_CODES, ERROR_STATUS, ERROR_TEXT } from './errors.ts'

describe('error codes', () => {
  it('are a closed list without duplicates', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length)
    for (const code of ERROR_CODES) expect(code).toMatch(/^[A-Z][A-Z_]*[A-Z]$/)
  })

  it('each have exactly one HTTP error status, and nothing else has one', () => {
    expect(Object.keys(ERROR_STATUS).sort()).toEqual([...ERROR_CODES].sort())
    for (const code of ERROR_CODES) {
      const status = ERROR_STATUS[code]
      expect(Number.isInteger(status), code).toBe(true)
      expect(status, code).toBeGreaterThanOrEqual(400)
      expect(status, code).toBeLessThan(600)
    }
  })

  it('each have a sentence the UI can show, and nothing else has one', () => {
    expect(Object.keys(ERROR_TEXT).sort()).toEqual([...ERROR_CODES].sort())
    for (const code of ERROR_CODES) {
      const text = ERROR_TEXT[code]
      expect(typeof text, code).toBe('string')
      expect(text.trim().length, code).toBeGreaterThan(0)
      expect(text, code).toMatch(/^[A-Z].*\.$/)
    }
    expect(new Set(Object.values(ERROR_TEXT)).size).toBe(ERROR_CODES.length)
  })

  it('keep the statuses DESIGN.md assigns', () => {
    expect(ERROR_STATUS).toMatchObject({
      VALIDATION_FAILED: 400,
      NOT_FOUND: 404,
      REFERENCE_NOT_FOUND: 422,
      NETWORK_NOT_FOUND: 422,
      NAME_TAKEN: 409,
      DRIVER_IN_USE: 409,
      SUBNET_EXHAUSTED: 409,
      REVISION_MISMATCH: 409,
      READDRESS_REFUSED: 409,
      PAYLOAD_TOO_LARGE: 413,
    })
  })

  it('are the only codes the error body accepts', () => {
    for (const code of ERROR_CODES) expect(ApiErrorBody.safeParse({ error: { code, message: 'm' }, requestId: 'r' }).success, code).toBe(true)
    expect(ApiErrorBody.safeParse({ error: { code: 'TEAPOT', message: 'm' }, requestId: 'r' }).success).toBe(false)
    expect(ApiErrorBody.safeParse({ error: { code: 'NOT_FOUND' }, requestId: 'r' }).success).toBe(false)
  })
})
