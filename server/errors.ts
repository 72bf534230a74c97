import type { FastifyError, FastifyInstance } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { ERROR_STATUS, ERROR_TEXT, type ErrorCode, type ErrorDetail } from '../core/api/errors.ts'

/** The one error type services throw; the error handler turns it into the API body. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly details?: unknown
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message)
    this.code = code
    this.details = details
  }
}

export const notFound = (what: string, id: string) => new AppError('NOT_FOUND', `${what} ${JSON.stringify(id)} does not exist`)
export const validationFailed = (details: ErrorDetail[]) =>
  new AppError('VALIDATION_FAILED', details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join('; '), details)
export const referenceNotFound = (path: string, what: string, id: string) =>
  new AppError('REFERENCE_NOT_FOUND', `${path}: ${what} ${JSON.stringify(id)} does not exist`, [{ path, message: `${what} ${JSON.stringify(id)} does not exist` }])

function body(code: ErrorCode, message: string, requestId: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details }, requestId }
}

/** Joins a zod/ajv instance path (`/answers/SUBNET`) into the dotted form (`answers.SUBNET`). */
function dotted(instancePath: string): string {
  return instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.')
}

/**
 * Installs the single error handler: domain errors map through ERROR_STATUS, schema failures
 * become 400 VALIDATION_FAILED naming each field, Fastify's own 4xx (bad JSON, body too
 * large, bad media type) keep their status, and anything else is logged and answered as a
 * 500 without internals.
 */
export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (reply.sent) return
    const requestId = String(request.id)
    if (err instanceof AppError) {
      return reply.status(ERROR_STATUS[err.code]).send(body(err.code, err.message, requestId, err.details))
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const part = (err as FastifyError).validationContext ?? 'body'
      const details: ErrorDetail[] = err.validation.map((v) => {
        const p = dotted(v.instancePath)
        return { path: p, message: v.message ?? 'is not valid' }
      })
      const message = `invalid ${part}: ${details.map((d) => `${d.path || part}: ${d.message}`).join('; ')}`
      return reply.status(400).send(body('VALIDATION_FAILED', message, requestId, details))
    }
    const status = (err as FastifyError).statusCode ?? 500
    if (status === 413) return reply.status(413).send(body('PAYLOAD_TOO_LARGE', ERROR_TEXT.PAYLOAD_TOO_LARGE, requestId))
    if (status === 415) {
      return reply.status(415).send(body('UNSUPPORTED_MEDIA_TYPE', err.message || ERROR_TEXT.UNSUPPORTED_MEDIA_TYPE, requestId))
    }
    if (status >= 400 && status < 500) {
      // malformed JSON, empty body with a JSON content type, bad header values…
      return reply.status(400).send(body('VALIDATION_FAILED', err.message, requestId, [{ path: '', message: err.message }]))
    }
    request.log.error({ err }, 'unhandled error')
    return reply.status(500).send(body('INTERNAL', ERROR_TEXT.INTERNAL, requestId))
  })
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send(body('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`, String(request.id)))
  })
}
