/**
 * The real lab (server/lab/real): a Paddock child process runs an IPsec lab of 6 hosts × 4
 * containers and a VXLAN lab of 3 × 2 in network namespaces. Measured over the API, as an
 * operator sees it: bring-up (server process start → every matrix direction ok, so it
 * includes the server's own start), then per overlay a one-way tunnel-port block from host-2
 * to host-3 (→ that cell fails) and its clearing (→ all green; IPsec after dead-peer
 * detection took the tunnel down, so recovery needs an initiator retry). Linux and root only.
 */
import { labCapability } from '../server/lab/real/namespaces.ts'
import { adminApiKey, startChildServer, type ChildServer } from '../server/testing/child-server.ts'
import { freshDatabase } from '../server/testing/test-db.ts'
import { verdict, type Row } from './lib/row.ts'

export const REAL_LAB_ROWS = {
  bringUp: 'real lab bring-up, IPsec 6 hosts × 4 containers',
  ipsecDetect: 'real lab: UDP 4500 blocked one way → matrix',
  ipsecRecover: 'real lab: IPsec green again after the block (post-DPD)',
  vxlanDetect: 'real lab: UDP 4789 blocked one way → matrix',
  vxlanRecover: 'real lab: VXLAN green again after the block',
}
const TARGETS: Record<keyof typeof REAL_LAB_ROWS, number> = { bringUp: 10_000, ipsecDetect: 5_000, ipsecRecover: 15_000, vxlanDetect: 5_000, vxlanRecover: 5_000 }

type Log = (msg: string) => void
interface Matrix {
  hosts: Array<{ id: string; name: string }>
  cells: string
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function benchRealLab(log: Log): Promise<Row[]> {
  const can = await labCapability()
  if (!can.ok) {
    return Object.values(REAL_LAB_ROWS).map((name) => ({ benchmark: name, database: '—', figure: `skipped: ${can.reasons.join('; ')}`, target: '—', verdict: 'skipped' }))
  }
  const db = await freshDatabase('sqlite')
  const started = Date.now()
  let server: ChildServer | null = null
  try {
    log('real lab: starting a server with an IPsec lab (6 × 4) and a VXLAN lab (3 × 2)')
    server = await startChildServer(db, { adminPassword: 'bench-real-lab-password', env: { PADDOCK_REAL_LAB: 'ipsec:6x4,vxlan:3x2', PADDOCK_REAL_LAB_PREFIX: `pdk-b${process.pid}-` } })
    const auth = await adminApiKey(server.url, 'bench-real-lab-password', 'bench')
    const api = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server!.url}/api/v1${path}`, { method, headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined })
      return res.status === 204 ? null : ((await res.json()) as any)
    }
    const until = async (what: string, timeoutMs: number, ok: () => Promise<boolean>): Promise<number> => {
      const t0 = Date.now()
      while (!(await ok())) {
        if (Date.now() - t0 > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`)
        await sleep(50)
      }
      return Date.now() - t0
    }
    const envs: Record<string, string> = {}
    await until('the lab environments', 60_000, async () => {
      for (const e of (await api('GET', '/environments')).items) if (e.name.startsWith('Real lab (')) envs[e.name] = e.id
      return Object.keys(envs).length === 2
    })
    const matrix = (env: string): Promise<Matrix> => api('GET', `/environments/${env}/diagnostics/matrix`)
    const green = (m: Matrix, n: number) => m.hosts.length === n && [...m.cells].every((c, k) => c === 'o' || k % (n + 1) === 0)
    const cell = (m: Matrix, from: string, to: string) => m.cells[m.hosts.findIndex((h) => h.name === from) * m.hosts.length + m.hosts.findIndex((h) => h.name === to)]
    const ipsec = envs['Real lab (IPSEC)']!
    const vxlan = envs['Real lab (VXLAN)']!
    await until('the IPsec matrix green', 60_000, async () => green(await matrix(ipsec), 6))
    const figures: Partial<Record<keyof typeof REAL_LAB_ROWS, number>> = { bringUp: Date.now() - started }
    await until('the VXLAN matrix green', 60_000, async () => green(await matrix(vxlan), 3))

    for (const [env, port, n, driver] of [[ipsec, 4500, 6, 'ipsec'], [vxlan, 4789, 3, 'vxlan']] as const) {
      const hosts = (await matrix(env)).hosts
      const h2 = hosts.find((h) => h.name === 'host-2')!
      const h3 = hosts.find((h) => h.name === 'host-3')!
      const fault = await api('POST', `/environments/${env}/lab/faults`, { type: 'udp-blocked', fromHostId: h2.id, toHostId: h3.id, port })
      figures[`${driver}Detect`] = await until(`${driver}: host-2 → host-3 failing`, 30_000, async () => cell(await matrix(env), 'host-2', 'host-3') !== 'o')
      if (driver === 'ipsec') await until('dead-peer detection', 30_000, async () => cell(await matrix(env), 'host-3', 'host-2') !== 'o')
      await api('DELETE', `/environments/${env}/lab/faults/${fault.id}`)
      figures[`${driver}Recover`] = await until(`${driver}: green again`, 60_000, async () => green(await matrix(env), n))
    }
    return (Object.keys(REAL_LAB_ROWS) as Array<keyof typeof REAL_LAB_ROWS>).map((k) => ({
      benchmark: REAL_LAB_ROWS[k],
      database: 'sqlite',
      figure: `${((figures[k] ?? NaN) / 1000).toFixed(2)} s`,
      target: `< ${TARGETS[k] / 1000} s`,
      verdict: verdict((figures[k] ?? Infinity) < TARGETS[k]),
    }))
  } finally {
    // SIGTERM: the server removes its namespaces and agents
    if (server && server.process.exitCode === null) {
      server.process.kill('SIGTERM')
      const timer = setTimeout(() => server?.process.kill('SIGKILL'), 10_000)
      await server.exited
      clearTimeout(timer)
    }
  }
}
