/**
 * Host slices through the agent and container APIs: a host whose agent asks for a slice gets
 * one that no other host's address sits in, its router address and every container address
 * come from it, and a requested address outside it is not honoured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../testing/test-db.ts'
import { startTestServer, type TestServer } from '../../testing/test-app.ts'
import { inCidr } from '../../testing/net.ts'

const API = '/api/v1'
type Json = any

describe.each(DIALECTS)('host slices on %s', (dialect) => {
  let t: TestServer
  let envId: string
  const agents: Record<string, { hostId: string; token: string }> = {}

  async function agent(name: string, agentIp: string, hostSlice: boolean) {
    const reg = await t.request({
      method: 'POST',
      url: `${API}/agent/register`,
      payload: { environmentId: envId, name, agentIp, interfaces: [{ name: 'eth0', cidrs: [`${agentIp}/24`], mtu: 1500 }], mtu: 1500, hostSlice },
    })
    expect(reg.status, reg.body).toBe(201)
    // the first heartbeat activates the host: it gets its router address and infrastructure
    const hb = await t.request({ method: 'POST', url: `${API}/agent/heartbeat`, headers: { authorization: `Bearer ${reg.json.token}` }, payload: {} })
    expect(hb.status).toBe(200)
    agents[name] = { hostId: reg.json.hostId, token: reg.json.token }
  }
  const desired = async (name: string) => (await t.request({ method: 'GET', url: `${API}/agent/desired-state`, headers: { authorization: `Bearer ${agents[name]!.token}` } })).json
  const launch = (name: string, host: string, labels: Record<string, string> = {}) =>
    t.request({ method: 'POST', url: `${API}/environments/${envId}/containers`, payload: { name, image: 'nginx:1.27', hostId: agents[host]!.hostId, labels } })

  beforeAll(async () => {
    t = await startTestServer(dialect, { lab: false })
    const templates = (await t.request({ method: 'GET', url: `${API}/templates` })).json.items
    envId = (await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'slices', environmentTemplateId: templates.find((x: Json) => x.name === 'Cattle').id } })).json.id
    // a host without a slice first: its router and infrastructure take addresses from 10.42.0.x
    await agent('plain', '192.168.50.10', false)
    await agent('sliced-1', '192.168.50.11', true)
    await agent('sliced-2', '192.168.50.12', true)
  })
  afterAll(async () => t?.close())

  it('gives each slice host its own slice, none holding another host’s address, with its router inside', async () => {
    const plain = await desired('plain')
    const s1 = await desired('sliced-1')
    const s2 = await desired('sliced-2')
    expect(plain.slice).toBeNull()
    expect(inCidr('10.42.0.0/24', plain.routerIp)).toBe(true)
    // 10.42.0.0/24 already holds the plain host's addresses, so the slices start after it
    expect(s1.slice).toBe('10.42.1.0/24')
    expect(s2.slice).toBe('10.42.2.0/24')
    expect(inCidr(s1.slice, s1.routerIp)).toBe(true)
    expect(inCidr(s2.slice, s2.routerIp)).toBe(true)
    expect(s1.peers.find((p: Json) => p.hostId === agents['sliced-2']!.hostId).slice).toBe('10.42.2.0/24')
  })

  it('allocates containers of a slice host from its slice, and not a requested address outside it', async () => {
    const a = await launch('in-slice', 'sliced-1')
    expect(a.status, a.body).toBe(201)
    expect(inCidr('10.42.1.0/24', a.json.managedIp)).toBe(true)

    const b = await launch('asks-elsewhere', 'sliced-1', { 'io.rancher.container.requested_ip': '10.42.2.50' })
    expect(b.status, b.body).toBe(201)
    expect(inCidr('10.42.1.0/24', b.json.managedIp)).toBe(true)
    expect(JSON.stringify(b.json.managedIpNote)).toContain('10.42.2.50')

    const c = await launch('asks-inside', 'sliced-2', { 'io.rancher.container.requested_ip': '10.42.2.50' })
    expect(c.json.managedIp).toBe('10.42.2.50')

    const d = await launch('plain-one', 'plain')
    expect(inCidr('10.42.1.0/24', d.json.managedIp) || inCidr('10.42.2.0/24', d.json.managedIp)).toBe(false)
  })
})
