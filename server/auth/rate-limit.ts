/**
 * Login rate limiting: failed sign-ins are counted per (client IP, username) and per client IP
 * in a sliding window; past the limit `POST /auth/login` answers 429 RATE_LIMITED with
 * Retry-After before checking the password (so a guesser also burns no scrypt time). A
 * successful sign-in clears its (IP, username) count, not the IP's. Counts live in memory:
 * each replica counts on its own, and a restart forgets them. The client IP is the socket's
 * (Fastify's `request.ip`; no proxy headers are trusted).
 */
import type { AppContext } from '../context.ts'

export interface LimitOptions {
  /** Failures of one username from one IP within the window (default 10). */
  perUser: number
  /** Failures from one IP, any usernames, within the window (default 50: a NAT or office shares an IP). */
  perIp: number
  windowMs: number
  /** Distinct keys kept at most; the oldest are dropped past it (memory stays bounded under a spray). */
  maxKeys: number
}

export const LOGIN_LIMITS: LimitOptions = { perUser: 10, perIp: 50, windowMs: 10 * 60_000, maxKeys: 50_000 }

export class LoginLimiter {
  private failures = new Map<string, number[]>()
  /** The clock (tests move it). */
  now: () => number = Date.now

  constructor(readonly opts: LimitOptions = LOGIN_LIMITS) {}

  private recent(key: string): number[] {
    const list = this.failures.get(key)
    if (!list) return []
    const since = this.now() - this.opts.windowMs
    const kept = list.filter((t) => t > since)
    if (kept.length === 0) this.failures.delete(key)
    else if (kept.length !== list.length) this.failures.set(key, kept)
    return kept
  }

  /** Seconds to wait when this sign-in attempt is refused, or null when it may go ahead. */
  retryAfter(ip: string, username: string): number | null {
    let until = 0
    for (const [key, limit] of this.keys(ip, username)) {
      const list = this.recent(key)
      if (list.length >= limit) until = Math.max(until, list[list.length - limit] + this.opts.windowMs)
    }
    return until === 0 ? null : Math.max(1, Math.ceil((until - this.now()) / 1000))
  }

  failed(ip: string, username: string): void {
    for (const [key] of this.keys(ip, username)) {
      const list = this.recent(key)
      list.push(this.now())
      this.failures.delete(key)
      this.failures.set(key, list)
    }
    while (this.failures.size > this.opts.maxKeys) this.failures.delete(this.failures.keys().next().value!)
  }

  succeeded(ip: string, username: string): void {
    this.failures.delete(userKey(ip, username))
  }

  private keys(ip: string, username: string): [string, number][] {
    return [
      [userKey(ip, username), this.opts.perUser],
      [`ip\u0000${ip}`, this.opts.perIp],
    ]
  }
}

const userKey = (ip: string, username: string) => `user\u0000${ip}\u0000${username.trim().toLowerCase()}`

const LIMITERS = new WeakMap<AppContext, LoginLimiter>()

/** The server's login limiter (one per app context). */
export function loginLimiter(ctx: AppContext): LoginLimiter {
  let l = LIMITERS.get(ctx)
  if (!l) LIMITERS.set(ctx, (l = new LoginLimiter()))
  return l
}
