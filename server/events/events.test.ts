import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChangeEvent } from '../../core/api/events.ts'
import { DIALECTS } from '../testing/test-db.ts'
import { startTestServer, type TestServer } from '../testing/test-app.ts'

const API = '/api/v1'

interface Frame {
  id: string | null
  event: string | null
  data: ChangeEvent
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A Server-Sent Events client over fetch that collects `event: change` frames. */
class SseClient {
  frames: Frame[] = []
  comments: string[] = []
  closed = false
  private buffer = ''

  private constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {
    void this.pump()
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const abort = new AbortController()
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal })
    return new SseClient(response, abort)
  }

  private async pump() {
    const reader = this.response.body!.getReader()
    const decoder = new TextDecoder()
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        this.buffer += decoder.decode(value, { stream: true })
        let end: number
        while ((end = this.buffer.indexOf('\n\n')) >= 0) {
          this.parse(this.buffer.slice(0, end))
          this.buffer = this.buffer.slice(end + 2)
        }
      }
    } catch {
      // aborted
    } finally {
      this.closed = true
    }
  }

  private parse(block: string) {
    let id: string | null = null
    let event: string | null = null
    const data: string[] = []
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim())
      else if (line.startsWith('id: ')) id = line.slice(4)
      else if (line.startsWith('event: ')) event = line.slice(7)
      else if (line.startsWith('data: ')) data.push(line.slice(6))
    }
    if (data.length > 0) this.frames.push({ id, event, data: ChangeEvent.parse(JSON.parse(data.join('\n'))) })
  }

  /** Waits until `done(frames)` holds (or fails after `ms`). */
  async until(done: (frames: Frame[]) => boolean, ms = 3000): Promise<Frame[]> {
    const deadline = Date.now() + ms
    while (!done(this.frames)) {
      if (Date.now() > deadline) throw new Error(`timed out; got ${this.frames.length} frames: ${JSON.stringify(this.frames.map((f) => f.data).slice(-5))}`)
      if (this.closed) throw new Error('stream closed')
      await sleep(5)
    }
    return this.frames
  }

  async close() {
    this.abort.abort()
    await this.until(() => this.closed).catch(() => {})
  }
}

describe.each(DIALECTS)('events on %s', (dialect) => {
  let t: TestServer
  let base: string
  let envA: string
  let envB: string
  const streams: SseClient[] = []

  const open = async (query: string, headers: Record<string, string> = {}) => {
    const s = await SseClient.open(`${base}${API}/events${query}`, { ...t.authHeaders, ...headers })
    streams.push(s)
    return s
  }
  const addHost = async (envId: string) => {
    const res = await t.request({ method: 'POST', url: `${API}/environments/${envId}/hosts`, payload: {} })
    expect(res.status).toBe(201)
    return res.json.id as string
  }
  const dbSeqs = async (envId: string, after = 0) =>
    (await t.server.ctx.db.selectFrom('events').select('seq').where('environment_id', '=', envId).where('seq', '>', after).orderBy('seq').execute()).map((r) => Number(r.seq))
  const hostCreated = (envId: string, hostId: string) => (frames: Frame[]) =>
    frames.some((f) => f.data.kind === 'host' && f.data.action === 'created' && f.data.id === hostId && f.data.environmentId === envId)

  beforeAll(async () => {
    t = await startTestServer(dialect, { labIntervalMs: 60_000 })
    await t.server.app.listen({ port: 0, host: '127.0.0.1' })
    base = `http://127.0.0.1:${(t.server.app.server.address() as AddressInfo).port}`
    const templates = (await t.request({ method: 'GET', url: `${API}/templates` })).json.items
    const tpl = templates.find((x: { name: string }) => x.name === 'Cattle').id
    envA = (await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'alpha', environmentTemplateId: tpl } })).json.id
    envB = (await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'beta', environmentTemplateId: tpl } })).json.id
  })
  afterAll(async () => {
    for (const s of streams) await s.close()
    await t?.close()
  })

  let lastSeq = 0

  it('streams change events of one environment with increasing seq ids', async () => {
    const listeners = t.server.ctx.bus.size
    const s = await open(`?environmentId=${envA}`)
    const all = await open('')
    expect(s.response.status).toBe(200)
    expect(s.response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    await s.until(() => t.server.ctx.bus.size === listeners + 2)

    const hostB = await addHost(envB)
    const hostA = await addHost(envA)
    await s.until(hostCreated(envA, hostA))
    await all.until(hostCreated(envA, hostA))
    expect(hostCreated(envB, hostB)(all.frames)).toBe(true)

    const frame = s.frames.find((f) => f.data.kind === 'host' && f.data.id === hostA)!
    expect(frame.event).toBe('change')
    expect(frame.data).toMatchObject({ kind: 'host', action: 'created', environmentId: envA, revision: 1 })
    expect(Number.isNaN(Date.parse(frame.data.at))).toBe(false)
    // the host brought the environment up: its update and the host's containers arrive too
    expect(s.frames.some((f) => f.data.kind === 'environment' && f.data.action === 'updated' && f.data.id === envA)).toBe(true)
    expect(s.frames.some((f) => f.data.kind === 'container' && f.data.action === 'created')).toBe(true)

    for (const f of s.frames) {
      expect(f.event).toBe('change')
      expect(f.id).toBe(String(f.data.seq))
      expect([envA, null]).toContain(f.data.environmentId)
    }
    const seqs = s.frames.map((f) => f.data.seq)
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1])
    // nothing of environment B on the filtered stream; both on the unfiltered one
    expect(s.frames.some((f) => f.data.environmentId === envB)).toBe(false)
    expect(all.frames.some((f) => f.data.environmentId === envB)).toBe(true)

    // everything committed for A so far reached the stream, in order
    const expected = await dbSeqs(envA, seqs[0] - 1)
    await s.until((frames) => frames.length >= expected.length)
    expect(s.frames.map((f) => f.data.seq)).toEqual(expected)
    lastSeq = expected[expected.length - 1]

    await s.close()
    await all.close()
    // the server dropped both subscriptions
    const deadline = Date.now() + 2000
    while (t.server.ctx.bus.size !== listeners && Date.now() < deadline) await sleep(5)
    expect(t.server.ctx.bus.size).toBe(listeners)
  })

  it('replays what was missed after Last-Event-ID, then continues live', async () => {
    expect(lastSeq).toBeGreaterThan(0)
    // changes while no client listens
    const missedHost = await addHost(envA)
    await addHost(envB)
    const renamed = await t.request({ method: 'PATCH', url: `${API}/environments/${envA}`, payload: { name: 'alpha-2' } })
    expect(renamed.status).toBe(200)
    await t.server.lab!.tickAll()
    const missed = await dbSeqs(envA, lastSeq)
    expect(missed.length).toBeGreaterThan(3)

    const s = await open(`?environmentId=${envA}`, { 'last-event-id': String(lastSeq) })
    await s.until((frames) => frames.length >= missed.length)
    const replayed = s.frames.map((f) => f.data.seq)
    expect(replayed).toEqual(missed)
    expect(hostCreated(envA, missedHost)(s.frames)).toBe(true)
    expect(s.frames.some((f) => f.data.kind === 'environment' && f.data.action === 'updated' && f.data.revision === renamed.json.revision)).toBe(true)
    expect(s.frames.some((f) => f.data.environmentId === envB)).toBe(false)
    for (const f of s.frames) expect(f.id).toBe(String(f.data.seq))

    // live events follow the replay, without gaps or repeats
    const liveHost = await addHost(envA)
    await s.until(hostCreated(envA, liveHost))
    const seqs = s.frames.map((f) => f.data.seq)
    expect(new Set(seqs).size).toBe(seqs.length)
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1])
    const live = await dbSeqs(envA, lastSeq)
    await s.until((frames) => frames.length >= live.length)
    expect(s.frames.map((f) => f.data.seq)).toEqual(live)
    await s.close()
  })

  it('sends nothing old without Last-Event-ID and ignores a malformed one', async () => {
    for (const headers of [{}, { 'last-event-id': 'garbage' }, { 'last-event-id': '-5' }] as Record<string, string>[]) {
      const s = await open(`?environmentId=${envA}`, headers)
      await s.until(() => s.comments.includes('connected'))
      await sleep(50)
      expect(s.frames).toEqual([])
      await s.close()
    }
    const bad = await fetch(`${base}${API}/events?environmentId=${'x'.repeat(100)}`, { headers: t.authHeaders })
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.code).toBe('VALIDATION_FAILED')
  })
})
