import { z } from 'zod'

/**
 * The closed list of error codes the API answers with. Each has exactly one HTTP status
 * (ERROR_STATUS) and a sentence the UI can show (ERROR_TEXT); a test keeps the three in step.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'NOT_FOUND',
  'REFERENCE_NOT_FOUND',
  'NETWORK_NOT_FOUND',
  'NAME_TAKEN',
  'DRIVER_IN_USE',
  'SUBNET_EXHAUSTED',
  'REVISION_MISMATCH',
  'READDRESS_REFUSED',
  'CATALOG_TEMPLATE_IN_USE',
  'BUILTIN_READ_ONLY',
  'PORT_IN_USE',
  'ADDRESS_IN_USE',
  'MULTIPLE_NETWORK_DRIVERS',
  'NO_ACTIVE_HOST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'UNAVAILABLE',
  'INTERNAL',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export const ERROR_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  MULTIPLE_NETWORK_DRIVERS: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  NAME_TAKEN: 409,
  DRIVER_IN_USE: 409,
  SUBNET_EXHAUSTED: 409,
  REVISION_MISMATCH: 409,
  READDRESS_REFUSED: 409,
  CATALOG_TEMPLATE_IN_USE: 409,
  BUILTIN_READ_ONLY: 409,
  PORT_IN_USE: 409,
  ADDRESS_IN_USE: 409,
  NO_ACTIVE_HOST: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  REFERENCE_NOT_FOUND: 422,
  NETWORK_NOT_FOUND: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
}

/** What the UI says when it has nothing more specific than the code. */
export const ERROR_TEXT: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'Some fields are not valid.',
  UNAUTHENTICATED: 'Sign in to continue.',
  FORBIDDEN: 'You are not allowed to do this.',
  NOT_FOUND: 'It does not exist (or no longer exists).',
  NAME_TAKEN: 'That name is already in use.',
  DRIVER_IN_USE: 'The network driver is still used by containers.',
  SUBNET_EXHAUSTED: 'The subnet has no free addresses left.',
  REVISION_MISMATCH: 'Someone changed this in the meantime; reload and try again.',
  READDRESS_REFUSED: 'The network cannot be re-addressed while addresses are allocated.',
  CATALOG_TEMPLATE_IN_USE: 'The catalog template is still used by environment templates or stacks.',
  BUILTIN_READ_ONLY: 'Built-in catalog templates ship with Paddock and cannot be removed.',
  PORT_IN_USE: 'That port is already published on the host.',
  ADDRESS_IN_USE: 'The address belongs to a live container or host; remove that first.',
  MULTIPLE_NETWORK_DRIVERS: 'An environment takes one network driver; choose IPsec, VXLAN or none.',
  NO_ACTIVE_HOST: 'No host is active to run it; add a host or wait for one to connect.',
  PAYLOAD_TOO_LARGE: 'The request is larger than 1 MiB.',
  UNSUPPORTED_MEDIA_TYPE: 'Send JSON (content-type: application/json).',
  REFERENCE_NOT_FOUND: 'A field names something that does not exist.',
  NETWORK_NOT_FOUND: 'The network mode resolves to no network.',
  RATE_LIMITED: 'Too many requests; wait a moment.',
  INTERNAL: 'The server failed unexpectedly.',
  UNAVAILABLE: 'The server is not ready (database unreachable).',
}

export const ErrorDetail = z.object({
  /** Dotted path of the offending field, e.g. `answers.SUBNET`; empty for the whole body. */
  path: z.string(),
  message: z.string(),
})
export type ErrorDetail = z.infer<typeof ErrorDetail>

export const ApiErrorBody = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    /** VALIDATION_FAILED, NAME_TAKEN: ErrorDetail[]; REVISION_MISMATCH: {current}; DRIVER_IN_USE: {containers}; CATALOG_TEMPLATE_IN_USE: {environmentTemplates, stacks}. */
    details: z.unknown().optional(),
  }),
  requestId: z.string(),
})
export type ApiErrorBody = z.infer<typeof ApiErrorBody>
