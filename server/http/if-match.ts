import { AppError } from '../errors.ts'

/** Parses `If-Match: <revision>` (quotes and W/ tolerated); absent → null; garbage → 400. */
export function ifMatchRevision(header: string | string[] | undefined): number | null {
  if (header === undefined) return null
  const raw = (Array.isArray(header) ? header[0] : header).trim().replace(/^W\//, '').replace(/^"|"$/g, '')
  if (!/^\d+$/.test(raw)) {
    throw new AppError('VALIDATION_FAILED', `If-Match: ${JSON.stringify(raw)} is not a revision number`, [
      { path: 'If-Match', message: 'must be the integer revision of the resource' },
    ])
  }
  return Number(raw)
}

/** Throws 409 REVISION_MISMATCH when the client's revision is stale. */
export function checkRevision(expected: number | null, current: number, what: string) {
  if (expected !== null && expected !== current) {
    throw new AppError('REVISION_MISMATCH', `${what} is at revision ${current}, not ${expected}`, { current })
  }
}
