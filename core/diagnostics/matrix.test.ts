// Fixture tests of the reachability matrix and the per-hop trace (issue 6, items 4 and 5).
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Matrix, Trace } from '../api/diagnostics.ts'
import { buildMatrix, matrixCell } from './matrix.ts'
import type { DiagnosticsSnapshot } from './snapshot.ts'
import { trace, TraceReferenceError } from './trace.ts'

interface Fixture {
  now: string
  snapshot: DiagnosticsSnapshot
}

const FIXTURES = new URL('./__fixtures__/', import.meta.url)
const load = (name: string): Fixture => JSON.parse(fs.readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')) as Fixture
const matrix = (name: string) => {
  const f = load(name)
  return buildMatrix(f.snapshot, new Date(f.now))
}
const rows = (m: ReturnType<typeof buildMatrix>) => m.hosts.map((_, i) => m.cells.slice(i * m.hosts.length, (i + 1) * m.hosts.length))
const run = (name: string, from: string, to: string | { ip: string; port?: number }) => {
  const f = load(name)
  return trace(f.snapshot, { from, to }, new Date(f.now))
}

describe('buildMatrix', () => {
  it('healthy: every off-diagonal cell ok, hosts by name with their agent IPs beside their interface IPs', () => {
    const m = matrix('healthy')
    expect(Matrix.omit({ checkedAt: true }).parse(m)).toEqual(m)
    expect(m.hosts).toEqual([
      { id: 'hst-1', name: 'host-1', agentIp: '192.168.50.11', interfaceIps: ['192.168.50.11', '172.17.0.1'] },
      { id: 'hst-2', name: 'host-2', agentIp: '192.168.50.12', interfaceIps: ['192.168.50.12', '172.17.0.1'] },
      { id: 'hst-3', name: 'host-3', agentIp: '192.168.50.13', interfaceIps: ['192.168.50.13', '172.17.0.1'] },
    ])
    expect(rows(m)).toEqual(['-oo', 'o-o', 'oo-'])
  })

  it('peer-unreachable: exactly host-2 → host-3 fails, host-3 → host-2 stays ok', () => {
    const m = matrix('peer-unreachable')
    expect(rows(m)).toEqual(['-oo', 'o-x', 'oo-'])
    expect(matrixCell(m, 'hst-2', 'hst-3')).toBe('x')
    expect(matrixCell(m, 'hst-3', 'hst-2')).toBe('o')
  })

  it('a failing inbound report of the target alone fails the direction', () => {
    const f = load('healthy')
    const h3 = f.snapshot.hosts.find((h) => h.id === 'hst-3')!
    h3.report!.peers = h3.report!.peers.map((p) => (p.peerHostId === 'hst-1' && p.direction === 'inbound' ? { ...p, ok: false } : p))
    expect(rows(buildMatrix(f.snapshot, new Date(f.now)))).toEqual(['-ox', 'o-o', 'oo-'])
  })

  it('port-tunnel-blocked: the blocked direction only', () => {
    expect(rows(matrix('port-tunnel-blocked'))).toEqual(['-oo', 'o-p', 'oo-'])
  })

  it('host-router-missing: every direction to and from host-2 and host-3', () => {
    expect(rows(matrix('host-router-missing'))).toEqual(['-rr', 'r-r', 'rr-'])
  })

  it('host-disconnected: the disconnected and the silent host', () => {
    expect(rows(matrix('host-disconnected'))).toEqual(['-dd', 'd-d', 'dd-'])
  })

  it('no reports: unknown', () => {
    const f = load('healthy')
    for (const h of f.snapshot.hosts) h.report = null
    expect(rows(buildMatrix(f.snapshot, new Date(f.now)))).toEqual(['-uu', 'u-u', 'uu-'])
  })
})

describe('trace', () => {
  it('web-1 → db-1 across hosts: reachable through both routers and the tunnel', () => {
    const t = run('healthy', 'ctr-web-1', 'ctr-db-1')
    expect(Trace.parse(t)).toEqual(t)
    expect(t.verdict).toBe('reachable')
    expect(t.hops.map((h) => [h.name, h.verdict])).toEqual([
      ['Source container web-1', 'ok'],
      ['Source host host-1: router', 'ok'],
      ['Tunnel host-1 → host-2', 'ok'],
      ['Destination host host-2: router', 'ok'],
      ['Destination container db-1', 'ok'],
    ])
    expect(t.hops[2].evidence).toContain('peer check host-1 → host-2: ok, RTT 0.4 ms')
  })

  it('container:X follows X; same-host containers skip the tunnel', () => {
    const t = run('healthy', 'ctr-web-1-logger', 'ctr-hc-1')
    expect(t.verdict).toBe('reachable')
    expect(t.hops.map((h) => h.name)).toEqual(['Source container web-1', 'Bridge on host-1', 'Destination container healthcheck-healthcheck-1'])
    expect(t.hops[0].evidence[0]).toContain("shares web-1's network namespace")
  })

  it('a managed IP and port name its container', () => {
    const t = run('healthy', 'ctr-web-1', { ip: '10.42.0.21', port: 5432 })
    expect(t.verdict).toBe('reachable')
    expect(t.hops.at(-1)!.name).toBe('Destination container db-1')
    expect(t.hops.at(-1)!.evidence.join('\n')).toContain('port 5432')
    expect(run('healthy', 'ctr-web-1', { ip: '10.42.9.9' }).verdict).toBe('unreachable')
    expect(run('healthy', 'ctr-web-1', { ip: '8.8.8.8' }).verdict).toBe('unknown')
  })

  it('peer-unreachable: host-2 → host-3 fails at the tunnel, the other way is reachable', () => {
    const f = load('peer-unreachable')
    const on = (host: string) => f.snapshot.containers.find((c) => c.hostId === host && c.serviceName === 'healthcheck')!.id
    const t = run('peer-unreachable', on('hst-2'), on('hst-3'))
    expect(t.verdict).toBe('unreachable')
    expect(t.hops.find((h) => h.verdict === 'fail')!.name).toBe('Tunnel host-2 → host-3')
    expect(run('peer-unreachable', on('hst-3'), on('hst-2')).verdict).toBe('reachable')
  })

  it('port-tunnel-blocked: the tunnel hop names the port and gives the iptables fix', () => {
    const t = run('port-tunnel-blocked', 'ctr-db-1', 'ctr-hc-3')
    const tunnel = t.hops.find((h) => h.verdict === 'fail')!
    expect(tunnel.name).toBe('Tunnel host-2 → host-3')
    expect(tunnel.evidence.join('\n')).toContain('udp/4500 blocked')
    expect(tunnel.fix).toContain('iptables -I INPUT -p udp -s 192.168.50.12 --dport 4500 -j ACCEPT')
  })

  it('host-router-missing: fails at the source host router with a docker start fix', () => {
    const t = run('host-router-missing', 'ctr-db-1', 'ctr-web-1')
    expect(t.verdict).toBe('unreachable')
    const hop = t.hops.find((h) => h.verdict === 'fail')!
    expect(hop.name).toBe('Source host host-2: router')
    expect(hop.fix).toContain('docker start')
  })

  it('non-managed modes are explained', () => {
    const none = run('healthy', 'ctr-web-1', 'ctr-cli-managed')
    expect(none.verdict).toBe('reachable') // --net=none with the managed label gets a managed IP
    const bridge = run('healthy', 'ctr-web-1', 'ctr-legacy')
    expect(bridge.verdict).toBe('unreachable')
    expect(bridge.hops.at(-1)!.evidence.join('\n')).toContain('network mode bridge')
    const host = run('healthy', 'ctr-node-exporter', 'ctr-db-1')
    expect(host.verdict).toBe('unreachable')
    expect(host.hops[0].evidence.join('\n')).toContain('network mode host')
    const f = load('healthy')
    f.snapshot.containers.push({ ...f.snapshot.containers.find((c) => c.id === 'ctr-legacy')!, id: 'ctr-none', name: 'sealed', networkMode: 'none', networkId: null, dockerIp: null, reportedAddresses: [] })
    const sealed = trace(f.snapshot, { from: 'ctr-web-1', to: 'ctr-none' }, new Date(f.now))
    expect(sealed.verdict).toBe('unreachable')
    expect(sealed.hops.at(-1)!.evidence.join('\n')).toContain('network mode none: it has only a loopback interface')
  })

  it('unknown containers throw a reference error naming the field', () => {
    expect(() => run('healthy', 'nope', 'ctr-db-1')).toThrow(TraceReferenceError)
    try {
      run('healthy', 'ctr-web-1', 'nope')
    } catch (e) {
      expect((e as TraceReferenceError).field).toBe('to')
    }
  })
})
