import { parse as parseYaml } from 'yaml'
import type { CniFile, ComposeFile } from '../../../../core/api/index.ts'
import { renderCniFiles } from '../../../../core/network/cni.ts'
import { buildNetworkSpec, findNetworkDrivers } from '../../../../core/network/driver-block.ts'
import { composeKindOf } from './editor-files.ts'

type Obj = Record<string, unknown>
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The CNI files a rendered compose would give every host, or why there are none. */
export type RenderedCni =
  | { ok: true; driverService: string; files: CniFile[] }
  | { ok: false; reason: string }

function parseOrNull(text: string | undefined): unknown {
  if (text === undefined) return null
  try {
    return parseYaml(text, { uniqueKeys: false }) ?? null
  } catch {
    return undefined
  }
}

/**
 * Extracts the `cni_config` of the network_driver block of the rendered compose files (answers
 * applied) and renders it as each host receives it (`renderCniFiles`: one 2-space JSON file per
 * entry, in libcni's order). Host labels (`__host_label__`) render empty, as on the network's own
 * page. Never throws: a compose that does not parse or declares no driver gives a reason instead.
 */
export function cniFilesOfRendered(rendered: ComposeFile[]): RenderedCni {
  const docker = parseOrNull(rendered.find((f) => composeKindOf(f.name) === 'docker')?.content)
  const rancher = parseOrNull(rendered.find((f) => composeKindOf(f.name) === 'rancher')?.content)
  if (docker === undefined || rancher === undefined) {
    return { ok: false, reason: 'The rendered compose is not valid YAML; fix the errors listed under Problems.' }
  }
  const drivers = findNetworkDrivers(docker, rancher)
  if (drivers.length === 0) return { ok: false, reason: 'The compose declares no network_driver block.' }
  if (drivers.length > 1) {
    return { ok: false, reason: `The compose declares ${drivers.length} network drivers (${drivers.map((d) => d.serviceName).join(', ')}); an environment takes exactly one.` }
  }
  const [decl] = drivers
  const built = buildNetworkSpec(decl)
  if (built.ok && built.spec) return { ok: true, driverService: decl.serviceName, files: renderCniFiles(built.spec.cniConfig) }
  // The block has problems elsewhere (listed under Problems): still show what cni_config says.
  const raw = decl.block.cni_config
  const cniConfig: Record<string, Obj> = {}
  if (isObject(raw)) for (const [name, conf] of Object.entries(raw)) if (isObject(conf)) cniConfig[name] = conf
  return { ok: true, driverService: decl.serviceName, files: renderCniFiles(cniConfig) }
}

/** Pretty JSON of a CNI file's text (2 spaces, as renderCniFiles writes it); the text itself when it is not JSON. */
export function prettyJson(text: string): string {
  try {
    return `${JSON.stringify(JSON.parse(text), null, 2)}\n`
  } catch {
    return text
  }
}

export type CniFileStatus = 'unchanged' | 'changed' | 'added' | 'removed'

export interface CniFileComparison {
  name: string
  status: CniFileStatus
  /** Pretty JSON the host has now; null when the file is new. */
  current: string | null
  /** Pretty JSON after this edit; null when the file goes away. */
  next: string | null
}

/**
 * Compares the CNI files after the edit with the ones hosts have now, file by file (sorted by
 * name). Files are compared as JSON values, so formatting alone never counts as a change.
 */
export function compareCniFiles(next: CniFile[], current: CniFile[]): CniFileComparison[] {
  const names = [...new Set([...next.map((f) => f.name), ...current.map((f) => f.name)])].sort()
  return names.map((name) => {
    const n = next.find((f) => f.name === name)
    const c = current.find((f) => f.name === name)
    const nextText = n ? prettyJson(n.content) : null
    const currentText = c ? prettyJson(c.content) : null
    let status: CniFileStatus
    if (nextText === null) status = 'removed'
    else if (currentText === null) status = 'added'
    else status = nextText === currentText ? 'unchanged' : 'changed'
    return { name, status, current: currentText, next: nextText }
  })
}

export type LineChange = { text: string; kind: 'same' | 'removed' | 'added' }

/**
 * A line diff (longest common subsequence) of two short texts, for highlighting the lines of a
 * CNI file that differ. Quadratic, which is fine for files of a few dozen lines.
 */
export function diffLines(before: string, after: string): LineChange[] {
  const a = before.replace(/\n$/, '').split('\n')
  const b = after.replace(/\n$/, '').split('\n')
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1])
    }
  }
  const out: LineChange[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ text: a[i], kind: 'same' })
      i += 1
      j += 1
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
      out.push({ text: a[i], kind: 'removed' })
      i += 1
    } else {
      out.push({ text: b[j], kind: 'added' })
      j += 1
    }
  }
  for (; i < a.length; i++) out.push({ text: a[i], kind: 'removed' })
  for (; j < b.length; j++) out.push({ text: b[j], kind: 'added' })
  return out
}
