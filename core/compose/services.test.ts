import { describe, expect, it } from 'vitest'
import { labelMap, parsePort, readServices } from './services.ts'

describe('parsePort', () => {
  it.each([
    ['80', { bindIp: null, publicPort: null, privatePort: 80, protocol: 'tcp' }],
    ['8080:80', { bindIp: null, publicPort: 8080, privatePort: 80, protocol: 'tcp' }],
    ['0.0.0.0:500:500/udp', { bindIp: '0.0.0.0', publicPort: 500, privatePort: 500, protocol: 'udp' }],
    ['4789:4789/udp', { bindIp: null, publicPort: 4789, privatePort: 4789, protocol: 'udp' }],
  ])('%s', (text, want) => expect(parsePort(text)).toEqual(want))
  it.each(['', 'http', '70000', '1:2:3:4', '80/sctp'])('rejects %s', (text) => expect(parsePort(text)).toBeNull())
})

describe('readServices', () => {
  it('reads v2 services with rancher-compose scale and label lists', () => {
    const { services, errors } = readServices(
      { version: '2', services: { web: { image: 'nginx', labels: ['a=b'], ports: ['8080:80', 'bad'] }, lb: { image: 'x', network_mode: 'host', labels: { 'io.rancher.scheduler.global': 'true' } } } },
      { services: { web: { scale: 3 } } },
    )
    expect(services[0]).toMatchObject({ name: 'web', networkMode: 'managed', scale: 3, labels: { a: 'b' }, global: false })
    expect(services[1]).toMatchObject({ name: 'lb', networkMode: 'host', global: true })
    expect(errors).toEqual([{ path: 'services.web.ports.1', message: '"bad" is not a port (use [ip:]public:private[/tcp|udp])' }])
  })
  it('labelMap stringifies values', () => expect(labelMap({ x: true, y: 1 })).toEqual({ x: 'true', y: '1' }))
})
