/**
 * Active probes on request: real packets from a container's network namespace (ping, or a TCP
 * connect) towards another container's managed IP, so the trace screen can show what the
 * network does rather than what the control plane believes.
 *
 * Commands run without a shell (argument vectors), and the target, port and namespace are
 * validated anyway: they come from the control plane's desired state, and this process is root.
 */
import { execFile } from 'node:child_process'
import { parsePing } from './ping-output.ts'

export { parsePing } from './ping-output.ts'

export interface ProbeSpec {
  id: string
  /** null: the agent's own network namespace. */
  netns: string | null
  target: string
  protocol: 'icmp' | 'tcp'
  port: number | null
}
export interface ProbeOutcome {
  probeId: string
  ok: boolean
  rttMs: number | null
  detail: string
}
export interface ProbeExecResult {
  code: number
  stdout: string
  stderr: string
}
export type ProbeExec = (file: string, args: string[], timeoutMs: number) => Promise<ProbeExecResult>

/** The whole probe, `ip netns exec` and the tool included, gets this long. */
export const PROBE_TIMEOUT_MS = 5000
export const TCP_CONNECT_TIMEOUT_MS = 3000
const DETAIL_MAX = 4000

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
// What `ip netns add` accepts in practice, minus anything that reads as an option or a path.
const NETNS = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/

/**
 * Connects once and prints the connect time. It runs as `node -e` inside the netns because
 * bash's /dev/tcp cannot time the handshake; target and port arrive as argv, never as code.
 */
const TCP_CONNECT_SCRIPT = [
  "const net = require('node:net')",
  'const [host, port] = process.argv.slice(1)',
  'const t0 = process.hrtime.bigint()',
  `const s = net.connect({ host, port: Number(port), timeout: ${TCP_CONNECT_TIMEOUT_MS} })`,
  "s.on('connect', () => { const ms = Number(process.hrtime.bigint() - t0) / 1e6; console.log(`connected to ${host}:${port} in ${ms.toFixed(3)} ms`); s.destroy(); process.exit(0) })",
  `s.on('timeout', () => { console.log(\`no answer from \${host}:\${port} within ${TCP_CONNECT_TIMEOUT_MS / 1000} s\`); process.exit(2) })`,
  // A refusal is an answer from the target's kernel: the path works, nothing listens there.
  "const why = { ECONNREFUSED: 'ECONNREFUSED (the host answered; nothing listens on that port)' }",
  "s.on('error', (e) => { console.log(`connect to ${host}:${port} failed: ${why[e.code] || e.code || e.message}`); process.exit(1) })",
].join('\n')

/** Throws a readable error naming the field and value when the spec cannot be run safely. */
export function probeCommand(spec: ProbeSpec): { file: string; args: string[] } {
  if (typeof spec.target !== 'string' || !IPV4.test(spec.target)) {
    throw new Error(`target ${JSON.stringify(spec.target)} is not an IPv4 address`)
  }
  if (spec.netns !== null && (typeof spec.netns !== 'string' || !NETNS.test(spec.netns))) {
    throw new Error(`netns ${JSON.stringify(spec.netns)} is not a network namespace name`)
  }
  let tool: string[]
  if (spec.protocol === 'icmp') {
    tool = ['ping', '-c', '3', '-i', '0.2', '-W', '1', '-n', spec.target]
  } else if (spec.protocol === 'tcp') {
    if (!Number.isInteger(spec.port) || (spec.port as number) < 1 || (spec.port as number) > 65535) {
      throw new Error(`port ${JSON.stringify(spec.port)} is not a TCP port (an integer 1–65535)`)
    }
    tool = [process.execPath, '-e', TCP_CONNECT_SCRIPT, spec.target, String(spec.port)]
  } else {
    throw new Error(`protocol ${JSON.stringify(spec.protocol)} is not supported (icmp or tcp)`)
  }
  if (spec.netns === null) return { file: tool[0], args: tool.slice(1) }
  return { file: 'ip', args: ['netns', 'exec', spec.netns, ...tool] }
}

/** Runs a command with a hard timeout; never rejects. */
export const execProbe: ProbeExec = (file, args, timeoutMs) =>
  new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (!err) return resolve({ code: 0, stdout, stderr })
      const e = err as NodeJS.ErrnoException & { code?: number | string; killed?: boolean; signal?: string | null }
      if (e.killed || e.signal) {
        return resolve({ code: 124, stdout, stderr: `${stderr}gave no answer within ${timeoutMs / 1000} s and was stopped` })
      }
      if (typeof e.code === 'number') return resolve({ code: e.code, stdout, stderr })
      // Spawn failures (ENOENT: the tool is not installed) have a string code and no output.
      resolve({ code: 127, stdout, stderr: `cannot run ${file}: ${e.message}` })
    })
  })

function trimDetail(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '')
    .join('\n')
  return lines.length > DETAIL_MAX ? `${lines.slice(0, DETAIL_MAX - 1)}…` : lines
}

export async function runProbe(spec: ProbeSpec, exec: ProbeExec = execProbe): Promise<ProbeOutcome> {
  const fail = (detail: string): ProbeOutcome => ({ probeId: spec.id, ok: false, rttMs: null, detail: trimDetail(detail) })
  let cmd: { file: string; args: string[] }
  try {
    cmd = probeCommand(spec)
  } catch (err) {
    return fail(`cannot run the probe: ${(err as Error).message}`)
  }
  let r: ProbeExecResult
  try {
    r = await exec(cmd.file, cmd.args, PROBE_TIMEOUT_MS)
  } catch (err) {
    return fail(`cannot run ${cmd.file}: ${(err as Error).message}`)
  }
  const detail = trimDetail(`${r.stdout}\n${r.stderr}`) || `${cmd.file} exited with code ${r.code} and printed nothing`

  if (spec.protocol === 'icmp') {
    const ping = parsePing(r.stdout)
    // Some replies are an answer: the path works; the loss figure stays in the detail.
    const ok = ping.received > 0
    return { probeId: spec.id, ok, rttMs: ok ? ping.avgRttMs : null, detail }
  }
  const m = /^connected to \S+ in (\d+(?:\.\d+)?) ms$/m.exec(r.stdout)
  const ok = r.code === 0 && m !== null
  return { probeId: spec.id, ok, rttMs: ok && m ? Number(m[1]) : null, detail }
}
