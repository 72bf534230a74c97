import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../testing/test-db.ts'
import { startTestServer, type TestServer } from '../../testing/test-app.ts'
import { inCidr, ipNum } from '../../testing/net.ts'

const API = '/api/v1'
const DOCKER_BRIDGE = '172.17.0.0/16'
const MANAGED = '10.42.0.0/16'

type Json = any

describe.each(DIALECTS)('containers of the demo environment on %s', (dialect) => {
  let t: TestServer
  let envId: string
  let all: Json[]
  let hosts: Json[]
  const byName = (name: string) => {
    const c = all.find((x) => x.name === name)
    expect(c, name).toBeTruthy()
    return c
  }

  beforeAll(async () => {
    t = await startTestServer(dialect, { demo: true, labIntervalMs: 60_000 })
    // the agents fetch the desired state that now has the demo containers and report them
    await t.server.lab!.tickAll()
    await t.server.lab!.tickAll()
    const envs = (await t.request({ method: 'GET', url: `${API}/environments` })).json.items
    expect(envs.map((e: Json) => e.name)).toEqual(['Default'])
    envId = envs[0].id
    const res = await t.request({ method: 'GET', url: `${API}/environments/${envId}/containers?limit=500` })
    expect(res.status).toBe(200)
    expect(res.json.nextCursor).toBeNull()
    all = res.json.items
    hosts = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts` })).json.items
  })
  afterAll(async () => t?.close())

  it('runs three simulated hosts with user and infrastructure containers', () => {
    expect(hosts).toHaveLength(3)
    for (const h of hosts) expect(h).toMatchObject({ simulated: true, state: 'active' })
    expect(all.filter((c) => !c.system)).toHaveLength(12)
    expect(all.filter((c) => c.system).length).toBeGreaterThanOrEqual(3 * 8)
    for (const c of all) {
      expect(c.state, c.name).toBe('running')
      expect(hosts.map((h) => h.id)).toContain(c.hostId)
      expect(c.hostName).toBe(hosts.find((h) => h.id === c.hostId).name)
    }
  })

  it('shows a Docker bridge IP and a managed IP for managed containers', () => {
    const managed = all.filter((c) => c.networkMode === 'managed' || c.networkMode === 'ipsec' || c.name === 'cli-joined')
    expect(managed.map((c) => c.name)).toEqual(expect.arrayContaining(['web-1', 'web-2', 'api-1', 'db-1', 'cache-1', 'cli-joined']))
    for (const c of managed) {
      expect(inCidr(DOCKER_BRIDGE, c.dockerIp), `${c.name} docker ${c.dockerIp}`).toBe(true)
      expect(inCidr(MANAGED, c.managedIp), `${c.name} managed ${c.managedIp}`).toBe(true)
      expect(c.networkName, c.name).toBe('ipsec')
      expect(c.managedIpNote.detail, c.name).toContain('not visible in docker inspect')
      // what the agent saw on eth0: both addresses
      expect(c.reportedAddresses, c.name).toEqual(expect.arrayContaining([`${c.dockerIp}/16`, `${c.managedIp}/16`]))
    }
    // the CNI plugin sets mtu − overhead on eth0; the ipsec holder uses overhead 0
    for (const c of managed.filter((x) => !x.system)) expect(c.mtu, c.name).toBe(1402)
    for (const c of all.filter((x) => /^ipsec-ipsec-\d+$/.test(x.name))) expect(c.mtu, c.name).toBe(1500)
  })

  it('shows only the Docker bridge IP for bridge mode', () => {
    const c = byName('legacy-app')
    expect(c).toMatchObject({ networkMode: 'bridge', managedIp: null })
    expect(inCidr(DOCKER_BRIDGE, c.dockerIp)).toBe(true)
    expect(c.managedIpNote.source).toMatch(/bridge/i)
  })

  it('shows no address for host mode and points at the host agent IP', () => {
    const c = byName('node-exporter')
    expect(c).toMatchObject({ networkMode: 'host', dockerIp: null, managedIp: null })
    const host = hosts.find((h) => h.id === c.hostId)
    expect(`${c.dockerIpNote.source} ${c.dockerIpNote.detail}`).toContain(host.agentIp)
  })

  it('shows no address for mode none', () => {
    const c = byName('batch-job')
    expect(c).toMatchObject({ networkMode: 'none', dockerIp: null, managedIp: null, reportedAddresses: [] })
    expect(c.dockerIpNote.source).toMatch(/none/)
  })

  it("shows the addresses of the container whose network namespace it shares", () => {
    const web = byName('web-1')
    const logger = byName('web-1-logger')
    expect(logger).toMatchObject({ networkMode: 'container:web-1', dockerIp: web.dockerIp, managedIp: web.managedIp, hostId: web.hostId })
    expect(logger.dockerIp).not.toBeNull()
    expect(logger.managedIp).not.toBeNull()
    expect(logger.managedIpNote.source).toContain('web-1')
    // the infrastructure sidekicks share their holder's addresses on every host
    for (const h of hosts) {
      const holder = all.find((c) => c.hostId === h.id && /^ipsec-ipsec-\d+$/.test(c.name))
      expect(holder.managedIp).toBe(h.routerIp)
      for (const side of all.filter((c) => c.hostId === h.id && (c.serviceName === 'router' || c.serviceName === 'connectivity-check'))) {
        expect(side, `${h.name} ${side.name}`).toMatchObject({ managedIp: h.routerIp, dockerIp: holder.dockerIp })
      }
      expect(all.filter((c) => c.hostId === h.id && c.serviceName === 'router'), h.name).toHaveLength(1)
    }
  })

  it('explains how a Docker CLI container joins the managed network', () => {
    const plain = byName('cli-nginx')
    expect(plain).toMatchObject({ native: true, managedIp: null })
    expect(`${plain.managedIpNote.source} ${plain.managedIpNote.detail}`).toContain('io.rancher.container.network=true')

    const joined = byName('cli-joined')
    expect(joined.native).toBe(true)
    expect(inCidr(MANAGED, joined.managedIp)).toBe(true)
    expect(inCidr(DOCKER_BRIDGE, joined.dockerIp)).toBe(true)

    // --net=none with the label: the managed IP only
    const only = byName('cli-managed-only')
    expect(only).toMatchObject({ native: true, dockerIp: null })
    expect(inCidr(MANAGED, only.managedIp)).toBe(true)
  })

  it('honours a requested IP', () => {
    const c = byName('api-1')
    expect(c.managedIp).toBe('10.42.100.10')
    expect(c.managedIpNote.detail).toContain('requested IP honoured')
  })

  it('allocates unique managed IPs inside the subnet range and stores them', async () => {
    const network = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/networks` })).json.items.find((n: Json) => n.isDefault)
    const subnet = network.subnets[0]
    expect(subnet).toMatchObject({ cidr: MANAGED, startAddress: '10.42.0.2', endAddress: '10.42.255.250' })
    const owners = all.filter((c) => c.managedIp !== null && !c.networkMode.startsWith('container:'))
    const ips = owners.map((c) => c.managedIp)
    expect(new Set(ips).size).toBe(ips.length)
    for (const ip of ips) {
      expect(ipNum(ip)).toBeGreaterThanOrEqual(ipNum(subnet.startAddress))
      expect(ipNum(ip)).toBeLessThanOrEqual(ipNum(subnet.endAddress))
    }
    expect(ips).not.toContain(subnet.gateway)
    // the database holds exactly these allocations, and the network's usage counts them
    const rows = await t.server.ctx.db.selectFrom('ip_addresses').select(['address', 'container_id']).where('environment_id', '=', envId).execute()
    expect(rows.map((r) => r.address).sort()).toEqual([...ips].sort())
    for (const c of owners) expect(rows.find((r) => r.container_id === c.id)?.address).toBe(c.managedIp)
    expect(subnet.used).toBe(ips.length)
  })

  it('gives every managed container the network DNS and search domain', () => {
    const managed = all.filter((c) => c.networkName === 'ipsec')
    expect(managed.length).toBeGreaterThan(6)
    for (const c of managed) {
      expect(c.dns, c.name).toContain('169.254.169.250')
      expect(c.dnsSearch, c.name).toContain('rancher.internal')
    }
    for (const name of ['legacy-app', 'node-exporter', 'batch-job', 'cli-nginx']) expect(byName(name).dns, name).toEqual([])
  })

  it('pages through every container exactly once', async () => {
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const url: string = `${API}/environments/${envId}/containers?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
      const res = await t.request({ method: 'GET', url })
      expect(res.status).toBe(200)
      expect(res.json.items.length).toBeLessThanOrEqual(5)
      seen.push(...res.json.items.map((c: Json) => c.id))
      cursor = res.json.nextCursor
      pages++
      expect(pages).toBeLessThan(100)
    } while (cursor)
    expect(seen).toHaveLength(all.length)
    expect(new Set(seen).size).toBe(all.length)
    expect([...seen].sort()).toEqual(all.map((c) => c.id).sort())
    expect(pages).toBe(Math.ceil(all.length / 5))
  })

  it('filters out infrastructure with system=false and by host', async () => {
    const users = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/containers?system=false&limit=500` })).json.items
    expect(users.map((c: Json) => c.name).sort()).toEqual(all.filter((c) => !c.system).map((c) => c.name).sort())
    expect(users.every((c: Json) => !c.system)).toBe(true)
    const infra = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/containers?system=true&limit=500` })).json.items
    expect(infra.length + users.length).toBe(all.length)
    const h = hosts[0]
    const onHost = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/containers?hostId=${h.id}&limit=500` })).json.items
    expect(onHost.length).toBe(h.containerCount)
    expect(onHost.every((c: Json) => c.hostId === h.id)).toBe(true)
  })

  it('refuses a bad cursor, limit or filter and answers 404 for an unknown container', async () => {
    for (const q of ['cursor=%%%', 'cursor=bm90IGEgY3Vyc29y', 'limit=0', 'limit=501', 'limit=abc', 'system=maybe']) {
      const res = await t.request({ method: 'GET', url: `${API}/environments/${envId}/containers?${q}` })
      expect(res.status, q).toBe(400)
      expect(res.json.error.code).toBe('VALIDATION_FAILED')
      expect(res.json.error.details.length).toBeGreaterThan(0)
    }
    const missing = await t.request({ method: 'GET', url: `${API}/environments/${envId}/containers/ctr_missing` })
    expect(missing.status).toBe(404)
    expect(missing.json.error.code).toBe('NOT_FOUND')
    const wrongEnv = await t.request({ method: 'GET', url: `${API}/environments/env_missing/containers/${all[0].id}` })
    expect(wrongEnv.status).toBe(404)
    const one = await t.request({ method: 'GET', url: `${API}/environments/${envId}/containers/${all[0].id}` })
    expect(one.status).toBe(200)
    expect(one.json).toEqual(all[0])
  })
})
