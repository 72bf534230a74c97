import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatIpv4, parseIpv4 } from '../../../core/net/ipv4.ts'
import { newId, nowIso } from '../../ids.ts'
import { DIALECTS } from '../../testing/test-db.ts'
import { startDemoServer, type TestServer } from '../../testing/test-app.ts'

const API = '/api/v1'

type Json = any
type Range = { start: string; end: string; size: number }

const num = (ip: string) => parseIpv4(ip)!
const inRange = (r: Range, ip: string) => num(ip) >= num(r.start) && num(ip) <= num(r.end)

describe.each(DIALECTS)('networks on %s', (dialect) => {
  let t: TestServer
  let envId: string
  let network: Json

  const get = (url: string) => t.request({ method: 'GET', url: `${API}/environments/${envId}${url}` })

  beforeAll(async () => {
    ;({ t, envId } = await startDemoServer(dialect))
    const list = await get('/networks')
    network = list.json.items.find((n: Json) => n.isDefault)
  })
  afterAll(async () => t?.close())

  /** Every allocation on the network, as IPAM recorded it (container managed IPs and host routers). */
  async function allocations(): Promise<Set<string>> {
    const rows = await t.server.ctx.db.selectFrom('ip_addresses').select('address').where('network_id', '=', network.id).execute()
    return new Set(rows.map((r) => r.address))
  }

  it('answers one network with used = allocations, free = size − used and its largest free ranges', async () => {
    const res = await get(`/networks/${network.id}`)
    expect(res.status, res.body).toBe(200)
    const [subnet] = res.json.subnets
    expect(subnet).toMatchObject({ cidr: '10.42.0.0/16', gateway: '10.42.0.1', startAddress: '10.42.0.2', endAddress: '10.42.255.250', size: 65_529 })

    const taken = await allocations()
    // three hosts' routers and the demo's managed containers at the least
    expect(taken.size).toBeGreaterThanOrEqual(3 + 5)
    expect(subnet.used).toBe(taken.size)
    expect(subnet.free).toBe(subnet.size - subnet.used)

    const ranges = subnet.largestFreeRanges as Range[]
    expect(ranges.length).toBeGreaterThan(0)
    expect(ranges.length).toBeLessThanOrEqual(5)
    // largest first, ties by the lower start
    for (let i = 1; i < ranges.length; i++) {
      const [a, b] = [ranges[i - 1], ranges[i]]
      expect(a.size > b.size || (a.size === b.size && num(a.start) < num(b.start)), `${a.start} before ${b.start}`).toBe(true)
    }
    expect(ranges.reduce((sum, r) => sum + r.size, 0)).toBeLessThanOrEqual(subnet.free)
    for (const r of ranges) {
      expect(r.size).toBe(num(r.end) - num(r.start) + 1)
      expect(num(r.start)).toBeGreaterThanOrEqual(num(subnet.startAddress))
      expect(num(r.end)).toBeLessThanOrEqual(num(subnet.endAddress))
      for (const ip of taken) expect(inRange(r, ip), `${ip} is taken but inside ${r.start} – ${r.end}`).toBe(false)
    }
  })

  it('lists networks with the same counts but no free ranges', async () => {
    const list = (await get('/networks')).json.items as Json[]
    const detail = (await get(`/networks/${network.id}`)).json
    const listed = list.find((n) => n.id === network.id)
    for (const n of list) for (const s of n.subnets) expect(s.largestFreeRanges).toBeNull()
    expect(listed.subnets.map((s: Json) => [s.used, s.free])).toEqual(detail.subnets.map((s: Json) => [s.used, s.free]))
  })

  it('answers 404 for an unknown network, and for an unknown environment', async () => {
    const res = await get('/networks/net_missing')
    expect(res.status).toBe(404)
    expect(res.json.error.code).toBe('NOT_FOUND')
    expect(res.json.error.message).toContain('net_missing')
    const env = await t.request({ method: 'GET', url: `${API}/environments/env_missing/networks/${network.id}` })
    expect(env.status).toBe(404)
    expect(env.json.error.message).toContain('env_missing')
  })

  it('answers a nearly full /16 quickly, with the gaps where they are', async () => {
    const db = t.server.ctx.db
    const before = (await get(`/networks/${network.id}`)).json.subnets[0]
    const subnetId = before.id as string
    const start = num(before.startAddress)
    const end = num(before.endAddress)
    const existing = new Set(
      (await db.selectFrom('ip_addresses').select('address_num').where('subnet_id', '=', subnetId).execute()).map((r) => Number(r.address_num)),
    )
    // Fill everything but 10.42.200.0 – 10.42.200.99 and every 1000th address from the start
    // (no container behind these rows: only the count and the gaps are under test).
    const holeStart = num('10.42.200.0')
    const holeEnd = num('10.42.200.99')
    const rows = []
    for (let n = start; n <= end; n++) {
      if (existing.has(n) || (n >= holeStart && n <= holeEnd) || (n - start) % 1000 === 0) continue
      rows.push({ id: newId('ip_'), environment_id: envId, network_id: network.id, subnet_id: subnetId, address: formatIpv4(n), address_num: n, role: 'primary', container_id: null, host_id: null, created_at: nowIso() })
    }
    // 2,000 rows of 10 values a statement: under SQLite's limit of bound variables
    for (let i = 0; i < rows.length; i += 2000) await db.insertInto('ip_addresses').values(rows.slice(i, i + 2000)).execute()

    let best = Number.POSITIVE_INFINITY
    let subnet: Json
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now()
      const res = await get(`/networks/${network.id}`)
      best = Math.min(best, performance.now() - t0)
      expect(res.status).toBe(200)
      subnet = res.json.subnets[0]
    }
    expect(subnet.used).toBe(existing.size + rows.length)
    expect(subnet.free).toBe(subnet.size - subnet.used)
    expect(subnet.largestFreeRanges[0]).toEqual({ start: '10.42.200.0', end: '10.42.200.99', size: 100 })
    // the rest are the lowest single free addresses left between the filled ones
    const singles = []
    for (let n = start; singles.length < 4; n += 1000) if (!existing.has(n)) singles.push({ start: formatIpv4(n), end: formatIpv4(n), size: 1 })
    expect(subnet.largestFreeRanges.slice(1)).toEqual(singles)
    // the list route counts the same without walking the addresses
    const listed = (await get('/networks')).json.items.find((n: Json) => n.id === network.id)
    expect(listed.subnets[0].used).toBe(subnet.used)
    expect(best, `best of three: ${best.toFixed(1)} ms`).toBeLessThan(100)
  })
})
