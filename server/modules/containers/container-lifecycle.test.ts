import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../testing/test-db.ts'
import { startDemoServer, type TestServer } from '../../testing/test-app.ts'
import { inCidr } from '../../testing/net.ts'

const API = '/api/v1'
const MANAGED = '10.42.0.0/16'
const REQUESTED = 'io.rancher.container.requested_ip'

type Json = any

describe.each(DIALECTS)('stopping, starting and removing containers on %s', (dialect) => {
  let t: TestServer
  let envId: string
  let hosts: Json[]

  const url = (path = '') => `${API}/environments/${envId}/containers${path}`
  const get = async (id: string) => (await t.request({ method: 'GET', url: url(`/${id}`) })).json
  const list = async () => (await t.request({ method: 'GET', url: url('?limit=500') })).json.items as Json[]
  const act = (id: string, action: 'stop' | 'start', headers: Record<string, string> = {}) => t.request({ method: 'POST', url: url(`/${id}/${action}`), headers })
  const remove = (id: string, headers: Record<string, string> = {}) => t.request({ method: 'DELETE', url: url(`/${id}`), headers })
  const tick = () => t.server.lab!.tickAll()
  const row = (id: string) => t.server.ctx.db.selectFrom('containers').select(['state', 'reported_state', 'docker_ip', 'error']).where('id', '=', id).executeTakeFirstOrThrow()

  async function launched(body: Json): Promise<Json> {
    const res = await t.request({ method: 'POST', url: url(), payload: { image: 'nginx:1.27', ...body } })
    expect(res.status, JSON.stringify(res.json)).toBe(201)
    await tick()
    return get(res.json.id)
  }

  beforeAll(async () => {
    ;({ t, envId } = await startDemoServer(dialect))
    hosts = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts` })).json.items
  })
  afterAll(async () => t?.close())

  it('stops and starts a container through its host agent, keeping its managed IP', async () => {
    const c = await launched({ name: 'svc', hostId: hosts[1].id })
    expect(c.state).toBe('running')

    const stop = await act(c.id, 'stop')
    expect(stop.status).toBe(200)
    expect(stop.json).toMatchObject({ desiredState: 'stopped', state: 'running', revision: c.revision + 1, managedIp: c.managedIp })
    await tick()
    const stopped = await get(c.id)
    expect(stopped).toMatchObject({ state: 'stopped', desiredState: 'stopped', managedIp: c.managedIp, managedAddress: c.managedAddress, problems: [] })
    expect((await row(c.id)).reported_state).toBe('stopped')

    // stopping a stopped container changes nothing
    const again = await act(c.id, 'stop')
    expect(again.status).toBe(200)
    expect(again.json.revision).toBe(stopped.revision)

    const start = await act(c.id, 'start')
    expect(start.status).toBe(200)
    expect(start.json.desiredState).toBe('running')
    await tick()
    expect(await get(c.id)).toMatchObject({ state: 'running', desiredState: 'running', managedIp: c.managedIp, dockerIp: c.dockerIp })
  })

  it('honours If-Match on stop, start and remove', async () => {
    const c = await launched({ name: 'guarded', hostId: hosts[0].id })
    for (const res of [await act(c.id, 'stop', { 'if-match': String(c.revision - 1) }), await remove(c.id, { 'if-match': '"0"' })]) {
      expect(res.status).toBe(409)
      expect(res.json.error).toMatchObject({ code: 'REVISION_MISMATCH', details: { current: c.revision } })
    }
    const bad = await act(c.id, 'start', { 'if-match': 'yesterday' })
    expect(bad.status).toBe(400)
    expect(bad.json.error.details[0].path).toBe('If-Match')
    const ok = await act(c.id, 'stop', { 'if-match': String(c.revision) })
    expect(ok.status).toBe(200)
    expect(ok.json.revision).toBe(c.revision + 1)
  })

  it('removes a container at once, releases its address for reuse and the agent confirms', async () => {
    const c = await launched({ name: 'doomed', hostId: hosts[2].id })
    const ip = c.managedIp
    expect(inCidr(MANAGED, ip)).toBe(true)

    const res = await remove(c.id)
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ id: c.id, state: 'removed', desiredState: 'removed', managedIp: null, managedAddress: null, problems: [], revision: c.revision + 1 })
    expect((await list()).map((x) => x.id)).not.toContain(c.id)
    const held = await t.server.ctx.db.selectFrom('ip_addresses').select('address').where('container_id', '=', c.id).execute()
    expect(held).toEqual([])

    // the host agent sees it leave its desired state, removes it and says so
    await tick()
    expect(await row(c.id)).toMatchObject({ state: 'removed', reported_state: 'removed', docker_ip: null })
    expect((await get(c.id)).state).toBe('removed')

    for (const again of [await act(c.id, 'stop'), await act(c.id, 'start'), await remove(c.id)]) expect(again.status).toBe(404)

    const next = await launched({ name: 'doomed', hostId: hosts[0].id, labels: { [REQUESTED]: ip } })
    expect(next.managedIp).toBe(ip)
    expect(next.managedAddress.source).toBe('requested')
    expect(next.problems).toEqual([])
  })

  it('lets a shared network namespace go and shows its sharers as network-failed', async () => {
    const base = await launched({ name: 'base', hostId: hosts[0].id })
    const side = await launched({ name: 'base-side', networkMode: 'container:base' })
    expect(side).toMatchObject({ hostId: base.hostId, managedIp: base.managedIp, problems: [] })
    expect((await remove(base.id)).status).toBe(200)
    const after = await get(side.id)
    expect(after).toMatchObject({ state: 'running', managedIp: null, dockerIp: null })
    expect(after.problems).toEqual([{ code: 'network-failed', message: expect.stringContaining('base') }])
  })

  it('404s for an unknown container', async () => {
    for (const res of [await act('ctr_missing', 'stop'), await act('ctr_missing', 'start'), await remove('ctr_missing')]) {
      expect(res.status).toBe(404)
      expect(res.json.error.code).toBe('NOT_FOUND')
    }
  })
})

describe.each(DIALECTS)('what a host agent reports about containers on %s', (dialect) => {
  let t: TestServer
  let envId: string
  let agent: { hostId: string; token: string }

  const url = (path = '') => `${API}/environments/${envId}/containers${path}`
  const get = async (id: string) => (await t.request({ method: 'GET', url: url(`/${id}`) })).json
  const list = async () => (await t.request({ method: 'GET', url: url('?limit=500') })).json.items as Json[]
  const launch = async (body: Json) => {
    const res = await t.request({ method: 'POST', url: url(), payload: { image: 'nginx:1.27', hostId: agent.hostId, ...body } })
    expect(res.status, JSON.stringify(res.json)).toBe(201)
    return res.json
  }
  const report = async (containers: Json[]) => {
    const res = await t.request({ method: 'POST', url: `${API}/agent/report`, headers: { authorization: `Bearer ${agent.token}` }, payload: { containers } })
    expect(res.status, JSON.stringify(res.json)).toBe(200)
  }
  const facts = (containerId: string, state: string, eth0: string[]) => ({ containerId, state, dockerIp: '172.17.0.99', eth0Addresses: eth0, mtu: 1402 })
  const codes = (c: Json) => c.problems.map((p: Json) => p.code)

  beforeAll(async () => {
    ;({ t, envId } = await startDemoServer(dialect))
    // this test plays the agent of one more host, one that does exactly what it is told
    const res = await t.request({
      method: 'POST',
      url: `${API}/agent/register`,
      payload: { environmentId: envId, name: 'manual', agentIp: '192.168.50.99', interfaces: [{ name: 'eth0', cidrs: ['192.168.50.99/24'] }] },
    })
    expect(res.status).toBe(201)
    agent = res.json
  })
  afterAll(async () => t?.close())

  it('flags an eth0 without the managed IP, or with another managed address', async () => {
    const c = await launch({ name: 'm-1' })
    await report([facts(c.id, 'running', ['172.17.0.99/16', `${c.managedIp}/16`])])
    expect((await get(c.id)).problems).toEqual([])

    await report([facts(c.id, 'running', ['172.17.0.99/16'])])
    const missing = await get(c.id)
    expect(codes(missing)).toEqual(['managed-ip-missing'])
    expect(missing.problems[0].message).toContain(c.managedIp)

    await report([facts(c.id, 'running', ['172.17.0.99/16', '10.42.250.250/16'])])
    const differs = (await get(c.id)).problems.find((p: Json) => p.code === 'address-differs')
    expect(differs.message).toContain('10.42.250.250')
    expect(differs.message).toContain(c.managedIp)

    // a stopped container is not expected to carry its address
    await report([facts(c.id, 'stopped', [])])
    expect((await get(c.id)).problems).toEqual([])
  })

  it('shows a duplicate address on the container, but not in the list', async () => {
    const web2 = (await list()).find((c) => c.name === 'web-2')
    const c = await launch({ name: 'm-dup' })
    await report([facts(c.id, 'running', ['172.17.0.98/16', `${web2.managedIp}/16`])])
    const one = await get(c.id)
    const dup = one.problems.find((p: Json) => p.code === 'duplicate-address')
    expect(dup.message).toContain(web2.managedIp)
    expect(dup.message).toContain('web-2')
    expect(codes((await list()).find((x) => x.id === c.id))).not.toContain('duplicate-address')
    // and web-2 learns about it too
    expect((await get(web2.id)).problems.find((p: Json) => p.code === 'duplicate-address').message).toContain('m-dup')
  })

  it('turns a container the host lost into an error, without resurrecting a removed one', async () => {
    const lost = await launch({ name: 'm-lost' })
    await report([facts(lost.id, 'removed', [])])
    expect(await get(lost.id)).toMatchObject({ state: 'error', error: 'removed on the host outside Paddock', desiredState: 'running' })

    const c = await launch({ name: 'm-linger' })
    await report([facts(c.id, 'running', ['172.17.0.97/16', `${c.managedIp}/16`])])
    expect((await t.request({ method: 'DELETE', url: url(`/${c.id}`) })).status).toBe(200)
    // the host keeps running it: Paddock records that, the container stays removed
    await report([facts(c.id, 'running', ['172.17.0.97/16', `${c.managedIp}/16`])])
    const lingering = await get(c.id)
    expect(lingering).toMatchObject({ state: 'removed', dockerIp: '172.17.0.99', reportedAddresses: ['172.17.0.97/16', `${c.managedIp}/16`] })
    const dbRow = await t.server.ctx.db.selectFrom('containers').select(['state', 'reported_state']).where('id', '=', c.id).executeTakeFirstOrThrow()
    expect(dbRow).toEqual({ state: 'removed', reported_state: 'running' })

    // its released address goes to a new container: both hold it now
    const heir = await launch({ name: 'm-heir', labels: { [REQUESTED]: c.managedIp } })
    expect(heir.managedIp).toBe(c.managedIp)
    const dup = (await get(heir.id)).problems.find((p: Json) => p.code === 'duplicate-address')
    expect(dup.message).toContain('m-linger')
    expect(dup.message).toContain('removed in Paddock')

    // the agent finally removes it: the duplicate is gone
    await report([facts(c.id, 'removed', [])])
    expect((await get(heir.id)).problems).toEqual([])
    expect((await get(c.id)).state).toBe('removed')
  })

  it('keeps listing only live containers in the desired state', async () => {
    const res = await t.request({ method: 'GET', url: `${API}/agent/desired-state`, headers: { authorization: `Bearer ${agent.token}` } })
    const names = res.json.containers.map((c: Json) => c.name)
    expect(names).toEqual(expect.arrayContaining(['m-1', 'm-dup', 'm-lost', 'm-heir']))
    expect(names).not.toContain('m-linger')
  })
})
