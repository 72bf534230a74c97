// The pair checks read each host's peer results and port checks in place (peer-results.ts)
// instead of copying them. These tests hold them to what an operator expects from a report —
// the latest entry per peer, direction and port decides — and to a plain reading of every
// entry (the way the engine read reports before) on scrambled, junk-filled reports.
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runChecks } from './findings.ts'
import { read, type Model } from './model.ts'
import { blockedPortChecks, failingPeerResults, PairScratch, readPeerResult, readPortCheck } from './peer-results.ts'
import type { DiagnosticsSnapshot, SnapshotPeerResult, SnapshotPortCheck } from './snapshot.ts'
import { syntheticSnapshot } from './synthetic.ts'

interface Fixture {
  now: string
  snapshot: DiagnosticsSnapshot
}
const load = (): Fixture => JSON.parse(fs.readFileSync(new URL('./__fixtures__/healthy.json', import.meta.url), 'utf8')) as Fixture
const host = (f: Fixture, id: string) => f.snapshot.hosts.find((h) => h.id === id)!
const pairs = (f: Fixture) => runChecks(f.snapshot, new Date(f.now)).map((x) => `${x.checkId} ${x.subject.name}${x.subject.peerName ? ` → ${x.subject.peerName}` : ''}`)

const failing = (error: string) => ({ ok: false, rttMs: null, lastSuccessAt: null, error })

describe('the latest report entry decides', () => {
  it('a failure reported after an ok result for the same peer and direction shows; an ok after it clears it', () => {
    const f = load()
    const peers = host(f, 'hst-2').report!.peers
    peers.push({ peerHostId: 'hst-3', direction: 'outbound', ...failing('timeout') })
    expect(pairs(f)).toEqual(['peer.unreachable host-2 → host-3'])
    peers.push({ peerHostId: 'hst-3', direction: 'outbound', ok: true, rttMs: 0.5, lastSuccessAt: '2026-01-15T09:59:59.000Z', error: null })
    expect(pairs(f)).toEqual([])
  })

  it('the other direction of the same peer is a different result', () => {
    const f = load()
    host(f, 'hst-2').report!.peers.push({ peerHostId: 'hst-3', direction: 'inbound', ...failing('timeout') })
    // host-2 saw host-3 → host-2 fail: the finding is stated in the direction traffic flows
    expect(pairs(f)).toEqual(['peer.unreachable host-3 → host-2'])
  })

  it('a port blocked and later open is open; another port blocked stays blocked', () => {
    const f = load()
    const ports = host(f, 'hst-1').report!.ports
    ports.push({ peerHostId: 'hst-2', port: 4500, protocol: 'udp', open: false }, { peerHostId: 'hst-2', port: 4500, protocol: 'udp', open: true })
    expect(pairs(f)).toEqual([])
    ports.push({ peerHostId: 'hst-2', port: 500, protocol: 'udp', open: false })
    const [finding] = runChecks(f.snapshot, new Date(f.now))
    expect(finding).toMatchObject({ checkId: 'port.tunnel-blocked', subject: { name: 'host-1', peerName: 'host-2' }, evidence: { blocked: ['udp/500'], open: ['udp/4500'] } })
  })

  it('results about unknown hosts, the reporting host itself or a disconnected peer say nothing', () => {
    const f = load()
    host(f, 'hst-3').state = 'disconnected'
    const report = host(f, 'hst-1').report!
    report.peers.push(
      { peerHostId: 'hst-gone', direction: 'outbound', ...failing('no route') },
      { peerHostId: 'hst-1', direction: 'outbound', ...failing('self') },
      { peerHostId: 'hst-3', direction: 'outbound', ...failing('peer down') },
    )
    report.ports.push({ peerHostId: 'hst-gone', port: 500, protocol: 'udp', open: false }, { peerHostId: 'hst-3', port: 500, protocol: 'udp', open: false })
    expect(pairs(f)).toEqual(['host.disconnected host-3'])
  })
})

// ---------------------------------------------------------------------------------------
// The plain reading: every entry copied, then a Map per (peer, direction) / (peer, port).

function plainFailing(m: Model, i: number): SnapshotPeerResult[] {
  const h = m.hosts[i]
  const latest = new Map<string, SnapshotPeerResult>()
  for (const raw of h.host.report?.peers ?? []) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) continue
    const p = readPeerResult(raw as Record<string, unknown>)
    if (p.peerHostId === h.host.id || m.hostById.get(p.peerHostId)?.live !== true) continue
    latest.set(`${p.peerHostId}\u0000${p.direction}`, p)
  }
  return [...latest.values()].filter((p) => !p.ok)
}

function plainBlocked(m: Model, i: number, wanted: Set<number>): Array<{ peer: number; checks: SnapshotPortCheck[] }> {
  const h = m.hosts[i]
  const byPeer = new Map<string, Map<string, SnapshotPortCheck>>()
  for (const raw of h.host.report?.ports ?? []) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) continue
    const p = readPortCheck(raw as Record<string, unknown>)
    if (p.peerHostId === h.host.id || m.hostById.get(p.peerHostId)?.live !== true) continue
    if (wanted.size > 0 && !wanted.has(p.port)) continue
    const ports = byPeer.get(p.peerHostId) ?? new Map<string, SnapshotPortCheck>()
    ports.set(`${p.protocol}/${p.port}`, p)
    byPeer.set(p.peerHostId, ports)
  }
  return [...byPeer]
    .map(([id, ports]) => ({ peer: m.hostIndex.get(id)!, checks: [...ports.values()] }))
    .filter((x) => x.checks.some((c) => !c.open))
}

/** A deterministic generator (LCG), so a failure names a reproducible case. */
function random(seed: number) {
  let s = seed
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648
  return { next, pick: <T,>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] }
}

/** Scrambles a synthetic snapshot's reports: junk, repeats, unknown and own ids, odd values, a duplicated host id. */
function scrambled(seed: number): DiagnosticsSnapshot {
  const r = random(seed)
  const s = syntheticSnapshot({ hosts: 40, faults: false })
  if (seed % 2 === 1) s.hosts.push({ ...structuredClone(s.hosts[5]), name: 'twin-of-6' })
  if (seed % 3 === 0) s.hosts[8].state = 'disconnected'
  const ids = [...s.hosts.map((h) => h.id), 'hst-unknown']
  for (const h of s.hosts) {
    const peers = h.report!.peers as unknown[]
    const ports = h.report!.ports as unknown[]
    for (let k = 0; k < 12; k++) {
      peers.splice(
        Math.floor(r.next() * (peers.length + 1)),
        0,
        r.pick([
          null,
          'x',
          [],
          { peerHostId: r.pick([...ids, h.id]), direction: r.pick(['outbound', 'inbound', 'sideways']), ok: r.pick([true, false, 'yes']), rttMs: r.pick([1, null]), lastSuccessAt: null, error: r.pick([null, 'boom']) },
          { peerHostId: 7, ok: false },
        ]),
      )
      ports.splice(
        Math.floor(r.next() * (ports.length + 1)),
        0,
        r.pick([null, { peerHostId: r.pick([...ids, h.id]), port: r.pick([500, 4500, 4789, '500']), protocol: r.pick(['udp', 'tcp', 'x']), open: r.pick([true, false, 1]) }]),
      )
    }
  }
  return s
}

describe('reading reports in place', () => {
  it('agrees with a plain reading of every entry, on scrambled reports', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const m = read(scrambled(seed), new Date('2026-01-15T10:00:00.000Z'))
      const scratch = new PairScratch(m)
      for (const wanted of [new Set([500, 4500]), new Set<number>()]) {
        for (let i = 0; i < m.hosts.length; i++) {
          expect(failingPeerResults(m, i, scratch), `seed ${seed}, ${m.hosts[i].host.name}: peers`).toStrictEqual(plainFailing(m, i))
          expect(blockedPortChecks(m, i, wanted, scratch), `seed ${seed}, ${m.hosts[i].host.name}: ports`).toStrictEqual(plainBlocked(m, i, wanted))
        }
      }
    }
  })
})
