import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validateNetworkDriver } from '../../../core/validate/index.ts'
import { startTestServer, type TestServer } from '../../testing/test-app.ts'

const API = '/api/v1/validate/network-driver'
const IPSEC_18 = new URL('../../../../shared/corpus/rancher-catalog/infra-templates/ipsec/18/', import.meta.url)
const files = ['docker-compose.yml.tpl', 'rancher-compose.yml'].map((name) => ({ name, content: fs.readFileSync(new URL(name, IPSEC_18), 'utf8') }))

describe('POST /validate/network-driver', () => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer('sqlite', { lab: false })
  })
  afterAll(async () => t?.close())

  it('answers the same list as the core validator the editor runs', async () => {
    const body = { files, answers: { SUBNET: '10.42.0.0/33', MTU: '20000' } }
    const res = await t.request({ method: 'POST', url: API, payload: body })
    expect(res.status).toBe(200)
    expect(res.json.diagnostics.length).toBeGreaterThan(0)
    expect(res.json).toEqual(JSON.parse(JSON.stringify(validateNetworkDriver(body))))
    const subnet = res.json.diagnostics.find((d: { code: string }) => d.code === 'CIDR_PREFIX_RANGE')
    expect(subnet).toMatchObject({ file: 'docker-compose.yml.tpl', severity: 'error' })
    expect(subnet.line).toBeGreaterThan(1)
  })

  it('validates a single yaml text and reports every error at once', async () => {
    const yaml = 'network_driver:\n  name: x\n  default_network:\n    name: n\n    subnets:\n    - network_address: 10.42.1.0/16\n    - network_address: 10.42.0.0/16\n'
    const res = await t.request({ method: 'POST', url: API, payload: { yaml } })
    expect(res.status).toBe(200)
    const codes = res.json.diagnostics.map((d: { code: string }) => d.code)
    expect(codes).toContain('CIDR_HOST_BITS_SET')
    expect(res.json.diagnostics.find((d: { code: string }) => d.code === 'CIDR_HOST_BITS_SET').line).toBe(6)
  })

  it('answers 400 only when the request itself is malformed', async () => {
    for (const payload of [{}, { yaml: 'a: 1', files }, { yaml: 42 }, { files: [] }, { yaml: 'a: 1', answers: { MTU: 1500 } }]) {
      const res = await t.request({ method: 'POST', url: API, payload })
      expect(res.status, JSON.stringify(payload).slice(0, 80)).toBe(400)
      expect(res.json.error.code).toBe('VALIDATION_FAILED')
    }
    const garbage = await t.request({ method: 'POST', url: API, payload: { yaml: '{{{ ::: [[[ \t\u0001' } })
    expect(garbage.status).toBe(200)
    expect(garbage.json.diagnostics.length).toBeGreaterThan(0)
  })
})
