import { ERROR_TEXT, type ErrorCode, type ErrorDetail } from '../../core/api/index.ts'

/** Codes the client itself produces when there is no usable answer from the server. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'INVALID_RESPONSE' | 'HTTP_ERROR'

/** A server code outside the closed list is kept as-is rather than hidden. */
export type ApiErrorCode = ErrorCode | ClientErrorCode | (string & {})

export type ApiErrorInit = {
  code: ApiErrorCode
  status: number
  message: string
  details?: unknown
  requestId?: string | null
}

/**
 * The one error type the API client throws. UI code branches on the intent getters
 * (`isConflict`, `isValidation`…), never on raw status numbers.
 */
export class ApiError extends Error {
  readonly code: ApiErrorCode
  /** HTTP status; 0 when the request never got an answer. */
  readonly status: number
  readonly details: unknown
  readonly requestId: string | null

  constructor(init: ApiErrorInit) {
    super(init.message)
    this.name = 'ApiError'
    this.code = init.code
    this.status = init.status
    this.details = init.details
    this.requestId = init.requestId ?? null
  }

  get isNotFound(): boolean {
    return this.status === 404 || this.code === 'NOT_FOUND'
  }

  get isConflict(): boolean {
    return this.status === 409
  }

  get isValidation(): boolean {
    return this.status === 400 || this.code === 'VALIDATION_FAILED'
  }

  get isRevisionMismatch(): boolean {
    return this.code === 'REVISION_MISMATCH'
  }

  /** A 4xx answer: repeating the same request will not help. */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500
  }

  get isNetworkError(): boolean {
    return this.code === 'NETWORK_ERROR'
  }

  /** `details` as field errors (`VALIDATION_FAILED`), or an empty list when they are something else. */
  get fieldErrors(): ErrorDetail[] {
    if (!Array.isArray(this.details)) return []
    return this.details.flatMap((d: unknown) => {
      if (d && typeof d === 'object' && typeof (d as ErrorDetail).message === 'string') {
        const path = (d as { path?: unknown }).path
        return [{ path: typeof path === 'string' ? path : Array.isArray(path) ? path.join('.') : '', message: (d as ErrorDetail).message }]
      }
      return []
    })
  }

  /** `details.current` of a REVISION_MISMATCH, when the server sent it. */
  get currentRevision(): number | null {
    const d = this.details as { current?: unknown } | null | undefined
    if (d && typeof d === 'object' && typeof d.current === 'number') return d.current
    return null
  }
}

/** The error's field messages for one dotted path (`name`, `answers.SUBNET`). */
export function fieldMessages(error: unknown, path: string): string[] {
  if (!(error instanceof ApiError)) return []
  return error.fieldErrors.filter((d) => d.path === path).map((d) => d.message)
}

/** A sentence for a code when the server sent no message. */
export function textForCode(code: string): string | undefined {
  return (ERROR_TEXT as Record<string, string>)[code]
}
