import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const scrypt = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))))

/** scrypt cost: N=2^14, r=8, p=1 (16 MiB, some tens of milliseconds per hash; OWASP minimum is 2^13 at r=8). */
const N = 16384
const R = 8
const P = 1
const KEYLEN = 32
const MAXMEM = 64 * 1024 * 1024

/** `scrypt$N$r$p$salt$hash` with a random 16-byte salt (base64url parts). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password, salt, KEYLEN, { N, r: R, p: P, maxmem: MAXMEM })
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`
}

/** Constant-time check of `password` against a stored hash; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [n, r, p] = parts.slice(1, 4).map(Number)
  if (![n, r, p].every((x) => Number.isInteger(x) && x > 0) || n > 1 << 20) return false
  const salt = Buffer.from(parts[4], 'base64url')
  const expected = Buffer.from(parts[5], 'base64url')
  if (expected.length === 0) return false
  const key = await scrypt(password, salt, expected.length, { N: n, r, p, maxmem: Math.max(MAXMEM, 256 * n * r) })
  return timingSafeEqual(key, expected)
}

let dummy: Promise<string> | null = null
/** A hash to compare against when the username is unknown, so both failures cost the same. */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(18).toString('base64url'))
  return dummy
}

/** A random password of 32 base64url characters (192 bits) for the first admin. */
export const generatePassword = () => randomBytes(24).toString('base64url')

/** A random token: 32 bytes, base64url. */
export const randomToken = () => randomBytes(32).toString('base64url')
