/**
 * Login rate limiting: failed sign-ins are counted per (client IP, username) and per client IP
 * in a sliding window; past the limit `POST /auth/login` answers 429 RATE_LIMITED with
 * Retry-After before checking the password (so a guesser also burns no scrypt time). A
 * successful sign-in clears its (IP, username) count, not the IP's. The failures live in the
 * database (`login_failures`), so every replica counts the same ones (spreading attempts over
 * N replicas buys nothing) and a restart forgets nothing; failures older than the window are
 * deleted as new ones come in. The client IP is the socket's (Fastify's `request.ip`; no proxy
 * headers are trusted).
 *
 * The check and the count are separate statements: sign-ins racing one another in flight may
 * each pass the check before any of their failures is counted (as with counters in memory).
 */
import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { AppContext } from '../context.ts'
import type { Database } from '../db/schema.ts'

export interface LimitOptions {
  /** Failures of one username from one IP within the window (default 10). */
  perUser: number
  /** Failures from one IP, any usernames, within the window (default 50: a NAT or office shares an IP). */
  perIp: number
  windowMs: number
  /** Deletes failures older than the window at most this often per limiter (each is a write). */
  pruneEveryMs: number
}

export const LOGIN_LIMITS: LimitOptions = { perUser: 10, perIp: 50, windowMs: 10 * 60_000, pruneEveryMs: 60_000 }

export class LoginLimiter {
  /** The clock (tests move it). */
  now: () => number = Date.now
  private lastPrune = -Infinity

  constructor(
    private readonly db: Kysely<Database>,
    readonly opts: LimitOptions = LOGIN_LIMITS,
  ) {}

  /** Seconds to wait when this sign-in attempt is refused, or null when it may go ahead. */
  async retryAfter(ip: string, username: string): Promise<number | null> {
    const since = this.now() - this.opts.windowMs
    let until = 0
    for (const [key, limit] of this.keys(ip, username)) {
      // the limit-th most recent failure in the window: attempts resume once it leaves the window
      const row = await this.db
        .selectFrom('login_failures')
        .select('at')
        .where('key_hash', '=', key)
        .where('at', '>', since)
        .orderBy('at', 'desc')
        .limit(1)
        .offset(limit - 1)
        .executeTakeFirst()
      if (row) until = Math.max(until, Number(row.at) + this.opts.windowMs)
    }
    return until === 0 ? null : Math.max(1, Math.ceil((until - this.now()) / 1000))
  }

  async failed(ip: string, username: string): Promise<void> {
    const at = this.now()
    await this.db
      .insertInto('login_failures')
      .values(this.keys(ip, username).map(([key_hash]) => ({ key_hash, at })))
      .execute()
    await this.prune(at)
  }

  async succeeded(ip: string, username: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('key_hash', '=', userKey(ip, username)).execute()
  }

  /** Deletes the failures no window counts any more (throttled: the table stays bounded by the window). */
  private async prune(now: number): Promise<void> {
    if (now - this.lastPrune < this.opts.pruneEveryMs) return
    this.lastPrune = now
    await this.db.deleteFrom('login_failures').where('at', '<=', now - this.opts.windowMs).execute()
  }

  private keys(ip: string, username: string): [string, number][] {
    return [
      [userKey(ip, username), this.opts.perUser],
      [hashKey(['ip', ip]), this.opts.perIp],
    ]
  }
}

/** Keys are stored hashed: fixed length, no usernames in clear (JSON keeps the parts apart). */
const hashKey = (parts: string[]) => createHash('sha256').update(JSON.stringify(parts)).digest('hex')
const userKey = (ip: string, username: string) => hashKey(['user', ip, username.trim().toLowerCase()])

const LIMITERS = new WeakMap<AppContext, LoginLimiter>()

/** The server's login limiter (one per app context; its counts are the database's). */
export function loginLimiter(ctx: AppContext): LoginLimiter {
  let l = LIMITERS.get(ctx)
  if (!l) LIMITERS.set(ctx, (l = new LoginLimiter(ctx.db)))
  return l
}
