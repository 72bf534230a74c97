import { randomBytes } from 'node:crypto'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'

/**
 * A new opaque id: a type prefix, a time part and randomness. Ids made later sort later,
 * which gives keyset pagination a stable order without a separate sort column.
 */
export function newId(prefix: string): string {
  let time = Date.now()
  let t = ''
  for (let i = 0; i < 9; i++) {
    t = ALPHABET[time % 32] + t
    time = Math.floor(time / 32)
  }
  const bytes = randomBytes(8)
  let r = ''
  for (const b of bytes) r += ALPHABET[b % 32]
  return `${prefix}${t}${r}`
}

export const nowIso = () => new Date().toISOString()
