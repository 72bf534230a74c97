import type { Finding } from '../../../../core/api/index.ts'

export type Severity = Finding['severity']

/** Badge tone per severity (the word itself carries the meaning). */
export const SEVERITY_TONE: Record<Severity, 'bad' | 'pending' | 'neutral'> = { error: 'bad', warning: 'pending', info: 'neutral' }

/** "2 errors, 1 warning" (infos only when there are some); "no findings" for none. */
export function findingCounts(findings: readonly Finding[]): string {
  if (findings.length === 0) return 'no findings'
  const n = (severity: Severity) => findings.filter((f) => f.severity === severity).length
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`
  const parts: string[] = []
  if (n('error') > 0) parts.push(plural(n('error'), 'error'))
  if (n('warning') > 0) parts.push(plural(n('warning'), 'warning'))
  if (n('info') > 0) parts.push(`${n('info')} info`)
  return parts.join(', ')
}

/** The worst severity among findings, or null when there are none. */
export function worstSeverity(findings: readonly Finding[]): Severity | null {
  for (const severity of ['error', 'warning', 'info'] as const) if (findings.some((f) => f.severity === severity)) return severity
  return null
}

/** The subject as text: "host-1", "web-1", "host-1 → host-2 (outbound)". */
export function subjectText(subject: Finding['subject']): string {
  const name = subject.name ?? subject.id
  if (subject.kind === 'hostPair') {
    return `${name} → ${subject.peerName ?? subject.peerId ?? '?'}${subject.direction ? ` (${subject.direction})` : ''}`
  }
  return name
}

/** An evidence value as short text: lists joined, null as "none", objects as JSON. */
export function evidenceText(value: unknown): string {
  if (value === null || value === undefined) return 'none'
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}
