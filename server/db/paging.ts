import { AppError } from '../errors.ts'

/** Cursors are opaque to clients: the last id of the page, base64url-encoded. */
export const encodeCursor = (lastId: string) => Buffer.from(lastId, 'utf8').toString('base64url')

/** Decodes `?cursor=`; a cursor we did not make is a 400 naming the field. */
export function decodeCursor(cursor: string | undefined): string | null {
  if (!cursor) return null
  const id = Buffer.from(cursor, 'base64url').toString('utf8')
  if (!/^[a-z_]+[0-9a-z]+$/.test(id)) {
    throw new AppError('VALIDATION_FAILED', `cursor: ${JSON.stringify(cursor)} is not a cursor this server issued`, [
      { path: 'cursor', message: 'is not a cursor this server issued' },
    ])
  }
  return id
}

/** Splits `limit + 1` fetched rows into a page and the next cursor. */
export function page<T extends { id: string }>(rows: T[], limit: number): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null }
  const pageRows = rows.slice(0, limit)
  return { rows: pageRows, nextCursor: encodeCursor(pageRows[pageRows.length - 1].id) }
}
