import type { Dialect } from '../server/db/database.ts'
import { startBenchServer, templateId } from './lib/server.ts'
import { median, ms, p95 } from './lib/stats.ts'
import type { Row } from './lib/row.ts'

export const ENV_COUNT = 20
export const ENV_ROW = `environment create (Cattle, N=${ENV_COUNT}, HTTP)`

/**
 * Environment creation over HTTP: N sequential `POST /api/v1/environments` from the Cattle
 * template on a fresh database (one unmeasured warm-up creation first).
 */
export async function benchEnvironmentCreate(dialect: Dialect, log: (msg: string) => void): Promise<Row[]> {
  const s = await startBenchServer(dialect)
  try {
    const tpl = await templateId(s.http, 'Cattle')
    const create = (name: string) => s.http.json('POST', '/api/v1/environments', { name, environmentTemplateId: tpl }, 201)
    await create('bench-warmup')
    log(`${dialect}: creating ${ENV_COUNT} environments`)
    const samples: number[] = []
    for (let i = 0; i < ENV_COUNT; i++) {
      const t0 = performance.now()
      await create(`bench-env-${i}`)
      samples.push(performance.now() - t0)
    }
    return [
      {
        benchmark: ENV_ROW,
        database: dialect,
        figure: `median ${ms(median(samples))}, p95 ${ms(p95(samples))}`,
        target: '—',
        verdict: 'info',
      },
    ]
  } finally {
    await s.close()
  }
}
