import { paths } from '../../config/paths.ts'

/**
 * Where to go after signing in: `next` when it is a path of this app (starts with one `/`, no
 * scheme, no `//host`, no backslash tricks), else the first page. Never back to the sign-in page.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return paths.home.href()
  // Control characters (a tab or newline inside `/\t/evil.example`) are dropped by URL parsers.
  if ([...next].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return paths.home.href()
  let url: URL
  try {
    url = new URL(next, 'http://paddock.invalid')
  } catch {
    return paths.home.href()
  }
  if (url.origin !== 'http://paddock.invalid') return paths.home.href()
  if (url.pathname === paths.login.pattern) return paths.home.href()
  return `${url.pathname}${url.search}${url.hash}`
}
