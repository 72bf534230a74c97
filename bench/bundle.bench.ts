import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { verdict, type Row } from './lib/row.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const TARGET_KB = 250
/** Monaco is loaded only with the editor (DESIGN.md excludes it from the budget). */
const MONACO = /monaco|editor\.main|\.worker-/i

export const BUNDLE_ROW = 'first-screen JavaScript (gzip)'

type Log = (msg: string) => void

/**
 * The JavaScript the first screen loads: index.html's module scripts and modulepreload links,
 * plus every chunk they import statically (followed through the built chunks), each gzipped
 * with node:zlib (level 9). The SPA is built fresh into a temp dir (`vite build`, a few
 * seconds), so a stale `dist/` cannot flatter or spoil the figure.
 */
export async function benchBundle(log: Log): Promise<Row[]> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paddock-bench-build-'))
  try {
    log('building the SPA into a temp dir (vite build)')
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] })
    const files = firstScreenChunks(outDir)
    let raw = 0
    let gz = 0
    for (const f of files) {
      const buf = fs.readFileSync(path.join(outDir, f))
      raw += buf.length
      gz += gzipSync(buf, { level: 9 }).length
    }
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
    return [
      {
        benchmark: BUNDLE_ROW,
        database: '—',
        figure: `${kb(gz)} gzip (${kb(raw)} raw) in ${files.length} chunk${files.length === 1 ? '' : 's'}: ${files.map((f) => path.basename(f)).join(', ')}`,
        target: `< ${TARGET_KB} KB gzip`,
        verdict: verdict(gz < TARGET_KB * 1024),
      },
    ]
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true })
  }
}

/** index.html's scripts and modulepreloads, then their static imports, transitively (paths relative to outDir). */
export function firstScreenChunks(outDir: string): string[] {
  const html = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8')
  const refs = [...html.matchAll(/<script[^>]*\bsrc="([^"]+\.js)"/g), ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g)].map((m) => m[1].replace(/^\//, ''))
  const seen = new Set<string>()
  const queue = [...refs]
  while (queue.length > 0) {
    const f = queue.shift()!
    if (seen.has(f) || MONACO.test(f)) continue
    seen.add(f)
    const code = fs.readFileSync(path.join(outDir, f), 'utf8')
    // static imports only (`import x from"./a.js"`, `import"./a.js"`, `export … from"./a.js"`), not `import("./a.js")`
    for (const m of code.matchAll(/(?:\bimport|\bfrom)\s*["']([^"']+\.js)["']/g)) {
      queue.push(path.posix.normalize(path.posix.join(path.posix.dirname(f), m[1])))
    }
  }
  if (seen.size === 0) throw new Error('index.html loads no script')
  return [...seen]
}
