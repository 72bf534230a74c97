import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import path from 'node:path'

export interface CannonResult {
  /** Mean requests per second over the run. */
  rps: number
  total: number
  non2xx: number
  errors: number
  latencyP50: number
  latencyP99: number
}

/** Headers every run sends (startBenchServer sets the admin's API key here). */
export const cannonDefaults: { headers: Record<string, string> } = { headers: {} }

const require = createRequire(import.meta.url)
const CLI = path.join(path.dirname(require.resolve('autocannon/package.json')), 'autocannon.js')

/**
 * Runs autocannon in a child process, so the load generator does not share the server's event
 * loop (the server under test runs in this process).
 */
export function autocannon(url: string, opts: { connections: number; durationSec: number }): Promise<CannonResult> {
  return new Promise((resolve, reject) => {
    const headerArgs = Object.entries(cannonDefaults.headers).flatMap(([k, v]) => ['-H', `${k}=${v}`])
    const child = spawn(process.execPath, [CLI, '-c', String(opts.connections), '-d', String(opts.durationSec), ...headerArgs, '-j', '-n', url], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')))
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited ${code}: ${err.slice(0, 500)}`))
      try {
        const r = JSON.parse(out)
        resolve({
          rps: r.requests.average,
          total: r.requests.total,
          non2xx: r.non2xx,
          errors: r.errors + r.timeouts,
          latencyP50: r.latency.p50,
          latencyP99: r.latency.p99,
        })
      } catch (e) {
        reject(new Error(`autocannon output was not JSON: ${String(e)}: ${out.slice(0, 300)}`))
      }
    })
  })
}
