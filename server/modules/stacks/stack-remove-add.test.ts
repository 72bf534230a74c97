import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ChangeEvent } from '../../../core/api/events.ts'
import { DIALECTS } from '../../testing/test-db.ts'
import { startDemoServer, type TestServer } from '../../testing/test-app.ts'

const API = '/api/v1'

type Named = { id: string; name: string }

/**
 * One story on the demo environment (three lab hosts, user containers on the IPsec network):
 * removing the driver stack is refused while containers use it, a forced removal breaks their
 * networking and refuses new managed containers, and adding the driver back heals new launches.
 * The steps run in order and build on each other.
 */
describe.each(DIALECTS)('removing and adding infrastructure stacks on %s', (dialect) => {
  let t: TestServer
  let envId: string
  const get = async (path: string) => (await t.request({ method: 'GET', url: `${API}/environments/${envId}${path}` })).json
  const stacks = async () => (await get('/stacks')).items as (Named & { revision: number; state: string })[]
  const stackNamed = async (name: string) => (await stacks()).find((s) => s.name === name)!
  const containerNamed = async (name: string) => ((await get('/containers?limit=500')).items as (Named & { stackId: string | null })[]).find((c) => c.name === name)!
  const launch = (name: string) => t.request({ method: 'POST', url: `${API}/environments/${envId}/containers`, payload: { name, image: 'nginx:1.25', networkMode: 'managed' } })
  const addStack = (payload: object) => t.request({ method: 'POST', url: `${API}/environments/${envId}/stacks`, payload })

  beforeAll(async () => {
    ;({ t, envId } = await startDemoServer(dialect))
  })
  afterAll(async () => t?.close())

  it('refuses to remove the driver stack while containers use its network, naming them, and changes nothing', async () => {
    const ipsec = await stackNamed('ipsec')
    const networksBefore = (await get('/networks')).items
    const res = await t.request({ method: 'DELETE', url: `${API}/environments/${envId}/stacks/${ipsec.id}` })
    expect(res.status).toBe(409)
    expect(res.json.error.code).toBe('DRIVER_IN_USE')
    // the message names the first few (by name) and counts the rest; the details list them all
    expect(res.json.error.message).toContain('api-1 (on host-')
    expect(res.json.error.message).toContain('and 2 more')
    expect(res.json.error.message).toContain('force=true')
    expect(res.json.error.details.network).toBe('ipsec')
    const names = res.json.error.details.containers.map((c: { name: string }) => c.name).sort()
    // every user container on the managed network, Docker-CLI ones that joined it included; not the stack's own
    expect(names).toEqual(['api-1', 'cache-1', 'cli-joined', 'cli-managed-only', 'db-1', 'web-1', 'web-2'])
    expect(res.json.error.details.containers.find((c: { name: string }) => c.name === 'web-1').hostName).toBeTruthy()

    expect((await stackNamed('ipsec')).revision).toBe(ipsec.revision)
    expect((await get('/networks')).items).toEqual(networksBefore)
    expect((await get('')).defaultNetworkId).not.toBeNull()
  })

  it('refuses a stale If-Match with 409 REVISION_MISMATCH', async () => {
    const ipsec = await stackNamed('ipsec')
    const res = await t.request({ method: 'DELETE', url: `${API}/environments/${envId}/stacks/${ipsec.id}?force=true`, headers: { 'if-match': String(ipsec.revision + 5) } })
    expect(res.status).toBe(409)
    expect(res.json.error).toMatchObject({ code: 'REVISION_MISMATCH', details: { current: ipsec.revision } })
    expect((await stackNamed('ipsec')).state).toBe('active')
  })

  it('answers 404 for an unknown stack and 400 for a malformed force flag', async () => {
    expect((await t.request({ method: 'DELETE', url: `${API}/environments/${envId}/stacks/stk_nope` })).status).toBe(404)
    expect((await t.request({ method: 'DELETE', url: `${API}/environments/env_nope/stacks/stk_nope` })).status).toBe(404)
    const ipsec = await stackNamed('ipsec')
    const bad = await t.request({ method: 'DELETE', url: `${API}/environments/${envId}/stacks/${ipsec.id}?force=yes` })
    expect(bad.status).toBe(400)
    expect(bad.json.error.code).toBe('VALIDATION_FAILED')
  })

  it('forced: removes the stack, driver and network; the users show networking failed and new managed containers are refused', async () => {
    const ipsec = await stackNamed('ipsec')
    const web1Before = await get(`/containers/${(await containerNamed('web-1')).id}`)
    const events: ChangeEvent[] = []
    const unsubscribe = t.server.ctx.bus.subscribe((e) => events.push(e))
    const res = await t.request({ method: 'DELETE', url: `${API}/environments/${envId}/stacks/${ipsec.id}?force=true`, headers: { 'if-match': String(ipsec.revision) } })
    unsubscribe()
    expect(res.status).toBe(200)
    // live clients hear of every changed resource: the stack, its services, containers, driver, network, environment,
    // and the network timeline's new entry (kind finding)
    expect(new Set(events.map((e) => e.kind))).toEqual(new Set(['stack', 'service', 'container', 'networkDriver', 'network', 'environment', 'finding']))
    expect(events).toContainEqual(expect.objectContaining({ kind: 'container', action: 'updated', id: web1Before.id }))
    expect(res.json).toMatchObject({ id: ipsec.id, state: 'removed', revision: ipsec.revision + 1 })
    expect(res.json.services.every((s: { state: string }) => s.state === 'removed')).toBe(true)
    expect(res.json.stateReason).toContain('7 container(s)')

    expect((await stacks()).map((s) => s.name)).not.toContain('ipsec')
    expect((await get('/networks')).items.map((n: { name: string }) => n.name)).not.toContain('ipsec')
    expect((await get('/network-drivers')).items.map((d: { state: string }) => d.state)).toEqual(['removed'])
    expect((await get('')).defaultNetworkId).toBeNull()
    // the stack's own containers (routers, cni-driver) are gone; no host keeps a router address
    const system = (await get('/containers?limit=500&system=true')).items as { stackId: string }[]
    expect(system.filter((c) => c.stackId === ipsec.id)).toEqual([])

    // a user keeps its row and address, and says why its networking failed
    const web1 = await get(`/containers/${web1Before.id}`)
    expect(web1.state).not.toBe('removed')
    expect(web1.managedIp).toBe(web1Before.managedIp)
    expect(web1.revision).toBeGreaterThan(web1Before.revision)
    expect(web1.problems.map((p: { code: string }) => p.code)).toContain('network-failed')

    const refused = await launch('web-after-removal')
    expect(refused.status).toBe(422)
    expect(refused.json.error.code).toBe('NETWORK_NOT_FOUND')
    expect(refused.json.error.message).toContain('no network for network mode managed')
  })

  it('keeps working when the lab agents next report (removed routers stop on their hosts)', async () => {
    await t.server.lab!.tickAll()
    const res = await t.request({ method: 'GET', url: `${API}/environments/${envId}/diagnostics/findings` })
    expect(res.status).toBe(200)
  })

  it('adds the driver back: network, default network and routers return, new managed containers get an address', async () => {
    const res = await addStack({ name: 'ipsec', catalogTemplateId: 'ipsec' })
    expect(res.status).toBe(201)
    // the hosts are active, so the stack is placed at once rather than waiting for a host
    expect(res.json).toMatchObject({ name: 'ipsec', system: true, state: 'active', catalogTemplateId: 'ipsec', version: '0.2.5', answers: { MTU: '1500' } })

    const networks = (await get('/networks')).items
    const ipsecNet = networks.find((n: { name: string }) => n.name === 'ipsec')
    expect(ipsecNet).toMatchObject({ kind: 'cni', isDefault: true, subnets: [{ cidr: '10.42.0.0/16' }] })
    expect((await get('')).defaultNetworkId).toBe(ipsecNet.id)
    const drivers = (await get('/network-drivers')).items
    expect(drivers.find((d: { stackId: string }) => d.stackId === res.json.id)).toMatchObject({ name: 'Rancher IPsec', state: 'active' })

    const own = ((await get('/containers?limit=500&system=true')).items as { stackId: string; hostName: string | null }[]).filter((c) => c.stackId === res.json.id)
    expect(own.length).toBeGreaterThanOrEqual(3) // the global services land on each of the three hosts

    const launched = await launch('web-after-readd')
    expect(launched.status).toBe(201)
    expect(launched.json.managedIp).toMatch(/^10\.42\./)
  })

  it('refuses a second network driver with 400 MULTIPLE_NETWORK_DRIVERS and a taken name with 409', async () => {
    const before = (await stacks()).length
    const vxlan = await addStack({ name: 'vxlan', catalogTemplateId: 'vxlan' })
    expect(vxlan.status).toBe(400)
    expect(vxlan.json.error.code).toBe('MULTIPLE_NETWORK_DRIVERS')
    expect(vxlan.json.error.message).toContain('Rancher IPsec')
    const again = await addStack({ name: 'IPSEC', catalogTemplateId: 'ipsec' })
    expect(again.status).toBe(409)
    expect(again.json.error).toMatchObject({ code: 'NAME_TAKEN', details: [{ path: 'name', message: 'is taken' }] })
    expect((await stacks()).length).toBe(before)
  })

  it('answers 400 naming the field for unknown catalog templates, versions and bad answers, creating nothing', async () => {
    const before = await stacks()
    const cases: [object, string][] = [
      [{ name: 'x', catalogTemplateId: 'nope' }, 'catalogTemplateId'],
      [{ name: 'x', catalogTemplateId: 'healthcheck', version: '9.9.9' }, 'version'],
      [{ name: 'vx', catalogTemplateId: 'vxlan', answers: { MTU: '15x0' } }, 'answers.MTU'],
      [{ name: 'vx', catalogTemplateId: 'vxlan', answers: { SUBNET: '10.60.0.0/33' } }, 'answers.SUBNET'],
      [{ name: '-bad-', catalogTemplateId: 'healthcheck' }, 'name'],
      [{ catalogTemplateId: 'healthcheck' }, 'name'],
    ]
    for (const [payload, path] of cases) {
      const res = await addStack(payload)
      expect(res.status, JSON.stringify(payload)).toBe(400)
      expect(res.json.error.code).toBe('VALIDATION_FAILED')
      expect(res.json.error.details.map((d: { path: string }) => d.path), JSON.stringify(payload)).toContain(path)
    }
    expect(await stacks()).toEqual(before)
  })

  it('removes a stack without a driver at once and says what it breaks', async () => {
    const ns = await stackNamed('network-services')
    const res = await t.request({ method: 'DELETE', url: `${API}/environments/${envId}/stacks/${ns.id}` })
    expect(res.status).toBe(200)
    expect(res.json.state).toBe('removed')
    expect(res.json.stateReason).toContain('169.254.169.250')
    // removing it again changes nothing
    const again = await t.request({ method: 'DELETE', url: `${API}/environments/${envId}/stacks/${ns.id}` })
    expect(again.status).toBe(200)
    expect(again.json.revision).toBe(res.json.revision)
  })
})
