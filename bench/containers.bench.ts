import { sql } from 'kysely'
import type { AddressInfo } from 'node:net'
import { buildApp } from '../server/app.ts'
import type { Dialect } from '../server/db/database.ts'
import { inTransaction } from '../server/db/tx.ts'
import { createContainerTx, type ContainerSpec } from '../server/modules/containers/containers.service.ts'
import { autocannon } from './lib/autocannon.ts'
import type { HttpClient } from './lib/http.ts'
import { verdict, type Row } from './lib/row.ts'
import { startBenchServer, templateId, type BenchServer } from './lib/server.ts'
import { int, median, ms, p95 } from './lib/stats.ts'

export const CONTAINERS = 10_000
export const HOSTS = 4
const BATCH = 500
const PAGE_LIMIT = 100
const LATENCY_REQUESTS = 200
const WARMUP_REQUESTS = 20
const LATENCY_TARGET_MS = 20
const CANNON = { connections: 10, durationSec: 5 }
const RATIO_TARGET = 0.5
const HELLO_PATH = '/__bench/hello'

/** Row names, in table order (run.ts also uses them for skipped and failed rows). */
export const CONTAINER_ROWS = {
  seed: `container seeding (${int(CONTAINERS)}, service layer)`,
  first: `containers first page (limit=${PAGE_LIMIT}, ${LATENCY_REQUESTS} req)`,
  deepest: `containers deepest page (limit=${PAGE_LIMIT}, ${LATENCY_REQUESTS} req)`,
  throughput: `containers first page throughput vs hello (c=${CANNON.connections}, ${CANNON.durationSec} s) [1]`,
}

type Log = (msg: string) => void

/**
 * The container list page: 10,000 containers in one environment (seeded through the service
 * layer), first and deepest page latency over HTTP, then throughput of the first page against
 * a bare hello-world route on the same Fastify instance.
 */
export async function benchContainerList(dialect: Dialect, log: Log): Promise<Row[]> {
  const s = await startBenchServer(dialect)
  try {
    const rows: Row[] = []
    const envId = await setUpEnvironment(s)

    log(`${dialect}: seeding ${int(CONTAINERS)} containers`)
    const seeded = await seed(s, envId)
    rows.push({
      benchmark: CONTAINER_ROWS.seed,
      database: dialect,
      figure: `${int(CONTAINERS / (seeded.ms / 1000))} containers/s (${(seeded.ms / 1000).toFixed(1)} s, ${int(seeded.managed)} managed IPs)`,
      target: '—',
      verdict: 'info',
    })

    const base = `/api/v1/environments/${envId}/containers?limit=${PAGE_LIMIT}`
    log(`${dialect}: first page latency`)
    const first = await latency(s.http, base)
    rows.push(latencyRow(CONTAINER_ROWS.first, dialect, first, 'page 1'))

    const walk = await lastPage(s.http, base)
    log(`${dialect}: deepest page latency (page ${walk.pages}, ${walk.items} items)`)
    const deepest = await latency(s.http, walk.path)
    rows.push(latencyRow(CONTAINER_ROWS.deepest, dialect, deepest, `page ${walk.pages}, ${walk.items} items`))

    log(`${dialect}: throughput (autocannon ${CANNON.connections} connections × ${CANNON.durationSec} s, twice)`)
    rows.push(await throughput(s, dialect, base))
    return rows
  } finally {
    await s.close()
  }
}

async function setUpEnvironment(s: BenchServer): Promise<string> {
  const tpl = await templateId(s.http, 'Cattle')
  const env = await s.http.json<{ id: string }>('POST', '/api/v1/environments', { name: 'bench-containers', environmentTemplateId: tpl }, 201)
  for (let h = 0; h < HOSTS; h++) {
    await s.http.json('POST', '/api/v1/agent/register', { environmentId: env.id, name: `bench-host-${h}`, agentIp: `192.168.50.${h + 10}` }, 201)
  }
  return env.id
}

/**
 * Seeds CONTAINERS user containers with createContainerTx in transactions of BATCH, spread over
 * the hosts: 50% managed (each allocates a managed IP), 25% bridge, 10% host, 5% none and
 * 10% `container:<a managed container>` (shares its netns, so the list joins its address).
 */
async function seed(s: BenchServer, envId: string): Promise<{ ms: number; managed: number }> {
  const { ctx } = s.server
  const hosts = await ctx.db.selectFrom('hosts').select('id').where('environment_id', '=', envId).orderBy('id').execute()
  if (hosts.length !== HOSTS) throw new Error(`expected ${HOSTS} hosts, found ${hosts.length}`)
  let lastManaged: { id: string; name: string; hostId: string } | null = null
  let managed = 0
  const t0 = performance.now()
  for (let start = 0; start < CONTAINERS; start += BATCH) {
    await inTransaction(ctx.db, ctx.bus, async (tx) => {
      for (let i = start; i < Math.min(start + BATCH, CONTAINERS); i++) {
        const hostId = hosts[i % hosts.length].id
        const name = `bench-${String(i).padStart(5, '0')}`
        const slot = i % 20
        const labels = { 'io.rancher.stack.name': `app-${i % 40}`, tier: slot % 2 === 0 ? 'web' : 'worker' }
        let spec: ContainerSpec
        if (slot < 10) {
          spec = { name, image: 'nginx:1.27', hostId, networkMode: 'managed', labels, ports: [{ bindIp: null, publicPort: null, privatePort: 80, protocol: 'tcp' }] }
        } else if (slot < 15) {
          spec = { name, image: 'redis:7', hostId, networkMode: 'bridge', labels, ports: [{ bindIp: '0.0.0.0', publicPort: 10_000 + (i % 50_000), privatePort: 6379, protocol: 'tcp' }] }
        } else if (slot < 17) {
          spec = { name, image: 'prom/node-exporter', hostId, networkMode: 'host', labels }
        } else if (slot < 18) {
          spec = { name, image: 'busybox', hostId, networkMode: 'none', labels }
        } else {
          const target = lastManaged!
          spec = { name, image: 'envoyproxy/envoy', hostId: target.hostId, networkMode: `container:${target.name}`, networkContainerId: target.id, labels }
        }
        const id = await createContainerTx(tx, ctx, envId, spec)
        if (spec.networkMode === 'managed') {
          managed++
          lastManaged = { id, name, hostId }
        }
      }
    })
  }
  const elapsed = performance.now() - t0
  const ips = await ctx.db
    .selectFrom('ip_addresses as ip')
    .innerJoin('containers as c', 'c.id', 'ip.container_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('c.environment_id', '=', envId)
    .where('c.system', '=', 0)
    .executeTakeFirstOrThrow()
  if (Number(ips.n) !== managed) throw new Error(`seeded ${managed} managed containers but found ${ips.n} managed IPs`)
  // PostgreSQL plans the list join from table statistics; right after a bulk load they are
  // missing until autovacuum gets to them, and the first-page plan flips between ~5 and ~18 ms
  // depending on that timing. A database in service has statistics: gather them now.
  if (s.server.ctx.dialect === 'postgres') await sql`analyze`.execute(ctx.db)
  return { ms: elapsed, managed }
}

/** Sequential GETs of `path`: WARMUP_REQUESTS unmeasured, then LATENCY_REQUESTS measured. */
async function latency(http: HttpClient, path: string): Promise<number[]> {
  const samples: number[] = []
  for (let i = 0; i < WARMUP_REQUESTS + LATENCY_REQUESTS; i++) {
    const t0 = performance.now()
    const res = await http.request('GET', path)
    const elapsed = performance.now() - t0
    if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status}: ${res.body.slice(0, 300)}`)
    if (i >= WARMUP_REQUESTS) samples.push(elapsed)
  }
  return samples
}

function latencyRow(benchmark: string, dialect: Dialect, samples: number[], note: string): Row {
  const p = p95(samples)
  return {
    benchmark,
    database: dialect,
    figure: `median ${ms(median(samples))}, p95 ${ms(p)} (${note})`,
    target: `p95 < ${LATENCY_TARGET_MS} ms`,
    verdict: verdict(p < LATENCY_TARGET_MS),
  }
}

/** Follows nextCursor from the first page to the last; answers the last page's path. */
async function lastPage(http: HttpClient, base: string): Promise<{ path: string; pages: number; items: number }> {
  let path = base
  let pages = 0
  let total = 0
  for (;;) {
    const body = await http.json<{ items: unknown[]; nextCursor: string | null }>('GET', path, undefined, 200)
    pages++
    total += body.items.length
    if (!body.nextCursor) {
      if (total < CONTAINERS) throw new Error(`walked ${pages} pages but saw only ${total} containers`)
      return { path, pages, items: body.items.length }
    }
    path = `${base}&cursor=${encodeURIComponent(body.nextCursor)}`
  }
}

/**
 * The app startServer built is already ready(), so no route can be added to it. A twin is
 * built in this process with the same buildApp() on the same AppContext (same database
 * handle, hooks, serializers, error handler), the hello route is added before ready(), and
 * both routes are loaded on that one instance.
 */
async function throughput(s: BenchServer, dialect: Dialect, listPath: string): Promise<Row> {
  const twin = await buildApp(s.server.ctx, { logger: false })
  twin.get(HELLO_PATH, async () => ({ hello: 'world' }))
  await twin.ready()
  try {
    await twin.listen({ host: '127.0.0.1', port: 0 })
    const { port } = twin.server.address() as AddressInfo
    const base = `http://127.0.0.1:${port}`
    let pageBytes = 0
    for (const p of [listPath, HELLO_PATH]) {
      const res = await twin.inject({ method: 'GET', url: p, headers: s.http.headers })
      if (res.statusCode !== 200) throw new Error(`twin GET ${p}: HTTP ${res.statusCode}`)
      if (p === listPath) pageBytes = res.rawPayload.length
    }
    const list = await autocannon(base + listPath, CANNON)
    const hello = await autocannon(base + HELLO_PATH, CANNON)
    for (const [what, r] of [['containers', list], ['hello', hello]] as const) {
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`autocannon ${what}: ${r.non2xx} non-2xx, ${r.errors} errors of ${r.total}`)
    }
    const ratio = list.rps / hello.rps
    return {
      benchmark: CONTAINER_ROWS.throughput,
      database: dialect,
      figure: `${int(list.rps)} vs ${int(hello.rps)} req/s = ${(ratio * 100).toFixed(1)}% (page ${int(pageBytes / 1024)} KB)`,
      target: `>= ${RATIO_TARGET * 100}%`,
      verdict: verdict(ratio >= RATIO_TARGET),
    }
  } finally {
    await twin.close()
  }
}
