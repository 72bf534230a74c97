/**
 * The connectivity check with real UDP sockets on loopback: each "host" binds 127.0.0.1 on its
 * own ephemeral port (port 0, so concurrent test runs never share one). Short intervals and
 * windows keep the whole file around two seconds.
 */
import dgram from 'node:dgram'
import { afterEach, describe, expect, it } from 'vitest'
import { HeartbeatCheck, type PeerView } from './heartbeat.ts'

const INTERVAL = 20
// Wide enough that a busy shared machine stalling the event loop does not flap a direction.
const WINDOW = 250
const LOOPBACK = '127.0.0.1'

const open: Array<{ close(): unknown }> = []
afterEach(async () => {
  for (const c of open.splice(0)) await c.close()
})

/** A port free right now: only for the bind-retry test, which must know the port before binding. */
async function freePort(): Promise<number> {
  const s = dgram.createSocket('udp4')
  await new Promise<void>((r) => s.bind(0, LOOPBACK, () => r()))
  const { port } = s.address()
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

async function rawSocket(): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4')
  await new Promise<void>((r) => s.bind(0, LOOPBACK, () => r()))
  open.push({ close: () => new Promise<void>((r) => s.close(() => r())) })
  return s
}

async function waitFor(what: string, cond: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

interface Host {
  id: string
  port: number
  check: HeartbeatCheck
}

/** Starts fully meshed hosts; `drop` holds the peers each host currently fails to send to. */
async function mesh(ids: string[], drop: Record<string, Set<string>> = {}): Promise<Host[]> {
  const hosts: Host[] = []
  for (const id of ids) {
    const check = new HeartbeatCheck({
      hostId: id,
      bindAddress: LOOPBACK,
      port: 0,
      intervalMs: INTERVAL,
      windowMs: WINDOW,
      filter: (peer) => !drop[id]?.has(peer),
    })
    open.push(check)
    await check.start()
    hosts.push({ id, port: check.localPort!, check })
  }
  for (const h of hosts) h.check.setPeers(hosts.map((p) => ({ hostId: p.id, address: LOOPBACK, port: p.port })))
  return hosts
}

const viewOf = (h: Host, peer: string): PeerView => {
  const v = h.check.results().find((r) => r.peerHostId === peer)
  if (!v) throw new Error(`${h.id} has no view of ${peer}`)
  return v
}
const allOk = (hosts: Host[]) =>
  hosts.every((h) => h.check.results().every((v) => v.inbound.ok && v.outbound.ok))

describe('HeartbeatCheck', () => {
  it('sees both directions up between every pair, with an RTT and the time of the last success', async () => {
    const hosts = await mesh(['a', 'b', 'c'])
    await waitFor('all directions ok', () => allOk(hosts))

    for (const h of hosts) {
      const views = h.check.results()
      // One view per peer, never one of itself.
      expect(views.map((v) => v.peerHostId)).toEqual(['a', 'b', 'c'].filter((id) => id !== h.id))
      for (const v of views) {
        for (const d of [v.inbound, v.outbound]) {
          expect(d.error).toBeNull()
          expect(d.rttMs).not.toBeNull()
          expect(d.rttMs!).toBeGreaterThanOrEqual(0)
          expect(d.rttMs!).toBeLessThan(WINDOW)
          expect(Date.now() - Date.parse(d.lastSuccessAt!)).toBeLessThan(1000)
        }
      }
    }
  })

  it('shows a one-way drop in exactly that direction from both hosts, and recovers when it ends', async () => {
    const drop: Record<string, Set<string>> = { a: new Set() }
    const [a, b, c] = await mesh(['a', 'b', 'c'], drop)
    await waitFor('all directions ok', () => allOk([a, b, c]))
    const dropAt = Date.now()
    drop.a.add('b')
    await waitFor('a→b failing on both sides', () => !viewOf(a, 'b').outbound.ok && !viewOf(b, 'a').inbound.ok)

    // The sender learns it from b's echoes, which still arrive.
    const aSeesB = viewOf(a, 'b')
    expect(aSeesB.outbound).toMatchObject({ ok: false, rttMs: null })
    // The last success is the last heartbeat b heard, sent before the drop began.
    expect(Date.parse(aSeesB.outbound.lastSuccessAt!)).toBeLessThanOrEqual(dropAt)
    expect(Date.parse(aSeesB.outbound.lastSuccessAt!)).toBeGreaterThanOrEqual(dropAt - WINDOW - 1)
    expect(aSeesB.outbound.error).toMatch(/^127\.0\.0\.1 has not heard this host for \d+\.\d s \(its own heartbeats still arrive\)$/)
    expect(aSeesB.inbound).toMatchObject({ ok: true, error: null })
    // The receiver hears nothing from a, so it cannot tell whether a hears it.
    const bSeesA = viewOf(b, 'a')
    expect(bSeesA.inbound.ok).toBe(false)
    expect(bSeesA.inbound.error).toMatch(/^no heartbeat from 127\.0\.0\.1 for \d+\.\d s through the overlay$/)
    expect(bSeesA.outbound).toMatchObject({
      ok: false,
      error: 'unknown: no heartbeat comes back from 127.0.0.1, so whether it hears this host cannot be told',
    })
    // Every other direction is untouched.
    for (const [h, peer] of [[a, 'c'], [b, 'c'], [c, 'a'], [c, 'b']] as const) {
      const v = viewOf(h, peer)
      expect([h.id, peer, v.inbound.ok, v.outbound.ok]).toEqual([h.id, peer, true, true])
    }

    const undropAt = Date.now()
    drop.a.delete('b')
    await waitFor('recovery', () => allOk([a, b, c]))
    expect(Date.parse(viewOf(a, 'b').outbound.lastSuccessAt!)).toBeGreaterThanOrEqual(undropAt)
  })

  it('forgets removed peers and no longer heeds or heartbeats them', async () => {
    const [a, b, c] = await mesh(['a', 'b', 'c'])
    await waitFor('all directions ok', () => allOk([a, b, c]))

    a.check.setPeers([{ hostId: 'b', address: LOOPBACK, port: b.port }])
    expect(a.check.results().map((v) => v.peerHostId)).toEqual(['b'])
    // c still sends to a, but an unknown sender is ignored; a stops sending to c.
    await waitFor('c no longer hearing a', () => !viewOf(c, 'a').inbound.ok)
    expect(a.check.results().map((v) => v.peerHostId)).toEqual(['b'])
    expect(viewOf(a, 'b').outbound.ok).toBe(true)

    // Added back, c starts from nothing rather than from its old successes.
    a.check.setPeers([
      { hostId: 'b', address: LOOPBACK, port: b.port },
      { hostId: 'c', address: LOOPBACK, port: c.port },
    ])
    expect(viewOf(a, 'c').inbound.lastSuccessAt).toBeNull()
    await waitFor('a and c ok again', () => viewOf(a, 'c').outbound.ok && viewOf(c, 'a').inbound.ok)
  })

  it('ignores malformed packets and packets from hosts it does not know', async () => {
    const [a] = await mesh(['a'])
    const fakeB = await rawSocket()
    a.check.setPeers([{ hostId: 'b', address: LOOPBACK, port: fakeB.address().port }])
    const send = (body: string) => fakeB.send(body, a.port, LOOPBACK)
    const bad = [
      'not json',
      '[]',
      JSON.stringify({ from: 'b', seq: 'one', ts: Date.now(), heard: {} }),
      JSON.stringify({ from: 'b', seq: 1, ts: 'now', heard: {} }),
      JSON.stringify({ from: 'b', seq: 1, ts: Date.now(), heard: { a: { seq: 1, echoTs: 'x', hold: 0 } } }),
      JSON.stringify({ from: 'b', seq: -1, ts: Date.now(), heard: {} }),
      JSON.stringify({ from: 'zed', seq: 1, ts: Date.now(), heard: {} }),
    ]
    const spam = setInterval(() => bad.forEach(send), INTERVAL)
    await new Promise((r) => setTimeout(r, WINDOW * 2))
    clearInterval(spam)

    expect(a.check.results().map((v) => [v.peerHostId, v.inbound.ok])).toEqual([['b', false]])
    expect(viewOf(a, 'b').inbound.error).toMatch(/^no heartbeat from 127\.0\.0\.1 through the overlay yet \(waiting 0\.\d s\)$/)
    // The same channel carries a well-formed heartbeat, so the packets above were refused, not lost.
    send(JSON.stringify({ from: 'b', seq: 1, ts: Date.now(), heard: {} }))
    await waitFor('a valid heartbeat heard', () => viewOf(a, 'b').inbound.ok)
    expect(viewOf(a, 'b').outbound.error).toBe('127.0.0.1 has heard no heartbeat from this host (its latest heartbeat echoes none)')
  })

  it('computes RTT as now − echoTs − hold and words silence in seconds', async () => {
    let clock = 1_700_000_000_000
    const a = new HeartbeatCheck({ hostId: 'a', bindAddress: LOOPBACK, port: 0, intervalMs: INTERVAL, windowMs: 1000, now: () => clock })
    open.push(a)
    await a.start()
    const port = a.localPort!
    const b = await rawSocket()
    const fromA: Array<{ seq: number; ts: number }> = []
    b.on('message', (m) => fromA.push(JSON.parse(m.toString())))
    a.setPeers([{ hostId: 'b', address: LOOPBACK, port: b.address().port }])
    await waitFor('a heartbeat from a', () => fromA.length > 0)
    const first = fromA[0]

    // b answers 42.5 ms (a's clock) after a sent, having held a's heartbeat for 40 ms.
    clock = first.ts + 42.5
    b.send(JSON.stringify({ from: 'b', seq: 7, ts: 5, heard: { a: { seq: first.seq, echoTs: first.ts, hold: 40 } } }), port, LOOPBACK)
    await waitFor('the echo heard', () => viewOf({ id: 'a', port, check: a }, 'b').outbound.ok)
    const up = a.results()[0]
    // Outbound last succeeded when the heartbeat b echoes was sent; inbound when b's arrived.
    expect(up.outbound).toEqual({ ok: true, rttMs: 2.5, lastSuccessAt: new Date(first.ts).toISOString(), error: null })
    expect(up.inbound).toEqual({ ok: true, rttMs: 2.5, lastSuccessAt: new Date(first.ts + 42.5).toISOString(), error: null })

    // 0.9 s later b's heartbeat is still the latest and still fresh: b heard a when it sent it,
    // so outbound stays ok until b's heartbeats stop (then it is unknown) or say otherwise
    clock += 900
    expect(a.results()[0]!.outbound.ok).toBe(true)
    // a heartbeat of b saying it has held a's last one for 1.5 s: b no longer hears a
    b.send(JSON.stringify({ from: 'b', seq: 8, ts: 6, heard: { a: { seq: first.seq, echoTs: first.ts, hold: 1500 } } }), port, LOOPBACK)
    await waitFor('the stale echo heard', () => !viewOf({ id: 'a', port, check: a }, 'b').outbound.ok)
    expect(a.results()[0]!.outbound.error).toMatch(/^127\.0\.0\.1 has not heard this host for/)

    clock += 2300
    const down = a.results()[0]
    expect(down.inbound).toEqual({
      ok: false,
      rttMs: null,
      lastSuccessAt: new Date(first.ts + 942.5).toISOString(),
      error: 'no heartbeat from 127.0.0.1 for 2.3 s through the overlay',
    })
    expect(down.outbound.error).toBe('unknown: no heartbeat comes back from 127.0.0.1, so whether it hears this host cannot be told')
  })

  it('keeps retrying the bind until the address is free, then starts heartbeating', async () => {
    const [b] = await mesh(['b'])
    const port = await freePort()
    const blocker = dgram.createSocket('udp4')
    await new Promise<void>((r) => blocker.bind(port, LOOPBACK, () => r()))
    let blockerOpen = true
    open.push({ close: () => blockerOpen && new Promise<void>((r) => blocker.close(() => r())) })

    const a = new HeartbeatCheck({ hostId: 'a', bindAddress: LOOPBACK, port, intervalMs: INTERVAL, windowMs: WINDOW, bindRetryMs: 50 })
    open.push(a)
    a.setPeers([{ hostId: 'b', address: LOOPBACK, port: b.port }])
    b.check.setPeers([{ hostId: 'a', address: LOOPBACK, port }])
    await a.start() // resolves without waiting for the address
    expect(a.results()[0].outbound.error).toBe(`cannot bind UDP 127.0.0.1:${port} (EADDRINUSE); retrying every 50 ms`)

    // The usual case on a host: the router address appears only once the bridge is set up.
    const early = new HeartbeatCheck({ hostId: 'a', bindAddress: '203.0.113.77', port, bindRetryMs: 50 })
    open.push(early)
    await early.start()
    expect(early.results()).toEqual([])
    early.setPeers([{ hostId: 'b', address: LOOPBACK, port: b.port }])
    expect(early.results()[0].inbound.error).toBe(
      `cannot bind UDP 203.0.113.77:${port} (EADDRNOTAVAIL: the address is not on this host yet); retrying every 50 ms`,
    )

    blockerOpen = false
    await new Promise<void>((r) => blocker.close(() => r()))
    await waitFor('a bound and heard both ways', () => viewOf({ id: 'a', port, check: a }, 'b').outbound.ok && viewOf(b, 'a').inbound.ok)
  })
})
