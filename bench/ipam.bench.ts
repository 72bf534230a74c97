import type { Dialect } from '../server/db/database.ts'
import { inTransaction } from '../server/db/tx.ts'
import { AppError } from '../server/errors.ts'
import { createContainerTx } from '../server/modules/containers/containers.service.ts'
import { verdict, type Row } from './lib/row.ts'
import { startBenchServer, templateId, type BenchServer } from './lib/server.ts'
import { int, median, ms } from './lib/stats.ts'

/** 10.42.0.2 … 10.42.255.250: the Cattle template's /16 minus network, gateway and the last five. */
export const FILL_SIZE = 65_529
const BATCH = 500
const WARMUP = 2_000
const RATIO_TARGET = 1.5
export const CONCURRENT = 200

export const IPAM_ROWS = {
  fill: `IPAM fill of 10.42.0.0/16 (${int(FILL_SIZE)} containers, service layer)`,
  ratio: 'IPAM last 1% / first 1% per-allocation cost',
  concurrent: `concurrent launches (${CONCURRENT} POST …/containers, HTTP)`,
}

type Log = (msg: string) => void

/**
 * IPAM under the DESIGN.md targets:
 * - fill every allocatable address of a /16 with managed containers through the container
 *   service (createContainerTx: mode resolution, container row, allocation), in transactions
 *   of BATCH, timing each allocation; the ratio compares the mean cost of the last 1% with the
 *   first 1% (target ≤ 1.5: the next-fit cursor means no scan of used addresses). A warm-up
 *   environment is filled first so that JIT warm-up does not flatter the ratio. The 65,530th
 *   allocation must fail with SUBNET_EXHAUSTED.
 * - 200 concurrent `POST …/containers` over HTTP: every one succeeds and no address is
 *   given twice (the database's unique (subnet, address) row decides).
 */
export async function benchIpam(dialect: Dialect, log: Log): Promise<Row[]> {
  const s = await startBenchServer(dialect)
  try {
    const tpl = await templateId(s.http, 'Cattle')
    const env = (name: string) => s.http.json<{ id: string }>('POST', '/api/v1/environments', { name, environmentTemplateId: tpl }, 201)

    log(`${dialect}: IPAM warm-up (${int(WARMUP)} allocations)`)
    await fill(s, (await env('ipam-warmup')).id, WARMUP)

    log(`${dialect}: filling ${int(FILL_SIZE)} addresses`)
    const envId = (await env('ipam-fill')).id
    const t0 = performance.now()
    const costs = await fill(s, envId, FILL_SIZE)
    const totalMs = performance.now() - t0
    await expectExhausted(s, envId)

    const bucket = Math.ceil(FILL_SIZE / 100)
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    const first = costs.slice(0, bucket)
    const last = costs.slice(-bucket)
    const ratio = mean(last) / mean(first)

    log(`${dialect}: ${CONCURRENT} concurrent launches`)
    const concurrent = await concurrentLaunches(s, (await env('ipam-concurrent')).id)

    return [
      {
        benchmark: IPAM_ROWS.fill,
        database: dialect,
        figure: `${(totalMs / 1000).toFixed(1)} s (${int(FILL_SIZE / (totalMs / 1000))}/s), then SUBNET_EXHAUSTED`,
        target: '—',
        verdict: 'info',
      },
      {
        benchmark: IPAM_ROWS.ratio,
        database: dialect,
        figure: `${ratio.toFixed(2)}× (mean ${ms(mean(first))} → ${ms(mean(last))}; median ${ms(median(first))} → ${ms(median(last))})`,
        target: `<= ${RATIO_TARGET}×`,
        verdict: verdict(ratio <= RATIO_TARGET),
      },
      {
        benchmark: IPAM_ROWS.concurrent,
        database: dialect,
        figure: `${concurrent.ok} created in ${(concurrent.ms / 1000).toFixed(1)} s, ${concurrent.duplicates} duplicate addresses`,
        target: '0 duplicates',
        verdict: verdict(concurrent.duplicates === 0 && concurrent.ok === CONCURRENT),
      },
    ]
  } finally {
    await s.close()
  }
}

/** Creates `count` managed containers on no host (the allocation does not need one); answers each allocation's cost in ms. */
async function fill(s: BenchServer, envId: string, count: number): Promise<number[]> {
  const { ctx } = s.server
  const costs: number[] = []
  for (let start = 0; start < count; start += BATCH) {
    await inTransaction(ctx.db, ctx.bus, async (tx) => {
      for (let i = start; i < Math.min(start + BATCH, count); i++) {
        const t0 = performance.now()
        await createContainerTx(tx, ctx, envId, { name: `fill-${i}`, image: 'busybox', hostId: null, networkMode: 'managed' })
        costs.push(performance.now() - t0)
      }
    })
  }
  return costs
}

async function expectExhausted(s: BenchServer, envId: string): Promise<void> {
  const { ctx } = s.server
  try {
    await inTransaction(ctx.db, ctx.bus, (tx) => createContainerTx(tx, ctx, envId, { name: 'one-too-many', image: 'busybox', hostId: null, networkMode: 'managed' }))
  } catch (err) {
    if (err instanceof AppError && err.code === 'SUBNET_EXHAUSTED') return
    throw err
  }
  throw new Error(`allocation ${FILL_SIZE + 1} succeeded: the subnet has more addresses than the design says`)
}

async function concurrentLaunches(s: BenchServer, envId: string): Promise<{ ok: number; duplicates: number; ms: number }> {
  // one active host for the scheduler (registration makes it active)
  await s.http.json('POST', '/api/v1/agent/register', { environmentId: envId, name: 'ipam-host', agentIp: '192.168.60.10' }, 201)
  const t0 = performance.now()
  const results = await Promise.all(
    Array.from({ length: CONCURRENT }, (_, i) =>
      s.http.request('POST', `/api/v1/environments/${envId}/containers`, { name: `c-${i}`, image: 'busybox', networkMode: 'managed' }),
    ),
  )
  const elapsed = performance.now() - t0
  const failed = results.filter((r) => r.status !== 201)
  if (failed.length > 0) throw new Error(`${failed.length} launches failed, e.g. HTTP ${failed[0].status}: ${failed[0].body.slice(0, 300)}`)
  // what the clients were told, and what the database holds: both must be duplicate-free
  const answered = results.map((r) => (JSON.parse(r.body) as { managedIp: string | null }).managedIp)
  if (answered.some((ip) => !ip)) throw new Error('a managed launch answered without a managed IP')
  const rows = await s.server.ctx.db.selectFrom('ip_addresses').select(['address']).where('environment_id', '=', envId).where('role', '=', 'primary').execute()
  const duplicates = answered.length - new Set(answered).size + (rows.length - new Set(rows.map((r) => r.address)).size)
  return { ok: results.length, duplicates, ms: elapsed }
}
