/**
 * Running the Linux tools the agent drives (ip, bridge, nft, sysctl, CNI plugins, swanctl).
 * Every call has a timeout and never throws: the reconcile loop reports what failed and tries
 * again on its next round instead of dying on the first missing route.
 */
import { spawn } from 'node:child_process'

export interface ExecResult {
  code: number
  stdout: string
  stderr: string
}

export interface ExecOptions {
  input?: string
  env?: Record<string, string>
  timeoutMs?: number
}

export type Exec = (file: string, args: string[], opts?: ExecOptions) => Promise<ExecResult>

export const exec: Exec = (file, args, opts = {}) =>
  new Promise((resolve) => {
    const child = spawn(file, args, { env: opts.env ? { ...process.env, ...opts.env } : process.env, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 10_000)
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', (err) => {
      clearTimeout(timer)
      resolve({ code: 127, stdout, stderr: `${stderr}${err.message}` })
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr: signal ? `${stderr}killed by ${signal}` : stderr })
    })
    child.stdin.on('error', () => {})
    child.stdin.end(opts.input ?? '')
  })

/** A failed command as one readable line: `ip route replace …: RTNETLINK answers: …`. */
export function describeFailure(file: string, args: string[], r: ExecResult): string {
  const why = (r.stderr || r.stdout).trim().split('\n').slice(-2).join(' ') || `exit ${r.code}`
  return `${[file, ...args].join(' ')}: ${why}`
}

/** Runs a command and throws a readable error when it fails (for steps a round cannot skip). */
export async function must(run: Exec, file: string, args: string[], opts?: ExecOptions): Promise<string> {
  const r = await run(file, args, opts)
  if (r.code !== 0) throw new Error(describeFailure(file, args, r))
  return r.stdout
}
