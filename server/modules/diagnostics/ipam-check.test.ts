import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DIALECTS } from '../../testing/test-db.ts'
import { startDemoServer, type TestServer } from '../../testing/test-app.ts'

const API = '/api/v1'

type Json = any

describe.each(DIALECTS)('the IPAM check through the API on %s', (dialect) => {
  let t: TestServer
  let envId: string
  const ipamFindings = async () => {
    const res = await t.request({ method: 'GET', url: `${API}/environments/${envId}/diagnostics/findings` })
    expect(res.status, res.body).toBe(200)
    return (res.json.items as Json[]).filter((f) => f.checkId.startsWith('ipam.'))
  }
  const launch = async (payload: Json) => {
    const res = await t.request({ method: 'POST', url: `${API}/environments/${envId}/containers`, payload })
    expect(res.status, res.body).toBe(201)
    return res.json as Json
  }

  beforeAll(async () => {
    ;({ t, envId } = await startDemoServer(dialect))
  })
  afterAll(async () => t?.close())

  it('names a removed container its host keeps running, the duplicate once its address is handed out again, and nothing once the host confirms the removal', async () => {
    // a real agent, not a lab one: it reports what its Docker runs and never cleans up by itself
    const reg = await t.request({
      method: 'POST',
      url: `${API}/agent/register`,
      payload: { environmentId: envId, name: 'sticky', agentIp: '192.168.50.45', interfaces: [{ name: 'eth0', cidrs: ['192.168.50.45/24'], mtu: 1500 }], mtu: 1500 },
    })
    expect(reg.status, reg.body).toBe(201)
    const auth = { authorization: `Bearer ${reg.json.token}` }
    const agent = async (payload: Json) => {
      const hb = await t.request({ method: 'POST', url: `${API}/agent/heartbeat`, headers: auth, payload: {} })
      expect(hb.status, hb.body).toBe(200)
      const res = await t.request({ method: 'POST', url: `${API}/agent/report`, headers: auth, payload })
      expect(res.status, res.body).toBe(200)
    }

    const leftover = await launch({ name: 'leftover', image: 'nginx:1.25', hostId: reg.json.hostId })
    const address: string = leftover.managedIp
    expect(address).toMatch(/^10\.42\./)
    const prefix = String(leftover.managedAddress?.subnet ?? '/16').split('/')[1]
    const running = { containerId: leftover.id, state: 'running', dockerIp: '172.17.0.9', eth0Addresses: ['172.17.0.9/16', `${address}/${prefix}`], mtu: 1402 }
    await agent({ containers: [running] })
    expect(await ipamFindings()).toEqual([])

    const removed = await t.request({ method: 'DELETE', url: `${API}/environments/${envId}/containers/${leftover.id}` })
    expect(removed.status, removed.body).toBe(200)
    expect(removed.json.state).toBe('removed')
    // the host has not removed it: the agent keeps reporting it running with the released address
    await agent({ containers: [running] })
    const lingering = await ipamFindings()
    expect(lingering).toEqual([
      expect.objectContaining({
        checkId: 'ipam.lingering-on-host',
        severity: 'error',
        subject: { kind: 'container', id: leftover.id, name: 'leftover' },
        evidence: expect.objectContaining({ host: 'sticky', reportedState: 'running', addresses: [address] }),
      }),
    ])
    expect(lingering[0].message).toContain(`leftover was removed in Paddock, but sticky has not confirmed the removal and still reports it running with ${address} on eth0`)
    expect(lingering[0].fix).toContain('docker rm -f leftover')

    // IPAM hands the released address to a new container that asks for it
    const hosts = (await t.request({ method: 'GET', url: `${API}/environments/${envId}/hosts` })).json.items as Json[]
    const host1 = hosts.find((h) => h.name === 'host-1')
    const newcomer = await launch({ name: 'newcomer', image: 'nginx:1.25', hostId: host1.id, labels: { 'io.rancher.container.requested_ip': address } })
    expect(newcomer.managedIp).toBe(address)
    await t.server.lab!.tickAll() // host-1's agent starts it with that address on eth0
    const both = await ipamFindings()
    expect(both.map((f) => [f.checkId, f.subject.name])).toEqual([
      ['ipam.lingering-on-host', 'leftover'],
      ['ipam.duplicate-address', 'newcomer'],
    ])
    expect(both[1]).toMatchObject({
      severity: 'error',
      subject: { kind: 'container', id: newcomer.id, name: 'newcomer' },
      evidence: { address, containerIds: [newcomer.id, leftover.id], hosts: ['host-1', 'sticky'], allocatedTo: 'newcomer' },
    })
    expect(both[1].message).toContain(`${address} is used by 2 containers: newcomer on host-1 (allocated to it, on its eth0); leftover on sticky (removed in Paddock, still on its eth0)`)
    expect(both[1].fix).toContain('docker rm -f leftover')

    // the host finally removes it and the agent confirms
    await agent({ containers: [{ containerId: leftover.id, state: 'removed' }] })
    expect(await ipamFindings()).toEqual([])
  })
})
