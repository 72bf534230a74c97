import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inTransaction } from '../../db/tx.ts'
import { DIALECTS } from '../../testing/test-db.ts'
import { startTestServer, type TestServer } from '../../testing/test-app.ts'
import { createContainerTx } from '../containers/containers.service.ts'

const API = '/api/v1'
const REQUESTED = 'io.rancher.container.requested_ip'

type Json = any

describe.each(DIALECTS)('IPAM through the container API on %s', (dialect) => {
  let t: TestServer
  let baseUrl: string
  /** A /28: start…end is 10.99.0.2–10.99.0.10; the host's router and two infrastructure containers take .2–.4. */
  let tiny: string
  /** The default 10.42.0.0/16, for concurrent launches. */
  let big: string

  const templateId = async (name: string) => (await t.request({ method: 'GET', url: `${API}/templates` })).json.items.find((x: Json) => x.name === name).id
  const launch = (envId: string, body: Json) => t.request({ method: 'POST', url: `${API}/environments/${envId}/containers`, payload: { image: 'nginx:1.27', ...body } })
  const remove = (envId: string, id: string) => t.request({ method: 'DELETE', url: `${API}/environments/${envId}/containers/${id}` })
  const subnetOf = async (envId: string) => (await t.request({ method: 'GET', url: `${API}/environments/${envId}/networks` })).json.items.find((n: Json) => n.isDefault).subnets[0]
  const allocations = (envId: string) => t.server.ctx.db.selectFrom('ip_addresses').select(['address', 'container_id', 'role', 'source']).where('environment_id', '=', envId).execute()

  async function environmentWithOneHost(name: string, subnet?: string): Promise<string> {
    const env = (await t.request({ method: 'POST', url: `${API}/environments`, payload: { name, environmentTemplateId: await templateId('Cattle') } })).json
    if (subnet) {
      const ipsec = (await t.request({ method: 'GET', url: `${API}/environments/${env.id}/stacks` })).json.items.find((s: Json) => s.name === 'ipsec')
      const res = await t.request({ method: 'PATCH', url: `${API}/environments/${env.id}/stacks/${ipsec.id}`, payload: { answers: { ...ipsec.answers, SUBNET: subnet, SUBNET_PREFIX: subnet.split('/')[1] } } })
      expect(res.status, res.body).toBe(200)
    }
    expect((await t.request({ method: 'POST', url: `${API}/environments/${env.id}/hosts`, payload: {} })).status).toBe(201)
    return env.id
  }

  beforeAll(async () => {
    t = await startTestServer(dialect, { labIntervalMs: 60_000 })
    await t.server.app.listen({ host: '127.0.0.1', port: 0 })
    baseUrl = `http://127.0.0.1:${(t.server.app.server.address() as AddressInfo).port}`
    tiny = await environmentWithOneHost('tiny', '10.99.0.0/28')
    big = await environmentWithOneHost('big')
  })
  afterAll(async () => t?.close())

  it('starts with the router and two infrastructure containers in the /28', async () => {
    expect(await subnetOf(tiny)).toMatchObject({ cidr: '10.99.0.0/28', startAddress: '10.99.0.2', endAddress: '10.99.0.10', size: 9, used: 3, free: 6 })
    expect((await allocations(tiny)).map((a) => a.address).sort()).toEqual(['10.99.0.2', '10.99.0.3', '10.99.0.4'])
  })

  // in order: each case sees the allocations of the ones before it (free: .5 … .10, cursor at .5)
  it.each([
    { name: 'honoured', requested: '10.99.0.8', ip: '10.99.0.8', source: 'requested', note: 'requested IP honoured' },
    { name: 'taken', requested: '10.99.0.8', ip: '10.99.0.5', source: 'next-free', note: 'requested 10.99.0.8 was taken or out of range; a free one was given' },
    { name: 'beyond-end', requested: '10.99.0.12', ip: '10.99.0.6', source: 'next-free', note: 'requested 10.99.0.12 was taken or out of range' },
    { name: 'outside-subnet', requested: '10.42.0.9', ip: '10.99.0.7', source: 'next-free', note: 'requested 10.42.0.9 was taken or out of range' },
    { name: 'list', requested: ' 10.99.0.8 , 10.99.0.9 ,10.99.0.10', ip: '10.99.0.9', source: 'requested', note: 'requested IP honoured' },
  ])('requested $requested → $ip ($name)', async ({ name, requested, ip, source, note }) => {
    const res = await launch(tiny, { name, labels: { [REQUESTED]: requested } })
    expect(res.status, JSON.stringify(res.json)).toBe(201)
    expect(res.json.managedIp).toBe(ip)
    expect(res.json.managedIpNote.detail).toContain(note)
    const octets = ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0'))
    expect(res.json.managedAddress).toMatchObject({
      address: ip,
      source,
      subnet: '10.99.0.0/28',
      gateway: '10.99.0.1',
      networkName: 'ipsec',
      macAddress: `02:52:${octets.join(':')}`,
      requested: requested.split(',').map((r) => r.trim()),
    })
    const row = (await allocations(tiny)).find((a) => a.container_id === res.json.id)
    expect(row).toMatchObject({ address: ip, role: 'primary', source })
  })

  it('never gives the network address, the gateway, the last five or a router address, even when requested', async () => {
    const routerIp = (await t.request({ method: 'GET', url: `${API}/environments/${tiny}/hosts` })).json.items[0].routerIp
    expect(['10.99.0.2', '10.99.0.3', '10.99.0.4']).toContain(routerIp)
    const res = await launch(tiny, { name: 'reserved', labels: { [REQUESTED]: `10.99.0.0, 10.99.0.1, 10.99.0.11, 10.99.0.15, ${routerIp}` } })
    expect(res.status).toBe(201)
    expect(res.json.managedIp).toBe('10.99.0.10')
    expect(res.json.managedAddress.source).toBe('next-free')
    const addresses = (await allocations(tiny)).map((a) => a.address)
    expect(new Set(addresses).size).toBe(addresses.length)
    for (const a of addresses) expect(Number(a.split('.')[3]), a).toBeGreaterThanOrEqual(2)
    for (const a of addresses) expect(Number(a.split('.')[3]), a).toBeLessThanOrEqual(10)
    const router = (await allocations(tiny)).filter((a) => a.address === routerIp)
    expect(router).toHaveLength(1)
    expect(router[0].role).toBe('router')
  })

  it('answers 409 SUBNET_EXHAUSTED when the subnet is full and leaves nothing behind', async () => {
    expect(await subnetOf(tiny)).toMatchObject({ used: 9, free: 0 })
    const before = await allocations(tiny)
    const res = await launch(tiny, { name: 'overflow' })
    expect(res.status).toBe(409)
    expect(res.json.error.code).toBe('SUBNET_EXHAUSTED')
    expect(res.json.error.message).toContain('10.99.0.0/28')
    expect(await allocations(tiny)).toEqual(before)
    const names = (await t.request({ method: 'GET', url: `${API}/environments/${tiny}/containers?limit=500` })).json.items.map((c: Json) => c.name)
    expect(names).not.toContain('overflow')
    const rows = await t.server.ctx.db.selectFrom('containers').select('id').where('name', '=', 'overflow').execute()
    expect(rows).toEqual([])
  })

  it('releases the address on removal and gives it to the next container', async () => {
    const all = (await t.request({ method: 'GET', url: `${API}/environments/${tiny}/containers?limit=500` })).json.items
    const taken = all.find((c: Json) => c.name === 'taken')
    const res = await remove(tiny, taken.id)
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ state: 'removed', managedIp: null, managedAddress: null })
    expect((await allocations(tiny)).map((a) => a.address)).not.toContain('10.99.0.5')
    expect(await subnetOf(tiny)).toMatchObject({ used: 8, free: 1 })

    // the name of a removed container is free again, and so is its address
    const again = await launch(tiny, { name: 'overflow' })
    expect(again.status).toBe(201)
    expect(again.json.managedIp).toBe('10.99.0.5')
    expect(again.json.managedAddress.source).toBe('next-free')
  })

  it('lets a replacement keep the address of the container it replaces', async () => {
    const old = (await launch(big, { name: 'old-index' })).json
    const taken = (await launch(big, { name: 'neighbour' })).json
    expect((await remove(big, old.id)).status).toBe(200)
    // a replacement (as a service upgrade creates it) asks for its predecessor's address first
    const replace = (name: string, retainAddress: string, labels: Record<string, string> = {}) =>
      inTransaction(t.server.ctx.db, t.server.ctx.bus, (tx) =>
        createContainerTx(tx, t.server.ctx, big, { name, image: 'nginx:1.27', hostId: null, networkMode: 'managed', retainAddress, labels }),
      )
    const heir = await t.request({ method: 'GET', url: `${API}/environments/${big}/containers/${await replace('new-index', old.managedIp, { [REQUESTED]: '10.42.123.123' })}` })
    expect(heir.json.managedIp).toBe(old.managedIp)
    expect(heir.json.managedAddress.source).toBe('retained')
    expect(heir.json.managedIpNote.detail).toContain('kept from the container it replaces')
    // a retained address another container holds now: the requested one comes next
    const second = await t.request({ method: 'GET', url: `${API}/environments/${big}/containers/${await replace('other-index', taken.managedIp, { [REQUESTED]: '10.42.123.123' })}` })
    expect(second.json.managedAddress).toMatchObject({ address: '10.42.123.123', source: 'requested' })
  })

  it('gives 40 concurrent launches 40 distinct addresses', async () => {
    const post = (i: number) =>
      fetch(`${baseUrl}${API}/environments/${big}/containers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...t.authHeaders },
        body: JSON.stringify({ name: `burst-${i}`, image: 'nginx:1.27' }),
      }).then(async (r) => ({ status: r.status, json: (await r.json()) as Json }))
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => post(i)))
    for (const r of results) expect(r.status, JSON.stringify(r.json)).toBe(201)
    const ips = results.map((r) => r.json.managedIp)
    expect(new Set(ips).size).toBe(40)
    for (const ip of ips) expect(ip).toMatch(/^10\.42\.\d+\.\d+$/)
    const rows = (await allocations(big)).filter((a) => results.some((r) => r.json.id === a.container_id))
    expect(rows.map((r) => r.address).sort()).toEqual([...ips].sort())
  })

  it('hands a requested address to exactly one of several concurrent launches', async () => {
    const post = (i: number) =>
      fetch(`${baseUrl}${API}/environments/${big}/containers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...t.authHeaders },
        body: JSON.stringify({ name: `race-${i}`, image: 'nginx:1.27', labels: { [REQUESTED]: '10.42.200.1' } }),
      }).then(async (r) => (await r.json()) as Json)
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => post(i)))
    expect(results.filter((c) => c.managedIp === '10.42.200.1')).toHaveLength(1)
    expect(results.filter((c) => c.managedAddress.source === 'requested')).toHaveLength(1)
    expect(new Set(results.map((c) => c.managedIp)).size).toBe(8)
  })
})
