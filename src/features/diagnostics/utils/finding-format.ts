import type { Finding } from '../../../../core/api/index.ts'
import { paths } from '../../../config/paths.ts'

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

export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info']

/** Headings of the checklist's severity groups. */
export const SEVERITY_GROUP_LABEL: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Info' }

/** A severity named in the URL (`?severity=`), or null for "all" (also for anything unknown). */
export function parseSeverity(value: string | null): Severity | null {
  return SEVERITY_ORDER.find((s) => s === value) ?? null
}

type Subject = Finding['subject']

/** Readable subject kinds, as group headings and the finding's subject line say them. */
export const SUBJECT_KIND_LABEL: Record<Subject['kind'], string> = {
  environment: 'Environment',
  network: 'Network',
  stack: 'Stack',
  host: 'Host',
  hostPair: 'Host pair',
  container: 'Container',
}

/** The order subject groups are listed in within a severity: the wide ones first. */
const SUBJECT_KIND_RANK: Record<Subject['kind'], number> = { environment: 0, network: 1, stack: 2, host: 3, hostPair: 4, container: 5 }

/** A host pair in the direction traffic flows (`inbound` means from the peer to the subject). */
export function pairEnds(subject: Subject): { fromId: string; fromName: string; toId: string; toName: string } {
  const self = { id: subject.id, name: subject.name ?? subject.id }
  const peer = { id: subject.peerId ?? '?', name: subject.peerName ?? subject.peerId ?? '?' }
  const [from, to] = subject.direction === 'inbound' ? [peer, self] : [self, peer]
  return { fromId: from.id, fromName: from.name, toId: to.id, toName: to.name }
}

/** Findings about the same thing share a key; a host pair's key is its direction of traffic. */
export function subjectKey(subject: Subject): string {
  if (subject.kind === 'hostPair') {
    const { fromId, toId } = pairEnds(subject)
    return `hostPair:${fromId}:${toId}`
  }
  return `${subject.kind}:${subject.id}`
}

/** The subject as a group heading names it: "host-2 → host-3" for a pair (the direction is in the arrow). */
export function subjectTitle(subject: Subject): string {
  if (subject.kind === 'hostPair') {
    const { fromName, toName } = pairEnds(subject)
    return `${fromName} → ${toName}`
  }
  return subject.name ?? subject.id
}

export type SubjectGroup = { key: string; subject: Subject; findings: Finding[] }
export type SeverityGroup = { severity: Severity; count: number; subjects: SubjectGroup[] }

/**
 * The checklist's layout: findings by severity (errors first, only severities that have some),
 * within each by subject (environment, network, stack, hosts, host pairs, containers; by name),
 * each subject's findings in the server's order.
 */
export function groupFindings(findings: readonly Finding[]): SeverityGroup[] {
  const out: SeverityGroup[] = []
  for (const severity of SEVERITY_ORDER) {
    const bySubject = new Map<string, SubjectGroup>()
    for (const f of findings) {
      if (f.severity !== severity) continue
      const key = subjectKey(f.subject)
      const group = bySubject.get(key)
      if (group) group.findings.push(f)
      else bySubject.set(key, { key, subject: f.subject, findings: [f] })
    }
    if (bySubject.size === 0) continue
    const subjects = [...bySubject.values()].sort(
      (a, b) =>
        SUBJECT_KIND_RANK[a.subject.kind] - SUBJECT_KIND_RANK[b.subject.kind] ||
        subjectTitle(a.subject).localeCompare(subjectTitle(b.subject), undefined, { numeric: true }) ||
        a.key.localeCompare(b.key),
    )
    out.push({ severity, count: subjects.reduce((n, s) => n + s.findings.length, 0), subjects })
  }
  return out
}

/** "1 finding", "3 findings". */
export function findingsCountText(count: number): string {
  return `${count} finding${count === 1 ? '' : 's'}`
}

/**
 * The id of a finding's article on the checklist, so other screens can link straight to it
 * (`…/findings#finding-agent-ip-docker-bridge-hst_4`). Built from the check and the subject
 * only, never the message, so a link stays valid while the evidence changes.
 */
export function findingAnchor(finding: Finding): string {
  const s = finding.subject
  const parts = [finding.checkId, s.kind, s.id, s.peerId ?? '', s.direction ?? ''].filter((p) => p !== '')
  return `finding-${parts.join('-').replace(/[^A-Za-z0-9_-]+/g, '-')}`
}

/** One entry of the "every check" list: a check of the catalogue and how many findings it made. */
/** `couldNotRun`: the check crashed on this environment's data (a `diagnostics.check-failed` finding names it), so no findings does not mean passed. */
export type CheckStatus = { id: string; title: string; severity: Severity; findings: Finding[]; couldNotRun: boolean }

/** The check ids `diagnostics.check-failed` findings name (`snapshot`: reading the data failed, so none ran). */
function crashedChecks(findings: readonly Finding[]): { all: boolean; ids: Set<string> } {
  const ids = new Set<string>()
  let all = false
  for (const f of findings) {
    if (f.checkId !== 'diagnostics.check-failed') continue
    const check = (f.evidence as { check?: unknown } | null)?.check
    if (check === 'snapshot') all = true
    else if (typeof check === 'string') ids.add(check)
  }
  return { all, ids }
}

/**
 * Every check in catalogue order with its findings (none: passed), then any check id the
 * server reported that this client's catalogue does not know yet, so none is hidden.
 */
export function checkStatuses(catalogue: ReadonlyArray<{ id: string; title: string; severity: Severity }>, findings: readonly Finding[]): CheckStatus[] {
  const byCheck = new Map<string, Finding[]>()
  for (const f of findings) {
    const list = byCheck.get(f.checkId)
    if (list) list.push(f)
    else byCheck.set(f.checkId, [f])
  }
  const known = new Set(catalogue.map((c) => c.id))
  const crashed = crashedChecks(findings)
  const couldNotRun = (id: string) => id !== 'diagnostics.check-failed' && (crashed.all || crashed.ids.has(id))
  const statuses: CheckStatus[] = catalogue.map((c) => ({ id: c.id, title: c.title, severity: c.severity, findings: byCheck.get(c.id) ?? [], couldNotRun: couldNotRun(c.id) }))
  for (const [id, list] of byCheck) {
    if (!known.has(id)) statuses.push({ id, title: id, severity: list[0].severity, findings: list, couldNotRun: false })
  }
  return statuses
}

/** Whether a finding is about a host's registered agent IP (`agent-ip.*`). */
export const isAgentIpFinding = (finding: Finding): boolean => finding.checkId.startsWith('agent-ip.') && finding.subject.kind === 'host'

/** The problem with a registered agent IP in a few words, as the Hosts screen warns of it. */
export function agentIpProblem(finding: Finding): string {
  switch (finding.checkId) {
    case 'agent-ip.loopback':
      return 'loopback address (127.0.0.0/8)'
    case 'agent-ip.docker-bridge':
      return 'Docker bridge address (docker0)'
    case 'agent-ip.link-local':
      return 'link-local address (169.254.0.0/16)'
    case 'agent-ip.not-on-interfaces':
      return 'not on any of its interfaces'
    case 'agent-ip.duplicate': {
      const others = finding.evidence.sameAgentIp
      return Array.isArray(others) && others.length > 0 ? `also registered by ${others.map(String).join(', ')}` : 'used by another host too'
    }
    default:
      return finding.message
  }
}

/** Agent-IP findings per host id, so a table of many hosts looks each up once. */
export function agentIpFindingsByHost(findings: readonly Finding[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>()
  for (const f of findings) {
    if (!isAgentIpFinding(f)) continue
    const list = out.get(f.subject.id)
    if (list) list.push(f)
    else out.set(f.subject.id, [f])
  }
  return out
}

/**
 * Where a subject shows: a host or container on its page, a host pair on the Reachability
 * page with that direction selected, a network or stack on its page, the environment on its overview.
 */
export function subjectHref(envId: string, subject: Subject): string {
  switch (subject.kind) {
    case 'host':
      return paths.host.href(envId, subject.id)
    case 'container':
      return paths.container.href(envId, subject.id)
    case 'hostPair': {
      const { fromId, toId } = pairEnds(subject)
      return paths.reachability.href(envId, { from: fromId, to: toId })
    }
    case 'network':
      return paths.network.href(envId, subject.id)
    case 'stack':
      return paths.stack.href(envId, subject.id)
    case 'environment':
      return paths.overview.href(envId)
  }
}

/** A link to one finding on the checklist (the page scrolls to it and focuses it). */
export function findingHref(envId: string, finding: Finding): string {
  return `${paths.findings.href(envId)}#${findingAnchor(finding)}`
}
