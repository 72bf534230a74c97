import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../testing/test-db.ts'
import { startDemoServer, type TestServer } from '../../testing/test-app.ts'

const API = '/api/v1'

type Json = any

describe.each(DIALECTS)('releasing a leaked allocation on %s', (dialect) => {
  let t: TestServer
  let envId: string
  const release = (address: string) => t.request({ method: 'DELETE', url: `${API}/environments/${envId}/ip-addresses/${address}` })
  const leaks = async () => {
    const res = await t.request({ method: 'GET', url: `${API}/environments/${envId}/diagnostics/findings` })
    expect(res.status, res.body).toBe(200)
    return (res.json.items as Json[]).filter((f) => f.checkId === 'ipam.leaked-allocation')
  }

  beforeAll(async () => {
    ;({ t, envId } = await startDemoServer(dialect))
  })
  afterAll(async () => t?.close())

  it('frees an address whose container is gone, as the IPAM check’s fix says, and only that one', async () => {
    // a leak as a crash of an older version or a hand edit leaves it: the container row says
    // removed, but its allocation is still there (this version releases both in one transaction)
    const db = t.server.ctx.db
    const cache = await db.selectFrom('containers').select('id').where('environment_id', '=', envId).where('name', '=', 'cache-1').executeTakeFirstOrThrow()
    const { address } = await db.selectFrom('ip_addresses').select('address').where('container_id', '=', cache.id).executeTakeFirstOrThrow()
    await db.updateTable('containers').set({ state: 'removed', desired_state: 'removed' }).where('id', '=', cache.id).execute()
    const [leak] = await leaks()
    expect(leak.evidence.address).toBe(address)
    expect(leak.fix).toContain(`curl -X DELETE <paddock>/api/v1/environments/${envId}/ip-addresses/${address}`)

    const res = await release(address)
    expect(res.status, res.body).toBe(200)
    expect(res.json).toEqual({ address, released: [{ subnet: '10.42.0.0/16', role: 'primary', containerId: cache.id, hostId: null }] })
    expect(await leaks()).toEqual([])
    expect(await db.selectFrom('ip_addresses').select('id').where('container_id', '=', cache.id).executeTakeFirst()).toBeUndefined()
  })

  it('refuses an address a live container or host holds, and names the holder', async () => {
    const web1 = ((await t.request({ method: 'GET', url: `${API}/environments/${envId}/containers?limit=500` })).json.items as Json[]).find((c) => c.name === 'web-1')
    const res = await release(web1.managedIp)
    expect(res.status).toBe(409)
    expect(res.json.error.code).toBe('ADDRESS_IN_USE')
    expect(res.json.error.message).toContain('container web-1')
    const host = ((await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts` })).json.items as Json[])[0]
    const router = await release(host.routerIp)
    expect(router.status).toBe(409)
    expect(router.json.error.code).toBe('ADDRESS_IN_USE')
    // still allocated
    const again = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/containers/${web1.id}` })).json
    expect(again.managedIp).toBe(web1.managedIp)
  })

  it('answers 404 for an address nobody holds and 400 for one that is not an address', async () => {
    expect((await release('10.42.200.200')).status).toBe(404)
    const bad = await release('10.42.0.300')
    expect(bad.status).toBe(400)
    expect(bad.json.error.details[0].path).toBe('address')
    expect((await t.request({ method: 'DELETE', url: `${API}/environments/env_nope/ip-addresses/10.42.0.5` })).status).toBe(404)
  })
})
