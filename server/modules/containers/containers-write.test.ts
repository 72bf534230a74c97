import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../testing/test-db.ts'
import { startTestServer, type TestServer } from '../../testing/test-app.ts'
import { inCidr } from '../../testing/net.ts'

const API = '/api/v1'
const DOCKER_BRIDGE = '172.17.0.0/16'
const MANAGED = '10.42.0.0/16'
const NETWORK_LABEL = 'io.rancher.container.network'

type Json = any

describe.each(DIALECTS)('launching containers on %s', (dialect) => {
  let t: TestServer
  let envId: string
  let hosts: Json[]
  let web1: Json

  const url = (path = '') => `${API}/environments/${envId}/containers${path}`
  const launch = (body: Json, env = envId) => t.request({ method: 'POST', url: `${API}/environments/${env}/containers`, payload: { image: 'nginx:1.27', ...body } })
  const get = async (id: string) => (await t.request({ method: 'GET', url: url(`/${id}`) })).json
  const list = async () => (await t.request({ method: 'GET', url: url('?limit=500') })).json.items as Json[]
  const tick = () => t.server.lab!.tickAll()
  const templateId = async () => (await t.request({ method: 'GET', url: `${API}/templates` })).json.items.find((x: Json) => x.name === 'Cattle').id

  /** Launches, lets the agents report, answers the container as the API then shows it. */
  async function launched(body: Json): Promise<Json> {
    const res = await launch(body)
    expect(res.status, JSON.stringify(res.json)).toBe(201)
    await tick()
    return get(res.json.id)
  }

  beforeAll(async () => {
    t = await startTestServer(dialect, { demo: true, labIntervalMs: 60_000 })
    envId = (await t.request({ method: 'GET', url: `${API}/environments` })).json.items[0].id
    await tick()
    await tick()
    hosts = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts` })).json.items
    web1 = (await list()).find((c) => c.name === 'web-1')
  })
  afterAll(async () => t?.close())

  it('shows no address problem on the healthy demo', async () => {
    for (const c of await list()) expect(c.problems, c.name).toEqual([])
    expect((await get(web1.id)).problems).toEqual([])
  })

  it('launches a managed container: a managed IP at once, the Docker bridge IP once the agent reports', async () => {
    const res = await launch({ name: 'app-1', hostId: hosts[0].id })
    expect(res.status).toBe(201)
    expect(res.json).toMatchObject({ name: 'app-1', state: 'creating', desiredState: 'running', networkMode: 'managed', networkName: 'ipsec', dockerIp: null, error: null })
    expect(inCidr(MANAGED, res.json.managedIp)).toBe(true)
    expect(res.json.managedAddress).toMatchObject({ address: res.json.managedIp, networkName: 'ipsec', subnet: MANAGED, gateway: '10.42.0.1', source: 'next-free', requested: [] })
    expect(res.json.managedAddress.macAddress).toMatch(/^02:52:0a:2a:[0-9a-f]{2}:[0-9a-f]{2}$/)
    expect(res.json.dns).toEqual(['169.254.169.250'])
    expect(res.json.dnsSearch).toEqual(['rancher.internal'])

    await tick()
    const c = await get(res.json.id)
    expect(c).toMatchObject({ state: 'running', managedIp: res.json.managedIp, problems: [] })
    expect(inCidr(DOCKER_BRIDGE, c.dockerIp)).toBe(true)
    expect(c.reportedAddresses).toEqual(expect.arrayContaining([`${c.dockerIp}/16`, `${c.managedIp}/16`]))
  })

  it('launches on the driver network by name', async () => {
    const c = await launched({ name: 'app-ipsec', hostId: hosts[1].id, networkMode: 'ipsec' })
    expect(c).toMatchObject({ networkName: 'ipsec', state: 'running' })
    expect(inCidr(MANAGED, c.managedIp)).toBe(true)
  })

  it('gives bridge mode only a Docker bridge IP', async () => {
    const c = await launched({ name: 'app-bridge', hostId: hosts[0].id, networkMode: 'bridge' })
    expect(c).toMatchObject({ managedIp: null, managedAddress: null, dns: [], problems: [] })
    expect(inCidr(DOCKER_BRIDGE, c.dockerIp)).toBe(true)
  })

  it('gives host mode no address of its own and points at the host', async () => {
    const c = await launched({ name: 'app-host', hostId: hosts[0].id, networkMode: 'host' })
    expect(c).toMatchObject({ state: 'running', dockerIp: null, managedIp: null, managedAddress: null })
    expect(c.dockerIpNote.detail).toContain(hosts[0].agentIp)
  })

  it('gives mode none no address at all', async () => {
    const c = await launched({ name: 'app-none', hostId: hosts[0].id, networkMode: 'none' })
    expect(c).toMatchObject({ state: 'running', dockerIp: null, managedIp: null, reportedAddresses: [] })
  })

  it("runs container:web-1 on web-1's host with web-1's addresses", async () => {
    const c = await launched({ name: 'web-1-sidecar', networkMode: 'container:web-1' })
    expect(c).toMatchObject({
      hostId: web1.hostId,
      networkContainerId: web1.id,
      networkContainerName: 'web-1',
      dockerIp: web1.dockerIp,
      managedIp: web1.managedIp,
      managedAddress: null,
      problems: [],
    })
  })

  it('keeps a Docker CLI container without the label off the managed network and says how to join', async () => {
    const c = await launched({ name: 'cli-plain', hostId: hosts[1].id, native: true })
    expect(c).toMatchObject({ native: true, managedIp: null, managedAddress: null, problems: [] })
    expect(inCidr(DOCKER_BRIDGE, c.dockerIp)).toBe(true)
    expect(`${c.managedIpNote.source} ${c.managedIpNote.detail}`).toContain(`${NETWORK_LABEL}=true`)
  })

  it('gives a labelled Docker CLI container both addresses', async () => {
    const c = await launched({ name: 'cli-label', hostId: hosts[1].id, native: true, networkMode: 'bridge', labels: { [NETWORK_LABEL]: 'true' } })
    expect(c).toMatchObject({ native: true, networkName: 'ipsec', problems: [] })
    expect(inCidr(MANAGED, c.managedIp)).toBe(true)
    expect(inCidr(DOCKER_BRIDGE, c.dockerIp)).toBe(true)
  })

  it('ignores the managed-network label on a Rancher-created container', async () => {
    const c = await launched({ name: 'rancher-bridge', hostId: hosts[1].id, networkMode: 'bridge', labels: { [NETWORK_LABEL]: 'true' } })
    expect(c).toMatchObject({ native: false, managedIp: null })
  })

  it('adds no Rancher DNS with io.rancher.container.dns=false', async () => {
    const c = await launched({ name: 'no-dns', hostId: hosts[2].id, labels: { 'io.rancher.container.dns': 'false' } })
    expect(c).toMatchObject({ dns: [], dnsSearch: [] })
    expect(inCidr(MANAGED, c.managedIp)).toBe(true)
  })

  it('puts the stack and service domains first in the search list of service containers', async () => {
    const all = await list()
    const healthcheck = all.find((c) => c.serviceName === 'healthcheck')
    expect(healthcheck.dnsSearch).toEqual(['healthcheck.rancher.internal', 'healthcheck.healthcheck.rancher.internal', 'rancher.internal'])
    const holder = all.find((c) => /^ipsec-ipsec-\d+$/.test(c.name))
    expect(holder.dnsSearch).toEqual(['ipsec.rancher.internal', 'ipsec.ipsec.rancher.internal', 'rancher.internal'])
    // containers outside any stack get only the network's
    expect(all.find((c) => c.name === 'web-2').dnsSearch).toEqual(['rancher.internal'])
  })

  it('refuses a bad launch with the status, code and field of each mistake', async () => {
    const other = (await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'other', environmentTemplateId: await templateId() } })).json
    const foreignHost = (await t.request({ method: 'POST', url: `${API}/environments/${other.id}/hosts`, payload: {} })).json
    const h1 = web1.hostId
    const h2 = hosts.find((h) => h.id !== h1).id
    const port = (publicPort: number | null, privatePort: number, protocol = 'tcp', bindIp: string | null = null) => ({ bindIp, publicPort, privatePort, protocol })
    const cases: [string, Json, number, string, string, string[]][] = [
      ['a taken name', { name: 'web-1' }, 409, 'NAME_TAKEN', 'name', ['web-1']],
      ['an unknown host', { name: 'x1', hostId: 'hst_missing' }, 422, 'REFERENCE_NOT_FOUND', 'hostId', ['hst_missing']],
      ["another environment's host", { name: 'x2', hostId: foreignHost.id }, 422, 'REFERENCE_NOT_FOUND', 'hostId', [foreignHost.id]],
      ['an unknown network', { name: 'x3', networkMode: 'vxlan' }, 422, 'NETWORK_NOT_FOUND', 'networkMode', ['vxlan']],
      ['an unknown container:X', { name: 'x4', networkMode: 'container:ghost' }, 422, 'NETWORK_NOT_FOUND', 'networkMode', ['ghost']],
      ['container:X on another host', { name: 'x5', networkMode: 'container:web-1', hostId: h2 }, 400, 'VALIDATION_FAILED', 'hostId', ['web-1', 'same host']],
      ['a requested IP that is no IPv4', { name: 'x6', labels: { 'io.rancher.container.requested_ip': '10.42.0.50, web' } }, 400, 'VALIDATION_FAILED', 'labels.io.rancher.container.requested_ip', ['"web"']],
      ['a dns label that is no boolean', { name: 'x7', labels: { 'io.rancher.container.dns': 'yes' } }, 400, 'VALIDATION_FAILED', 'labels.io.rancher.container.dns', ['io.rancher.container.dns', '"yes"']],
      ['a network label that is no boolean', { name: 'x8', native: true, labels: { [NETWORK_LABEL]: '1' } }, 400, 'VALIDATION_FAILED', `labels.${NETWORK_LABEL}`, [NETWORK_LABEL, '"1"']],
      ['a port web-1 publishes', { name: 'x9', hostId: h1, ports: [port(8080, 80)] }, 409, 'PORT_IN_USE', 'ports.0.publicPort', ['8080/tcp', 'web-1']],
      ['that port on one address', { name: 'x10', hostId: h1, networkMode: 'bridge', ports: [port(8080, 80, 'tcp', '127.0.0.1')] }, 409, 'PORT_IN_USE', 'ports.0.publicPort', ['8080/tcp', 'web-1']],
      ['that port bound by a host-mode process', { name: 'x11', hostId: h1, networkMode: 'host', ports: [port(null, 8080)] }, 409, 'PORT_IN_USE', 'ports.0.publicPort', ['8080/tcp', 'web-1']],
      ["the IPsec holder's 500/udp", { name: 'x12', hostId: h2, networkMode: 'bridge', ports: [port(500, 500, 'udp')] }, 409, 'PORT_IN_USE', 'ports.0.publicPort', ['500/udp', 'ipsec-ipsec-']],
      ['one port twice', { name: 'x13', hostId: h2, ports: [port(7000, 80), port(7001, 81), port(7000, 82, 'tcp', '10.0.0.1')] }, 400, 'VALIDATION_FAILED', 'ports.2.publicPort', ['7000/tcp', 'ports.0']],
      ['an unknown field', { name: 'x14', extra: true }, 400, 'VALIDATION_FAILED', '', []],
      ['a bad name', { name: '-x' }, 400, 'VALIDATION_FAILED', 'name', []],
    ]
    const before = await list()
    const allocations = await t.server.ctx.db.selectFrom('ip_addresses').select('address').where('environment_id', '=', envId).execute()
    for (const [what, body, status, code, path, words] of cases) {
      const res = await launch(body)
      expect(res.status, `${what}: ${JSON.stringify(res.json)}`).toBe(status)
      expect(res.json.error.code, what).toBe(code)
      if (code !== 'NO_ACTIVE_HOST') expect(res.json.error.details.map((d: Json) => d.path), what).toContain(path)
      for (const w of words) expect(res.json.error.message, what).toContain(w)
    }
    // nothing was written by any of them
    expect((await list()).map((c) => c.id)).toEqual(before.map((c) => c.id))
    expect(await t.server.ctx.db.selectFrom('ip_addresses').select('address').where('environment_id', '=', envId).execute()).toEqual(allocations)
    // the same port on another protocol or another host is fine
    expect((await launch({ name: 'udp-8080', hostId: h1, networkMode: 'bridge', ports: [port(8080, 80, 'udp')] })).status).toBe(201)
    expect((await launch({ name: 'h2-8080', hostId: h2, networkMode: 'bridge', ports: [port(8080, 80)] })).status).toBe(201)
  })

  it('answers 409 NO_ACTIVE_HOST when no host can run it, 404 for an unknown environment', async () => {
    const empty = (await t.request({ method: 'POST', url: `${API}/environments`, payload: { name: 'empty', environmentTemplateId: await templateId() } })).json
    const res = await launch({ name: 'lonely' }, empty.id)
    expect(res.status).toBe(409)
    expect(res.json.error.code).toBe('NO_ACTIVE_HOST')
    expect((await launch({ name: 'lost' }, 'env_missing')).status).toBe(404)
  })

  it('lists the containers of one network with ?networkId=', async () => {
    const networks = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/networks` })).json.items
    const all = await list()
    for (const n of networks) {
      const res = await t.request({ method: 'GET', url: url(`?networkId=${n.id}&limit=500`) })
      expect(res.status).toBe(200)
      expect(res.json.items.map((c: Json) => c.name).sort(), n.name).toEqual(all.filter((c) => c.networkId === n.id).map((c) => c.name).sort())
    }
    const managed = (await t.request({ method: 'GET', url: url(`?networkId=${web1.networkId}&system=false&limit=500`) })).json.items.map((c: Json) => c.name)
    expect(managed).toEqual(expect.arrayContaining(['web-1', 'web-2', 'db-1', 'cli-joined']))
    expect(managed).not.toContain('legacy-app')
    expect((await t.request({ method: 'GET', url: url('?networkId=net_missing') })).json.items).toEqual([])
  })

  it('schedules onto the active host with the fewest containers', async () => {
    const load = async () => {
      const all = await list()
      return hosts.map((h) => ({ id: h.id, n: all.filter((c) => c.hostId === h.id).length })).sort((a, b) => a.n - b.n || (a.id < b.id ? -1 : 1))
    }
    for (let i = 0; i < 4; i++) {
      const expected = (await load())[0].id
      const res = await launch({ name: `sched-${i}` })
      expect(res.status).toBe(201)
      expect(res.json.hostId, `launch ${i}`).toBe(expected)
    }
  })
})
