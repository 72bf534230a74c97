import http from 'node:http'
import type { Dialect } from '../server/db/database.ts'
import type { Row } from './lib/row.ts'
import { startBenchServer, templateId, type BenchServer } from './lib/server.ts'
import { median, ms, p95 } from './lib/stats.ts'

const CLIENTS = 100
const CHANGES = 20
const WARMUP_CHANGES = 2
/** How long one change may take to reach every client before the run is called broken. */
const DELIVERY_TIMEOUT_MS = 5_000

export const SSE_ROW = `SSE fan-out to ${CLIENTS} clients (${CHANGES} changes)`

type Log = (msg: string) => void

/** One open `GET /events?environmentId=` stream; records when each environment revision arrived. */
class SseClient {
  /** revision of the environment → performance.now() when its `updated` event arrived */
  readonly seen = new Map<number, number>()
  private req: http.ClientRequest | null = null
  private buffer = ''

  constructor(private readonly envId: string) {}

  open(baseUrl: string, authorization: string): Promise<void> {
    return new Promise((resolve, reject) => {
      // agent: false — each stream its own socket, as 100 browser tabs would have
      const req = http.get(new URL(`/api/v1/events?environmentId=${this.envId}`, baseUrl), { agent: false, headers: { authorization, accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`GET /events: HTTP ${res.statusCode}`))
        res.setEncoding('utf8')
        let connected = false
        res.on('data', (chunk: string) => {
          const at = performance.now()
          this.buffer += chunk
          let end: number
          while ((end = this.buffer.indexOf('\n\n')) >= 0) {
            const frame = this.buffer.slice(0, end)
            this.buffer = this.buffer.slice(end + 2)
            if (!connected && frame.includes(': connected')) {
              connected = true
              resolve()
            }
            this.onFrame(frame, at)
          }
        })
        res.on('error', () => {})
      })
      req.on('error', reject)
      this.req = req
    })
  }

  private onFrame(frame: string, at: number) {
    const data = frame.split('\n').find((l) => l.startsWith('data: '))
    if (!data) return
    const e = JSON.parse(data.slice(6)) as { kind: string; action: string; id: string; revision: number }
    if (e.kind === 'environment' && e.action === 'updated' && e.id === this.envId && !this.seen.has(e.revision)) this.seen.set(e.revision, at)
  }

  close() {
    this.req?.destroy()
  }
}

/**
 * SSE fan-out: CLIENTS open event streams of one environment on the real server, then the
 * environment's description is changed CHANGES times (one at a time, after WARMUP_CHANGES
 * unmeasured ones); for every client, the time from the PATCH being sent to that client's
 * `environment updated` event. Measured from the send, not from the PATCH's answer: the bus
 * publishes on commit, before the route answers, so most events arrive before the answer and
 * "after the answer" would read 0. No target in DESIGN.md: `info`.
 */
export async function benchSse(dialect: Dialect, log: Log): Promise<Row[]> {
  const s = await startBenchServer(dialect)
  const clients: SseClient[] = []
  try {
    const envId = await createEnvironment(s)
    const authorization = s.http.headers.authorization
    log(`${dialect}: opening ${CLIENTS} event streams`)
    for (let i = 0; i < CLIENTS; i++) clients.push(new SseClient(envId))
    await Promise.all(clients.map((c) => c.open(s.baseUrl, authorization)))

    const samples: number[] = []
    const writes: number[] = []
    let late = 0
    for (let i = 0; i < WARMUP_CHANGES + CHANGES; i++) {
      const sent = performance.now()
      const env = await s.http.json<{ revision: number }>('PATCH', `/api/v1/environments/${envId}`, { description: `bench change ${i}` }, 200)
      const answered = performance.now()
      const deadline = Date.now() + DELIVERY_TIMEOUT_MS
      while (clients.some((c) => !c.seen.has(env.revision))) {
        if (Date.now() > deadline) {
          const missing = clients.filter((c) => !c.seen.has(env.revision)).length
          throw new Error(`revision ${env.revision}: ${missing} of ${CLIENTS} clients got no event in ${DELIVERY_TIMEOUT_MS} ms`)
        }
        await new Promise((r) => setImmediate(r))
      }
      if (i < WARMUP_CHANGES) continue
      writes.push(answered - sent)
      for (const c of clients) {
        const at = c.seen.get(env.revision)!
        // the bus publishes on commit, before the route answers, so most events beat the answer
        if (at > answered) late++
        samples.push(at - sent)
      }
    }
    return [
      {
        benchmark: SSE_ROW,
        database: dialect,
        figure: `write sent → event at each client: median ${ms(median(samples))}, p95 ${ms(p95(samples))}, max ${ms(Math.max(...samples))} (the PATCH itself: median ${ms(median(writes))}; ${late} of ${samples.length} events came after its answer)`,
        target: '—',
        verdict: 'info',
      },
    ]
  } finally {
    for (const c of clients) c.close()
    await s.close()
  }
}

async function createEnvironment(s: BenchServer): Promise<string> {
  const tpl = await templateId(s.http, 'Cattle')
  const env = await s.http.json<{ id: string }>('POST', '/api/v1/environments', { name: 'bench-sse', environmentTemplateId: tpl }, 201)
  return env.id
}
