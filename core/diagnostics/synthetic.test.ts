// The large in-memory topology of the benchmark (synthetic.ts), checked at 400 hosts (the
// smallest size that has all its faults): the engine finds exactly the faults it injects, and
// nothing in its healthy form. How fast is the bench's business (bench/diagnostics.bench.ts).
import { describe, expect, it } from 'vitest'
import { Matrix } from '../api/diagnostics.ts'
import { Finding } from '../api/findings.ts'
import { runChecks } from './findings.ts'
import { buildMatrix, matrixCell } from './matrix.ts'
import { SYNTHETIC_FAULTS as F, SYNTHETIC_NOW, syntheticHostId as id, syntheticHostName as name, syntheticSnapshot } from './synthetic.ts'
import { trace } from './trace.ts'

const now = new Date(SYNTHETIC_NOW)
const snapshot = syntheticSnapshot({ hosts: 400 })

describe('syntheticSnapshot', () => {
  it('is deterministic', () => {
    expect(syntheticSnapshot({ hosts: 30 })).toStrictEqual(syntheticSnapshot({ hosts: 30 }))
  })

  it('healthy form: no findings, every off-diagonal cell ok', () => {
    const clean = syntheticSnapshot({ hosts: 50, faults: false })
    expect(runChecks(clean, now)).toEqual([])
    expect(buildMatrix(clean, now).cells.replaceAll('-', '')).toBe('o'.repeat(50 * 49))
  })

  it('with faults: one finding per injected fault, and the stopped router cut off from every live peer both ways', () => {
    const findings = runChecks(snapshot, now)
    for (const f of findings) expect(Finding.safeParse(f).success).toBe(true)
    expect(findings.filter((f) => f.checkId !== 'peer.unreachable').map((f) => `${f.checkId} ${f.subject.name}`)).toEqual([
      `host.disconnected ${name(F.disconnected)}`,
      `agent-ip.docker-bridge ${name(F.dockerBridgeIp)}`,
      `host.router-missing ${name(F.routerStopped)}`,
      `host.mtu-mismatch ${name(F.nicMtu)}`,
      `port.tunnel-blocked ${name(F.blockedFrom)}`,
      `container.managed-ip-missing web-0${F.managedIpMissing}`,
      `metadata.slow ${name(F.metadataSlow)}`,
    ])
    const peers = findings.filter((f) => f.checkId === 'peer.unreachable').map((f) => [f.subject.name, f.subject.peerName])
    // 398 live peers of the stopped router (all but itself and the disconnected host), both ways, plus the blocked direction
    expect(peers).toHaveLength(2 * 398 + 1)
    expect(peers).toContainEqual([name(F.blockedFrom), name(F.blockedTo)])
    expect(peers).not.toContainEqual([name(F.blockedTo), name(F.blockedFrom)])
    expect(peers.filter(([a, b]) => a === name(F.routerStopped) || b === name(F.routerStopped))).toHaveLength(2 * 398)
  })

  it('with faults: the matrix shows them per direction', () => {
    const m = buildMatrix(snapshot, now)
    expect(Matrix.omit({ checkedAt: true }).safeParse(m).success).toBe(true)
    expect(m.cells).toHaveLength(400 * 400)
    expect(matrixCell(m, id(1), id(F.disconnected))).toBe('d')
    expect(matrixCell(m, id(F.routerStopped), id(1))).toBe('x')
    expect(matrixCell(m, id(F.blockedFrom), id(F.blockedTo))).toBe('x')
    expect(matrixCell(m, id(F.blockedTo), id(F.blockedFrom))).toBe('o')
    const counts: Record<string, number> = {}
    for (const c of m.cells) counts[c] = (counts[c] ?? 0) + 1
    expect(counts).toEqual({ '-': 400, d: 2 * 399, x: 2 * 398 + 1, o: 400 * 399 - 2 * 399 - (2 * 398 + 1) })
  })

  it('a trace across the blocked direction fails at the tunnel', () => {
    const t = trace(snapshot, { from: `ctr-web-00${F.blockedFrom}`, to: `ctr-web-00${F.blockedTo}` }, now)
    expect(t.verdict).toBe('unreachable')
    expect(t.summary).toBe(`Fails at: Tunnel ${name(F.blockedFrom)} → ${name(F.blockedTo)}.`)
  })
})
