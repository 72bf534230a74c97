/**
 * The readable half of the troubleshooting export: Markdown an operator can paste into a
 * support ticket — the environment, its hosts, the findings by severity with their fixes, the
 * failing matrix directions and the latest timeline events. Pure: it only formats what the
 * export already holds.
 */
import { MATRIX_STATUS, type Matrix, type MatrixStatus, type TimelineEvent } from '../../../core/api/diagnostics.ts'
import type { Finding } from '../../../core/api/findings.ts'
import type { DiagnosticsSnapshot } from '../../../core/diagnostics/snapshot.ts'

/** Timeline events the summary lists (the JSON carries more). */
export const SUMMARY_TIMELINE = 20

export interface SummaryInput {
  generatedAt: string
  environment: { id: string; name: string }
  snapshot: DiagnosticsSnapshot
  findings: Finding[]
  matrix: Matrix
  timeline: TimelineEvent[]
}

const SEVERITY_TITLES = [
  ['error', 'Errors'],
  ['warning', 'Warnings'],
  ['info', 'Information'],
] as const

/** Table cells must not break the table. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ')

function subjectOf(f: Finding): string {
  const s = f.subject
  const name = s.name ?? s.id
  if (s.kind === 'hostPair') return `${name} → ${s.peerName ?? s.peerId ?? '?'}`
  return `${s.kind} ${name}`
}

function hostsSection(input: SummaryInput): string[] {
  const ipsById = new Map(input.matrix.hosts.map((h) => [h.id, h.interfaceIps]))
  const hosts = [...input.snapshot.hosts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  if (hosts.length === 0) return ['## Hosts', '', 'No hosts registered.', '']
  return [
    `## Hosts (${hosts.length})`,
    '',
    '| Host | Agent IP | State | Last heartbeat | Interface IPs |',
    '| --- | --- | --- | --- | --- |',
    ...hosts.map((h) => `| ${cell(h.name)} | ${cell(h.agentIp)} | ${cell(h.state)} | ${h.lastHeartbeatAt ?? 'never'} | ${cell((ipsById.get(h.id) ?? []).join(', ') || '—')} |`),
    '',
  ]
}

function findingsSection(findings: Finding[]): string[] {
  const out = [`## Findings (${findings.length})`, '']
  if (findings.length === 0) return [...out, 'No findings: every check passed.', '']
  for (const [severity, title] of SEVERITY_TITLES) {
    const group = findings.filter((f) => f.severity === severity)
    if (group.length === 0) continue
    out.push(`### ${title} (${group.length})`, '')
    for (const f of group) {
      out.push(`- **${f.message}** — ${subjectOf(f)} (\`${f.checkId}\`)`)
      if (f.fix.trim()) out.push('', '  Fix:', '', '  ```', ...f.fix.trim().split('\n').map((l) => `  ${l}`), '  ```', '')
    }
    out.push('')
  }
  return out
}

function matrixSection(matrix: Matrix): string[] {
  const n = matrix.hosts.length
  const failing: string[] = []
  let unknown = 0
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const status = matrix.cells[i * n + j] as MatrixStatus
      if (status === 'u') unknown++
      if (status === 'o' || status === 'u' || status === '-') continue
      failing.push(`- ${matrix.hosts[i].name} → ${matrix.hosts[j].name}: ${MATRIX_STATUS[status]}`)
    }
  }
  const out = ['## Failing matrix directions', '']
  if (failing.length === 0) out.push(n < 2 ? 'Fewer than two hosts: no directions to check.' : 'None: every reported direction works.')
  else out.push(...failing)
  if (unknown > 0) out.push('', `${unknown} direction(s) not reported yet.`)
  return [...out, '']
}

function timelineSection(timeline: TimelineEvent[]): string[] {
  const shown = timeline.slice(0, SUMMARY_TIMELINE)
  const out = [`## Timeline (latest ${shown.length}, newest first)`, '']
  if (shown.length === 0) return [...out, 'No network events recorded.', '']
  return [...out, ...shown.map((e) => `- ${e.at} [${e.severity}] ${e.message}`), '']
}

export function exportSummary(input: SummaryInput): string {
  const net = input.snapshot.defaultNetwork
  const network = net
    ? `${net.name} (${net.overlay === 'none' ? 'no overlay' : `${net.overlay} overlay`}, ${net.subnets.map((s) => s.cidr).join(', ') || 'no subnet'}${net.mtu !== null ? `, MTU ${net.mtu}` : ''})`
    : 'none (no default network)'
  const lines = [
    `# Paddock troubleshooting export: ${input.environment.name}`,
    '',
    `- Environment: ${input.environment.name} (${input.environment.id})`,
    `- Generated at: ${input.generatedAt}`,
    `- Default network: ${network}`,
    '',
    ...hostsSection(input),
    ...findingsSection(input.findings),
    ...matrixSection(input.matrix),
    ...timelineSection(input.timeline),
  ]
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n'
}
