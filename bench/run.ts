// Must stay the first import: it points server/testing/test-db.ts at BENCH_DATABASE_URL.
import { BENCH_DATABASE_URL } from './lib/env.ts'
import os from 'node:os'
import pg from 'pg'
import type { Dialect } from '../server/db/database.ts'
import { TEST_DATABASE_URL } from '../server/testing/test-db.ts'
import { benchContainerList, CONTAINER_ROWS } from './containers.bench.ts'
import { benchDiagnosticsCore, benchDiagnosticsHttp, DIAGNOSTICS_CORE_ROWS, DIAGNOSTICS_HTTP_ROW } from './diagnostics.bench.ts'
import { benchEnvironmentCreate, ENV_ROW } from './environments.bench.ts'
import { benchIpam, IPAM_ROWS } from './ipam.bench.ts'
import { benchValidate, VALIDATE_ROW } from './validate.bench.ts'
import { benchSse, SSE_ROW } from './sse.bench.ts'
import { benchBundle, BUNDLE_ROW } from './bundle.bench.ts'
import { benchRealLab, REAL_LAB_ROWS } from './real-lab.bench.ts'
import type { Row } from './lib/row.ts'
import { formatTable } from './lib/table.ts'

const DIALECTS: Dialect[] = ['sqlite', 'postgres']
const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`)

interface Benchmark {
  /** The rows it produces, in order; also used for skipped and failed rows. */
  rows: string[]
  /** Pure benchmarks (no database) run once. */
  database?: false
  run(dialect: Dialect): Promise<Row[]>
}

const BENCHMARKS: Benchmark[] = [
  { rows: [ENV_ROW], run: (d) => benchEnvironmentCreate(d, log) },
  { rows: Object.values(CONTAINER_ROWS), run: (d) => benchContainerList(d, log) },
  { rows: Object.values(IPAM_ROWS), run: (d) => benchIpam(d, log) },
  { rows: [VALIDATE_ROW], database: false, run: async () => benchValidate() },
  { rows: Object.values(DIAGNOSTICS_CORE_ROWS), database: false, run: async () => benchDiagnosticsCore(log) },
  { rows: [DIAGNOSTICS_HTTP_ROW], run: (d) => benchDiagnosticsHttp(d, log) },
  { rows: [SSE_ROW], run: (d) => benchSse(d, log) },
  { rows: [BUNDLE_ROW], database: false, run: async () => benchBundle(log) },
  { rows: Object.values(REAL_LAB_ROWS), database: false, run: async () => benchRealLab(log) },
]

/** Connects once (2 s timeout); answers the server version, or null when unreachable. */
async function postgresVersion(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
  try {
    await client.connect()
    const r = await client.query<{ server_version: string }>('show server_version')
    return r.rows[0]?.server_version.split(' ')[0] ?? 'unknown'
  } catch {
    return null
  } finally {
    await client.end().catch(() => {})
  }
}

function redact(url: string) {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return '(unparsable URL)'
  }
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err))

async function main() {
  if (TEST_DATABASE_URL !== BENCH_DATABASE_URL) throw new Error('bench/lib/env.ts must be imported before server/testing/test-db.ts')
  const started = performance.now()
  const pgVersion = await postgresVersion(BENCH_DATABASE_URL)
  if (!pgVersion) log(`PostgreSQL not reachable at ${redact(BENCH_DATABASE_URL)}: its rows are skipped`)

  // BENCH_ONLY=ipam (a substring of a row name, case-insensitive) runs only the matching benchmarks
  const only = process.env.BENCH_ONLY?.toLowerCase()
  const selected = only ? BENCHMARKS.filter((b) => b.rows.some((r) => r.toLowerCase().includes(only))) : BENCHMARKS
  const table: Row[] = []
  let errors = 0
  for (const b of selected) {
    const got = new Map<Dialect, Row[]>()
    for (const dialect of b.database === false ? DIALECTS.slice(0, 1) : DIALECTS) {
      if (dialect === 'postgres' && !pgVersion) {
        got.set(dialect, b.rows.map((name) => ({ benchmark: name, database: dialect, figure: 'skipped: PostgreSQL not reachable', target: '—', verdict: 'skipped' })))
        continue
      }
      try {
        got.set(dialect, await b.run(dialect))
      } catch (err) {
        errors++
        log(`${dialect}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
        got.set(dialect, [{ benchmark: b.rows[0], database: dialect, figure: `error: ${message(err)}`.slice(0, 160), target: '—', verdict: 'ERROR' }])
      }
    }
    // one row per benchmark line and database, sqlite before postgres
    for (const name of b.rows) for (const dialect of DIALECTS) table.push(...(got.get(dialect) ?? []).filter((r) => r.benchmark === name))
  }

  const cpus = os.cpus()
  const out = [
    `machine: ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.platform()} ${os.release()}; Node ${process.version}`,
    `databases: SQLite via better-sqlite3 (WAL, file in a temp dir); PostgreSQL ${pgVersion ?? '(not reachable)'} at ${redact(BENCH_DATABASE_URL)} (a fresh database per benchmark)`,
    '',
    formatTable(table),
    '',
    'Latency rows: sequential requests over one keep-alive socket from the bench process, after 20 unmeasured ones; the verdict uses p95.',
    '[1] startServer() returns its app already ready(), so no route can be added to it. The throughput rows use a twin built in',
    '    the same process by the same buildApp() on the same AppContext (same database handle, hooks and serializers), with a',
    '    bare GET /__bench/hello ({"hello":"world"}) added before ready(); both routes are loaded on that one instance, one after',
    `    the other, by autocannon in a child process (which shares this machine's ${cpus.length} cores with the server${pgVersion ? ' and PostgreSQL' : ''}).`,
    `total ${((performance.now() - started) / 1000).toFixed(0)} s${errors ? `; ${errors} benchmark(s) failed to run (see stderr)` : ''}`,
  ]
  process.stdout.write(out.join('\n') + '\n')
  // FAIL verdicts are results, not errors: only a benchmark that could not run sets the exit code
  process.exitCode = errors ? 1 : 0
}

await main()
