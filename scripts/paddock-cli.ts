/**
 * `paddock lint <files…> [--answers answers.json] [--format text|json]`: runs the core
 * network-driver validator without a server, for pipelines. Files in the same folder are
 * validated together (a catalog version: docker-compose + rancher-compose, whose `.catalog`
 * questions give the defaults). Exit 0: no errors; 1: at least one error; 2: usage.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Diagnostic } from '../core/api/validate.ts'
import { validateNetworkDriver } from '../core/validate/index.ts'

const USAGE = `usage: paddock lint <files…> [--answers answers.json] [--format text|json]

Validates network-driver compose files (docker-compose.yml[.tpl], rancher-compose.yml) with
the same rules as the Paddock server and editor. Files of one folder are checked together.
Prints file:line:column  severity  message  code, and exits 1 when there is an error.`

interface Options {
  files: string[]
  answers: Record<string, string>
  format: 'text' | 'json'
}

function parseArgs(args: string[]): Options | string {
  const [command, ...rest] = args
  if (command === '--help' || command === '-h' || command === undefined) return USAGE
  if (command !== 'lint') return `unknown command ${JSON.stringify(command)}\n\n${USAGE}`
  const opts: Options = { files: [], answers: {}, format: 'text' }
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]
    if (a === '--format') {
      const f = rest[++i]
      if (f !== 'text' && f !== 'json') return `--format must be text or json, got ${JSON.stringify(f)}`
      opts.format = f
    } else if (a === '--answers') {
      const file = rest[++i]
      if (!file) return '--answers needs a JSON file'
      let parsed: unknown
      try {
        parsed = JSON.parse(fs.readFileSync(file, 'utf8'))
      } catch (err) {
        return `--answers ${file}: ${(err as Error).message}`
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return `--answers ${file}: must be a JSON object of strings`
      for (const [k, v] of Object.entries(parsed)) opts.answers[k] = typeof v === 'string' ? v : JSON.stringify(v)
    } else if (a.startsWith('--')) {
      return `unknown option ${a}\n\n${USAGE}`
    } else {
      opts.files.push(a)
    }
  }
  if (opts.files.length === 0) return `no files given\n\n${USAGE}`
  return opts
}

/** Runs the CLI; returns the exit code. Output goes to the given streams (tests pass buffers). */
export async function main(args: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  const opts = parseArgs(args)
  if (typeof opts === 'string') {
    err(`${opts}\n`)
    return opts === USAGE ? 0 : 2
  }
  const groups = new Map<string, string[]>()
  for (const file of opts.files) {
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
      err(`${file}: no such file\n`)
      return 2
    }
    const dir = path.dirname(path.resolve(file))
    groups.set(dir, [...(groups.get(dir) ?? []), file])
  }
  const all: (Diagnostic & { file: string })[] = []
  for (const files of groups.values()) {
    const byName = new Map(files.map((f) => [path.basename(f), f]))
    const result = validateNetworkDriver({
      files: files.map((f) => ({ name: path.basename(f), content: fs.readFileSync(f, 'utf8') })),
      answers: opts.answers,
    })
    for (const d of result.diagnostics) all.push({ ...d, file: byName.get(d.file ?? '') ?? files[0] })
  }
  if (opts.format === 'json') {
    out(`${JSON.stringify({ diagnostics: all }, null, 2)}\n`)
  } else {
    for (const d of all) out(`${d.file}:${d.line}:${d.column}  ${d.severity}  ${d.message}  ${d.code}\n`)
    const errors = all.filter((d) => d.severity === 'error').length
    out(`${errors} error(s), ${all.length - errors} warning(s)/info in ${opts.files.length} file(s)\n`)
  }
  return all.some((d) => d.severity === 'error') ? 1 : 0
}
