import { runChecks } from '../core/diagnostics/findings.ts'
import { buildMatrix } from '../core/diagnostics/matrix.ts'
import { SYNTHETIC_FAULTS, SYNTHETIC_NOW, syntheticSnapshot } from '../core/diagnostics/synthetic.ts'
import { trace, type TraceInput } from '../core/diagnostics/trace.ts'
import type { Dialect } from '../server/db/database.ts'
import { verdict, type Row } from './lib/row.ts'
import { startBenchServer, templateId, type BenchServer } from './lib/server.ts'
import { int, median, ms, p95 } from './lib/stats.ts'

const HOSTS = 1000
const PAIRS = HOSTS * (HOSTS - 1)
const WARMUPS = 2
const RUNS = 15
const COMBINED_RUNS = 10
const TRACE_RUNS = 400
const CORE_TARGET_MS = 1000
const TRACE_TARGET_MS = 5

const HTTP_HOSTS = 50
const HTTP_WARMUPS = 20
const HTTP_REQUESTS = 200

/** Row names, in table order (run.ts also uses them for skipped and failed rows). */
export const DIAGNOSTICS_CORE_ROWS = {
  findings: `findings at ${int(HOSTS)} hosts (core)`,
  matrix: `matrix at ${int(HOSTS)} hosts (${int(PAIRS)} pairs, core)`,
  both: `findings + matrix at ${int(HOSTS)} hosts (core)`,
  trace: 'one trace (core)',
}
export const DIAGNOSTICS_HTTP_ROW = `diagnostics matrix over HTTP (${HTTP_HOSTS} hosts, ${HTTP_REQUESTS} req)`

type Log = (msg: string) => void

/** Runs `fn` WARMUPS times unmeasured, then `runs` times: the samples in ms and the last result. */
function sample<T>(runs: number, fn: () => T): { samples: number[]; value: T } {
  let value = fn()
  for (let i = 1; i < WARMUPS; i++) value = fn()
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    value = fn()
    samples.push(performance.now() - t0)
  }
  return { samples, value }
}

function coreRow(benchmark: string, samples: number[], note: string, targetMs: number): Row {
  const p = p95(samples)
  return {
    benchmark,
    database: '—',
    figure: `median ${ms(median(samples))}, p95 ${ms(p)} (${samples.length} runs; ${note})`,
    // judged on p95: the design's "under 1 s" / "under 5 ms" should hold for (nearly) every run, GC pauses included
    target: `p95 < ${targetMs < 10 ? `${targetMs} ms` : `${targetMs / 1000} s`}`,
    verdict: verdict(p < targetMs),
  }
}

/**
 * DESIGN.md "Performance targets": findings and the full matrix for 1,000 hosts (999,000
 * directed pairs) from an in-memory snapshot in core, under 1 s; one trace under 5 ms. The
 * snapshot is core/diagnostics/synthetic.ts: every host reports every peer both ways and
 * both IPsec ports (~4 million entries), with a handful of faults so the checks have work —
 * among them a stopped router, which alone makes ~2,000 peer findings.
 */
export function benchDiagnosticsCore(log: Log): Row[] {
  const t0 = performance.now()
  const snapshot = syntheticSnapshot({ hosts: HOSTS })
  const now = new Date(SYNTHETIC_NOW)
  log(`diagnostics: built a ${int(HOSTS)}-host snapshot in ${ms(performance.now() - t0)}`)

  const findings = sample(RUNS, () => runChecks(snapshot, now))
  const matrix = sample(RUNS, () => buildMatrix(snapshot, now))
  if (matrix.value.cells.length !== HOSTS * HOSTS) throw new Error(`matrix has ${matrix.value.cells.length} cells, want ${HOSTS * HOSTS}`)
  const both = sample(COMBINED_RUNS, () => [runChecks(snapshot, now), buildMatrix(snapshot, now)] as const)

  // a mix of paths: across hosts (ok), across the blocked direction, the reverse, on one host, to an address
  const F = SYNTHETIC_FAULTS
  const web = (i: number) => `ctr-web-${String(i).padStart(4, '0')}`
  const traces: TraceInput[] = [
    { from: web(1), to: web(HOSTS) },
    { from: web(F.blockedFrom), to: web(F.blockedTo) },
    { from: web(F.blockedTo), to: web(F.blockedFrom) },
    { from: web(500), to: `ctr-hc-0500` },
    { from: web(2), to: { ip: '10.42.16.9', port: 80 } },
  ]
  let k = 0
  const one = sample(TRACE_RUNS, () => trace(snapshot, traces[k++ % traces.length], now))

  return [
    coreRow(DIAGNOSTICS_CORE_ROWS.findings, findings.samples, `${int(findings.value.length)} findings`, CORE_TARGET_MS),
    coreRow(DIAGNOSTICS_CORE_ROWS.matrix, matrix.samples, `${int(matrix.value.cells.length)} cells`, CORE_TARGET_MS),
    coreRow(DIAGNOSTICS_CORE_ROWS.both, both.samples, 'runChecks then buildMatrix on one snapshot', CORE_TARGET_MS),
    coreRow(DIAGNOSTICS_CORE_ROWS.trace, one.samples, `${traces.length} paths in turn, ${int(HOSTS)} hosts`, TRACE_TARGET_MS),
  ]
}

// ---------------------------------------------------------------------------------------
// The matrix route over HTTP.

interface Registered {
  hostId: string
  token: string
}

/** JSON over fetch with a host token (setup only; the measured requests use the keep-alive client). */
async function agentCall<T>(s: BenchServer, method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(s.baseUrl + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}: ${text.slice(0, 300)}`)
  return JSON.parse(text) as T
}

/**
 * HTTP_HOSTS hosts registered through the agent API in a Cattle environment, each then
 * reporting like a healthy agent: its infrastructure containers running (from its desired
 * state), every peer ok both ways, both IPsec ports open.
 */
async function setUpHosts(s: BenchServer, log: Log, dialect: Dialect): Promise<string> {
  const tpl = await templateId(s.http, 'Cattle')
  const env = await s.http.json<{ id: string }>('POST', '/api/v1/environments', { name: 'bench-diagnostics', environmentTemplateId: tpl }, 201)
  // real agents register with the environment's registration token (an owner rotates one)
  const { token: registrationToken } = await s.http.json<{ token: string }>('POST', `/api/v1/environments/${env.id}/registration-tokens`, {}, 201)
  const hosts: Registered[] = []
  for (let i = 0; i < HTTP_HOSTS; i++) {
    const agentIp = `192.168.60.${i + 10}`
    hosts.push(
      await agentCall<Registered>(s, 'POST', '/api/v1/agent/register', registrationToken, {
        environmentId: env.id,
        name: `bench-host-${String(i).padStart(2, '0')}`,
        agentIp,
        interfaces: [
          { name: 'eth0', cidrs: [`${agentIp}/24`], mtu: 1500 },
          { name: 'docker0', cidrs: ['172.17.0.1/16'], mtu: 1500 },
        ],
        mtu: 1500,
      }),
    )
  }
  log(`${dialect}: registered ${HTTP_HOSTS} hosts; reporting`)
  const at = new Date().toISOString()
  for (const h of hosts) {
    const desired = await agentCall<{ containers: Array<{ id: string; managedIp: string | null; mtu: number | null }> }>(s, 'GET', '/api/v1/agent/desired-state', h.token)
    const peers = hosts.filter((p) => p !== h)
    await agentCall(s, 'POST', '/api/v1/agent/report', h.token, {
      containers: desired.containers.map((c) => ({ containerId: c.id, state: 'running', eth0Addresses: c.managedIp ? [c.managedIp] : [], mtu: c.mtu })),
      peers: peers.flatMap((p) => (['outbound', 'inbound'] as const).map((direction) => ({ peerHostId: p.hostId, direction, ok: true, rttMs: 0.4, lastSuccessAt: at }))),
      ports: peers.flatMap((p) => [500, 4500].map((port) => ({ peerHostId: p.hostId, port, protocol: 'udp', open: true }))),
      metadataReloadMs: 1100,
    })
  }
  return env.id
}

/** `GET …/diagnostics/matrix` at HTTP_HOSTS hosts: snapshot from the database, checks, compact encoding. */
export async function benchDiagnosticsHttp(dialect: Dialect, log: Log): Promise<Row[]> {
  const s = await startBenchServer(dialect)
  try {
    const envId = await setUpHosts(s, log, dialect)
    const path = `/api/v1/environments/${envId}/diagnostics/matrix`
    log(`${dialect}: GET matrix × ${HTTP_WARMUPS + HTTP_REQUESTS}`)
    const samples: number[] = []
    let cells = ''
    for (let i = 0; i < HTTP_WARMUPS + HTTP_REQUESTS; i++) {
      const t0 = performance.now()
      const res = await s.http.request('GET', path)
      const elapsed = performance.now() - t0
      if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status}: ${res.body.slice(0, 300)}`)
      if (i >= HTTP_WARMUPS) samples.push(elapsed)
      cells = (JSON.parse(res.body) as { cells: string }).cells
    }
    if (cells.length !== HTTP_HOSTS * HTTP_HOSTS) throw new Error(`matrix has ${cells.length} cells, want ${HTTP_HOSTS * HTTP_HOSTS}`)
    const ok = [...cells].filter((c) => c === 'o').length
    return [
      {
        benchmark: DIAGNOSTICS_HTTP_ROW,
        database: dialect,
        figure: `median ${ms(median(samples))}, p95 ${ms(p95(samples))} (${int(cells.length)} cells, ${int(ok)} ok)`,
        // DESIGN.md names the measurement, not a figure
        target: '—',
        verdict: 'info',
      },
    ]
  } finally {
    await s.close()
  }
}
