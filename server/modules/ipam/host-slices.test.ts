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
    // the note names the slice as the reason, not a conflict that does not exist
    expect(b.json.managedIpNote.detail).toContain(
      "requested 10.42.2.50 is outside sliced-1's slice 10.42.1.0/24 (the overlay here routes one slice per host); a free one in the slice was given",
    )
    expect(b.json.managedIpNote.detail).not.toContain('was taken or out of range')
    // the single-container read answers the same note as the list
    const bGot = await t.request({ method: 'GET', url: `${API}/environments/${envId}/containers/${b.json.id}` })
    expect(bGot.json.managedIpNote).toEqual(b.json.managedIpNote)

    const c = await launch('asks-inside', 'sliced-2', { 'io.rancher.container.requested_ip': '10.42.2.50' })
    expect(c.json.managedIp).toBe('10.42.2.50')
    expect(c.json.managedIpNote.detail).toContain('requested IP honoured')

    // inside the slice but already given: really taken, so the usual wording stays
    const e = await launch('asks-taken', 'sliced-2', { 'io.rancher.container.requested_ip': '10.42.2.50' })
    expect(e.status, e.body).toBe(201)
    expect(inCidr('10.42.2.0/24', e.json.managedIp)).toBe(true)
    expect(e.json.managedIpNote.detail).toContain('requested 10.42.2.50 was taken or out of range; a free one was given')
    expect(e.json.managedIpNote.detail).not.toContain('slice')

    const d = await launch('plain-one', 'plain')
    expect(inCidr('10.42.1.0/24', d.json.managedIp) || inCidr('10.42.2.0/24', d.json.managedIp)).toBe(false)
  })

  it('answers each host’s slice on the hosts API, null for a host without one', async () => {
    const list = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts` })).json.items
    const slices = Object.fromEntries(list.map((h: Json) => [h.name, h.slice]))
    expect(slices).toEqual({ plain: null, 'sliced-1': '10.42.1.0/24', 'sliced-2': '10.42.2.0/24' })
    const one = await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts/${agents['sliced-1']!.hostId}` })
    expect(one.json.slice).toBe('10.42.1.0/24')
    expect(inCidr(one.json.slice, one.json.routerIp)).toBe(true)
  })

  it('shows no slice once the host re-registers without asking for one (IPAM no longer uses it)', async () => {
    const reg = await t.request({
      method: 'POST',
      url: `${API}/agent/register`,
      payload: { environmentId: envId, name: 'sliced-1', agentIp: '192.168.50.11', interfaces: [{ name: 'eth0', cidrs: ['192.168.50.11/24'], mtu: 1500 }], mtu: 1500, hostSlice: false },
    })
    expect(reg.status, reg.body).toBe(201)
    const host = await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts/${agents['sliced-1']!.hostId}` })
    expect(host.json.slice).toBeNull()
    // nor does its desired state, or its peers' view of it
    agents['sliced-1'] = { hostId: reg.json.hostId, token: reg.json.token }
    expect((await desired('sliced-1')).slice).toBeNull()
    expect((await desired('sliced-2')).peers.find((p: Json) => p.hostId === reg.json.hostId).slice).toBeNull()
    // the container that asked for 10.42.2.50 is no longer explained by a slice the host does not use
    const list = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/containers?limit=500` })).json.items
    const asked = list.find((c: Json) => c.name === 'asks-elsewhere')
    expect(asked.managedIpNote.detail).toContain('requested 10.42.2.50 was taken or out of range')
  })
})
