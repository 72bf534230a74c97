/**
 * The real lab end to end (Linux, root): one Paddock child process runs an IPsec and a VXLAN
 * real lab, 3 network-namespace hosts × 2 containers each; every cross-host container pair
 * pings; a one-way block of the tunnel port (UDP 4500 / 4789) from host-2 to host-3 shows in
 * the matrix in that direction within 5 s and the trace names the tunnel hop; after clearing
 * it the matrix is green again within 15 s (IPsec: after dead-peer detection tore the tunnel
 * down, one initiator retry) or 5 s (VXLAN). Skipped, with the reason, on machines that
 * cannot run the lab. Everything is torn down even when a step fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exec } from '../../../agent/exec.ts'
import { adminApiKey, startChildServer, type ChildServer } from '../../testing/child-server.ts'
import { DIALECTS, freshDatabase } from '../../testing/test-db.ts'
import { deleteNamespaces, labCapability } from './namespaces.ts'

const API = '/api/v1'
const PASSWORD = 'real-lab-test-password'
const PREFIX = `pdk-t${process.pid}-`
const can = await labCapability()
if (!can.ok) console.warn(`real lab tests skipped: ${can.reasons.join('; ')}`)

interface Host {
  id: string
  name: string
}
interface Ctr {
  id: string
  name: string
  hostId: string | null
  managedIp: string | null
  system: boolean
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false>): Promise<{ value: T; ms: number }> {
  const started = Date.now()
  let last: unknown = null
  for (;;) {
    try {
      const v = await probe()
      if (v) return { value: v, ms: Date.now() - started }
    } catch (err) {
      last = err
    }
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (${String(last)})` : ''}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe.skipIf(!can.ok || !DIALECTS.includes('sqlite'))('real lab', () => {
  let server: ChildServer | null = null
  let auth = ''
  const envIds: Record<string, string> = {}
  const hostsOf: Record<string, Host[]> = {}
  const timings: Record<string, number> = {}

  const api = async <T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${server!.url}${API}${path}`, {
      method,
      headers: { authorization: auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T }
  }
  const matrix = async (envId: string) => (await api<{ hosts: Host[]; cells: string }>('GET', `/environments/${envId}/diagnostics/matrix`)).body
  const cell = (m: { hosts: Host[]; cells: string }, from: string, to: string) => {
    const i = m.hosts.findIndex((h) => h.name === from)
    const j = m.hosts.findIndex((h) => h.name === to)
    return m.cells[i * m.hosts.length + j]
  }
  const allGreen = (m: { hosts: Host[]; cells: string }) => m.hosts.length === 3 && [...m.cells].every((c, k) => c === 'o' || k % (m.hosts.length + 1) === 0)

  beforeAll(async () => {
    const db = await freshDatabase('sqlite')
    const started = Date.now()
    server = await startChildServer(db, { adminPassword: PASSWORD, name: 'real-lab', env: { PADDOCK_REAL_LAB: 'ipsec,vxlan', PADDOCK_REAL_LAB_PREFIX: PREFIX, LAB_INTERVAL_MS: '500' } })
    auth = await adminApiKey(server.url, PASSWORD, 'real-lab-test')
    for (const driver of ['ipsec', 'vxlan']) {
      const env = await until(`the ${driver} real lab environment`, 30_000, async () =>
        (await api<{ items: Array<{ id: string; name: string }> }>('GET', '/environments')).body.items.find((e) => e.name === `Real lab (${driver.toUpperCase()})`),
      )
      envIds[driver] = env.value.id
      const green = await until(`every direction of the ${driver} matrix ok`, 30_000, async () => {
        const m = await matrix(env.value.id)
        return allGreen(m) && m
      })
      hostsOf[driver] = green.value.hosts
      timings[`${driver}GreenAfterStartMs`] = Date.now() - started
    }
  }, 90_000)

  const findings = async (envId: string) =>
    (await api<{ items: Array<{ checkId: string; subject: { kind: string; id: string; name?: string; peerId?: string } }> }>('GET', `/environments/${envId}/diagnostics/findings`)).body.items
  const hostFinding = async (envId: string, checkId: string, hostId: string) => (await findings(envId)).some((f) => f.checkId === checkId && (f.subject.id === hostId || f.subject.peerId === hostId))

  afterAll(async () => {
    if (server && server.process.exitCode === null) {
      server.process.kill('SIGTERM')
      const timer = setTimeout(() => server?.process.kill('SIGKILL'), 10_000)
      await server.exited
      clearTimeout(timer)
    }
    // the server removes its lab on SIGTERM; this only catches what a failed run left
    const left = (await exec('ip', ['netns', 'list'])).stdout.split('\n').filter((l) => l.startsWith(PREFIX))
    await deleteNamespaces(PREFIX)
    console.info(`real lab timings: ${JSON.stringify(timings)}`)
    expect(left).toEqual([])
  }, 30_000)

  it.each(['ipsec', 'vxlan'])('%s: every cross-host container pair pings over the overlay', async (driver) => {
    const envId = envIds[driver]!
    const hosts = hostsOf[driver]!
    const ctrs = (await api<{ items: Ctr[] }>('GET', `/environments/${envId}/containers?limit=500`)).body.items.filter((c) => !c.system && c.managedIp)
    expect(ctrs).toHaveLength(6)
    const nsOf = async (c: Ctr) => {
      const names = (await exec('ip', ['netns', 'list'])).stdout.split('\n').map((l) => l.split(' ')[0]!)
      return names.find((n) => n.startsWith(PREFIX) && n.endsWith(`-${c.id}`))!
    }
    const pairs = ctrs.flatMap((a) => ctrs.filter((b) => b.hostId !== a.hostId).map((b) => [a, b] as const))
    expect(pairs).toHaveLength(24)
    const results = await Promise.all(
      pairs.map(async ([a, b]) => {
        const r = await exec('ip', ['netns', 'exec', await nsOf(a), 'ping', '-c', '1', '-W', '2', '-n', b.managedIp!.split('/')[0]!])
        return `${a.name}→${b.name}: ${r.code === 0 ? 'ok' : 'failed'}`
      }),
    )
    expect(results.filter((r) => !r.endsWith('ok'))).toEqual([])
    expect(new Set(ctrs.map((c) => c.hostId))).toEqual(new Set(hosts.map((h) => h.id)))
  })

  it.each([
    ['ipsec', 4500, 15_000],
    ['vxlan', 4789, 5_000],
  ] as const)('%s: a one-way block of UDP %i shows in that direction, the trace names the tunnel, clearing it recovers', async (driver, port, recoverWithinMs) => {
    const envId = envIds[driver]!
    const hosts = hostsOf[driver]!
    const h2 = hosts.find((h) => h.name === 'host-2')!
    const h3 = hosts.find((h) => h.name === 'host-3')!
    const fault = await api<{ id: string }>('POST', `/environments/${envId}/lab/faults`, { type: 'udp-blocked', fromHostId: h2.id, toHostId: h3.id, port })
    expect(fault.status).toBe(201)
    const detected = await until('host-2 → host-3 failing', 5_000, async () => {
      const m = await matrix(envId)
      return cell(m, 'host-2', 'host-3') !== 'o' && m
    })
    timings[`${driver}DetectMs`] = detected.ms
    // at first only the blocked direction fails (what dead-peer detection does to the other
    // one later is what the matrix shows then); paths not through host-2 → host-3 stay up
    expect(cell(detected.value, 'host-3', 'host-2'), JSON.stringify(detected.value)).toBe('o')
    expect(cell(detected.value, 'host-1', 'host-3'), JSON.stringify(detected.value)).toBe('o')

    const ctrs = (await api<{ items: Ctr[] }>('GET', `/environments/${envId}/containers?limit=500`)).body.items.filter((c) => !c.system && c.managedIp)
    const from = ctrs.find((c) => c.hostId === h2.id)!
    const to = ctrs.find((c) => c.hostId === h3.id)!
    const trace = await api<{ verdict: string; hops: Array<{ name: string; verdict: string }> }>('POST', `/environments/${envId}/diagnostics/trace`, { from: from.id, to: to.id })
    expect(trace.status).toBe(200)
    expect(trace.body.verdict).toBe('unreachable')
    expect(trace.body.hops.find((h) => h.verdict === 'fail')?.name).toBe('Tunnel host-2 → host-3')

    if (driver === 'ipsec') {
      // IKE needs both directions: dead-peer detection tears the tunnel down (~dpd_delay + 7 s)
      // and host-3 → host-2 fails too; recovery then takes an initiator retry
      const both = await until('dead-peer detection taking host-3 → host-2 down too', 25_000, async () => cell(await matrix(envId), 'host-3', 'host-2') !== 'o')
      timings.ipsecDpdMs = detected.ms + both.ms
      // host-2 (the initiator) says what its tunnel is doing beside the missing heartbeats
      const detail = await until('host-2 reporting its IKE state', 10_000, async () => {
        const c = (await api<{ inbound: { error: string | null } }>('GET', `/environments/${envId}/diagnostics/matrix/${h3.id}/${h2.id}`)).body
        return c.inbound.error?.includes('IKE') && c.inbound.error
      })
      expect(detail.value).toMatch(/no heartbeat from .*; IKE (SA none|CONNECTING|ESTABLISHED|DELETING)/)
      // and once it retries, its IKE counters say what the heartbeats no longer can: UDP 500
      // crosses, UDP 4500 does not
      const named = await until('host-2 naming the cut port from its IKE counters', 25_000, async () => {
        const c = (await api<{ inbound: { error: string | null } }>('GET', `/environments/${envId}/diagnostics/matrix/${h3.id}/${h2.id}`)).body
        return c.inbound.error?.includes('UDP 4500 between this host and host-3 is cut') && c.inbound.error
      })
      timings.ipsecCauseNamedMs = detected.ms + both.ms + named.ms
    } else {
      // VXLAN is stateless: the other direction stays up for as long as the block lasts
      await new Promise((r) => setTimeout(r, 1_500))
      expect(cell(await matrix(envId), 'host-3', 'host-2')).toBe('o')
    }

    expect((await api('DELETE', `/environments/${envId}/lab/faults/${fault.body.id}`)).status).toBe(204)
    const recovered = await until('the matrix green again', recoverWithinMs, async () => allGreen(await matrix(envId)))
    timings[`${driver}RecoverMs`] = recovered.ms
  }, 60_000)

  it('sends real packets on request: a probe from a container answers with ping’s own output', async () => {
    const envId = envIds.vxlan!
    const ctrs = (await api<{ items: Ctr[] }>('GET', `/environments/${envId}/containers?limit=500`)).body.items.filter((c) => !c.system && c.managedIp)
    const hosts = hostsOf.vxlan!
    const from = ctrs.find((c) => c.hostId === hosts[0]!.id)!
    const to = ctrs.find((c) => c.hostId === hosts[1]!.id)!
    const created = await api<{ id: string }>('POST', `/environments/${envId}/probes`, { fromContainerId: from.id, to: to.id })
    expect(created.status).toBe(201)
    const done = await until('the probe answered', 10_000, async () => {
      const p = (await api<{ state: string; result: { ok: boolean; rttMs: number | null; detail: string } | null }>('GET', `/environments/${envId}/probes/${created.body.id}`)).body
      return p.state !== 'pending' && p
    })
    expect(done.value.state).toBe('done')
    expect(done.value.result).toMatchObject({ ok: true, rttMs: expect.any(Number) })
    expect(done.value.result!.detail).toContain('3 packets transmitted, 3 received')
  })

  // each real fault, found by the diagnostics from what the agents measured and reported
  it.each([
    ['vxlan', 'router-stopped', 'host-1', {}, 'host.router-missing'],
    ['ipsec', 'router-stopped', 'host-1', {}, 'host.router-missing'],
    ['vxlan', 'wrong-agent-ip', 'host-2', { kind: 'docker-bridge' }, 'agent-ip.docker-bridge'],
    // the agent restarts: its charon goes with it and the new one takes over the tunnels
    ['ipsec', 'wrong-agent-ip', 'host-2', { kind: 'not-on-interfaces' }, 'agent-ip.not-on-interfaces'],
    ['vxlan', 'mtu-mismatch', 'host-3', { mtu: 1400 }, 'host.mtu-mismatch'],
    ['vxlan', 'disconnected', 'host-1', {}, 'peer.unreachable'],
  ] as const)('%s: %s on %s is found (%s) and clears', async (driver, type, hostName, extra, checkId) => {
    const envId = envIds[driver]!
    const host = hostsOf[driver]!.find((h) => h.name === hostName)!
    // the identity of the host's container namespaces (a namespace deleted and made again gets
    // another inode): an agent that restarts must take them over, not rebuild them
    const namespaces = async () => {
      const names = (await exec('ip', ['netns', 'list'])).stdout.split('\n').map((l) => l.split(' ')[0]!).filter((n) => n.startsWith(`${PREFIX}`) && n.includes(`h${hostName.split('-')[1]}-ctr_`))
      return Object.fromEntries(await Promise.all(names.map(async (n) => [n, (await exec('stat', ['-c', '%i', `/run/netns/${n}`])).stdout.trim()] as const)))
    }
    const before = await namespaces()
    const fault = await api<{ id: string }>('POST', `/environments/${envId}/lab/faults`, { type, hostId: host.id, ...extra })
    expect(fault.status, JSON.stringify(fault.body)).toBe(201)
    const found = await until(`${checkId} on ${hostName}`, 10_000, () => hostFinding(envId, checkId, host.id))
    timings[`${driver}-${type}-foundMs`] = found.ms
    expect((await api('DELETE', `/environments/${envId}/lab/faults/${fault.body.id}`)).status).toBe(204)
    await until(`${checkId} gone`, 20_000, async () => !(await hostFinding(envId, checkId, host.id)))
    await until('the matrix green again', 20_000, async () => allGreen(await matrix(envId)))
    // the containers came through it too (an agent restarted by the fault takes over the
    // namespaces the one before it made)
    await until('every container of the host running, without an error', 10_000, async () => {
      const ctrs = (await api<{ items: Array<Ctr & { state: string; error: string | null }> }>('GET', `/environments/${envId}/containers?limit=500`)).body.items
      const mine = ctrs.filter((c) => c.hostId === host.id && c.managedIp && !c.system)
      return mine.length > 0 && mine.every((c) => c.state === 'running' && c.error === null)
    })
    expect(Object.keys(before).length).toBeGreaterThan(0)
    expect(await namespaces()).toEqual(before)
  }, 60_000)

  it('refuses the simulated-only faults on a real lab, naming the field', async () => {
    const res = await api<{ error: { code: string; details: Array<{ path: string }> } }>('POST', `/environments/${envIds.vxlan}/lab/faults`, { type: 'slow-metadata', hostId: hostsOf.vxlan![0]!.id, reloadMs: 12_000 })
    expect(res.status).toBe(400)
    expect(res.body.error.details[0]!.path).toBe('type')
  })

  it.each(['ipsec', 'vxlan'])('%s: a container launched later is attached, reachable from another host, and detached with CNI DEL on removal', async (driver) => {
    const envId = envIds[driver]!
    const hosts = hostsOf[driver]!
    const nsNames = async () => (await exec('ip', ['netns', 'list'])).stdout.split('\n').map((l) => l.split(' ')[0]!)
    const launched = await api<Ctr & { revision: number }>('POST', `/environments/${envId}/containers`, { name: `late-${driver}`, image: 'netns', hostId: hosts[0]!.id })
    expect(launched.status, JSON.stringify(launched.body)).toBe(201)
    const ip = launched.body.managedIp!.split('/')[0]!
    const ns = await until('the new container’s namespace with its managed IP', 10_000, async () => {
      const name = (await nsNames()).find((n) => n.startsWith(PREFIX) && n.endsWith(`-${launched.body.id}`))
      return name && (await exec('ip', ['-n', name, '-br', 'addr', 'show', 'eth0'])).stdout.includes(`${ip}/`) && name
    })
    // a container on another host reaches it once that host's agent routed the new address
    const peer = (await api<{ items: Ctr[] }>('GET', `/environments/${envId}/containers?limit=500`)).body.items.find((c) => !c.system && c.managedIp && c.hostId === hosts[1]!.id)!
    const peerNs = (await nsNames()).find((n) => n.startsWith(PREFIX) && n.endsWith(`-${peer.id}`))!
    await until(`${peer.name} pinging ${ip}`, 10_000, async () => (await exec('ip', ['netns', 'exec', peerNs, 'ping', '-c', '1', '-W', '1', '-n', ip])).code === 0)

    const current = (await api<{ revision: number }>('GET', `/environments/${envId}/containers/${launched.body.id}`)).body
    const res = await fetch(`${server!.url}${API}/environments/${envId}/containers/${launched.body.id}`, { method: 'DELETE', headers: { authorization: auth, 'if-match': String(current.revision) } })
    expect(res.status).toBeLessThan(300)
    await until('the namespace gone (CNI DEL, netns deleted)', 10_000, async () => !(await nsNames()).includes(ns.value))
    // and the peers stopped routing the released address into the overlay
    await until(`${peer.name} no longer reaching ${ip}`, 10_000, async () => (await exec('ip', ['netns', 'exec', peerNs, 'ping', '-c', '1', '-W', '1', '-n', ip])).code !== 0)
  }, 60_000)

  // last: it changes the host count the tests above rely on
  it('adds a real host from the Hosts page’s "Add lab host": a fourth namespace whose tunnels come up', async () => {
    const envId = envIds.vxlan!
    const res = await api<{ id: string; name: string }>('POST', `/environments/${envId}/hosts`, {})
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.name).toBe('host-4')
    await until('a green 4-host matrix', 20_000, async () => {
      const m = await matrix(envId)
      return m.hosts.length === 4 && [...m.cells].every((c, k) => c === 'o' || k % 5 === 0)
    })
    // a name or agent IP is not the operator's to choose in the real lab
    const named = await api('POST', `/environments/${envId}/hosts`, { name: 'mine' })
    expect(named.status).toBe(400)
  }, 40_000)
})
