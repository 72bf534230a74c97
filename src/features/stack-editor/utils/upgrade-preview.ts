import type { StackUpgradePreview } from '../../../../core/api/index.ts'
import { diffLines, prettyJson } from './cni-diff.ts'

type Change = StackUpgradePreview['networkChanges'][number]
type PreviewHost = StackUpgradePreview['hosts'][number]
type PreviewContainer = StackUpgradePreview['containers'][number]

const NETWORK_FIELDS: Record<string, string> = {
  mtu: 'MTU',
  linkMtuOverhead: 'Link MTU overhead',
  effectiveMtu: 'Effective MTU (container eth0)',
  dns: 'DNS servers',
  dnsSearch: 'Search domains',
  hostPorts: 'Host ports',
}
const CONTAINER_FIELDS: Record<string, string> = { mtu: 'MTU (eth0)', dns: 'DNS servers', dnsSearch: 'Search domains' }

/** How the preview's `field` of a network change reads (`subnets.0.range` → "Subnet 1 allocation range"). */
export function networkFieldLabel(field: string): string {
  if (NETWORK_FIELDS[field]) return NETWORK_FIELDS[field]
  const subnet = /^subnets\.(\d+)(?:\.(gateway|range))?$/.exec(field)
  if (subnet) {
    const n = Number(subnet[1]) + 1
    return subnet[2] === 'gateway' ? `Subnet ${n} gateway` : subnet[2] === 'range' ? `Subnet ${n} allocation range` : `Subnet ${n}`
  }
  return field
}

/** How a container change's `field` reads. */
export function containerFieldLabel(field: string): string {
  return CONTAINER_FIELDS[field] ?? field
}

/** "MTU (eth0) 1402 → 1302; DNS servers …" */
export function containerChangeText(changes: Change[]): string {
  return changes.map((c) => `${containerFieldLabel(c.field)} ${c.from} → ${c.to}`).join('; ')
}

export type DiffRow = { kind: 'same' | 'removed' | 'added'; text: string } | { kind: 'skip'; count: number }

/**
 * A unified line diff of two CNI files (pretty JSON) that keeps only `context` unchanged lines
 * around each change; longer unchanged runs become one `skip` row. A file that appears or goes
 * away is all added or all removed lines.
 */
export function compactDiff(before: string | null, after: string | null, context = 2): DiffRow[] {
  const lines = (text: string) => prettyJson(text).replace(/\n$/, '').split('\n')
  if (before === null && after === null) return []
  if (before === null) return lines(after ?? '').map((text) => ({ kind: 'added', text }))
  if (after === null) return lines(before).map((text) => ({ kind: 'removed', text }))
  const all = diffLines(prettyJson(before), prettyJson(after))
  const near = all.map(() => false)
  all.forEach((line, i) => {
    if (line.kind === 'same') return
    for (let j = Math.max(0, i - context); j <= Math.min(all.length - 1, i + context); j++) near[j] = true
  })
  const out: DiffRow[] = []
  let skipped = 0
  all.forEach((line, i) => {
    if (line.kind === 'same' && !near[i]) {
      skipped += 1
      return
    }
    if (skipped > 0) out.push({ kind: 'skip', count: skipped })
    skipped = 0
    out.push(line)
  })
  if (skipped > 0) out.push({ kind: 'skip', count: skipped })
  return out
}

export interface HostFileChange {
  name: string
  status: 'changed' | 'added' | 'removed'
  before: string | null
  after: string | null
}

/** Hosts that receive exactly the same CNI file changes, shown once. */
export interface HostGroup {
  hostNames: string[]
  files: HostFileChange[]
}

/**
 * The hosts whose CNI files change, grouped by identical changes (the usual case: every host
 * gets the same new file; `__host_label__` values make them differ), and the hosts without any.
 */
export function groupHostChanges(hosts: PreviewHost[]): { changed: HostGroup[]; unchanged: string[] } {
  const groups = new Map<string, HostGroup>()
  const unchanged: string[] = []
  for (const host of hosts) {
    const files: HostFileChange[] = host.files
      .filter((f) => f.changed)
      .map((f) => ({ name: f.name, status: f.before === null ? 'added' : f.after === null ? 'removed' : 'changed', before: f.before, after: f.after }))
    if (files.length === 0) {
      unchanged.push(host.hostName)
      continue
    }
    const key = JSON.stringify(files)
    const group = groups.get(key)
    if (group) group.hostNames.push(host.hostName)
    else groups.set(key, { hostNames: [host.hostName], files })
  }
  return { changed: [...groups.values()], unchanged }
}

/** How many containers the preview lists before "and N more". */
export const CONTAINER_LIMIT = 10

export function cappedContainers(containers: PreviewContainer[], limit = CONTAINER_LIMIT): { shown: PreviewContainer[]; more: number } {
  return { shown: containers.slice(0, limit), more: Math.max(0, containers.length - limit) }
}

/** Whether the upgrade changes nothing that runs (only the stored compose). */
export function changesNothingLive(preview: StackUpgradePreview): boolean {
  return preview.networkChanges.length === 0 && preview.containers.length === 0 && preview.hosts.every((h) => h.files.every((f) => !f.changed))
}
