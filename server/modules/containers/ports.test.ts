import { describe, expect, it } from 'vitest'
import type { PortSpec } from '../../../core/api/containers.ts'
import { collide, firstConflict, publishedPorts, selfCollisions, type PortOwner, type PublishedPort } from './ports.ts'

const spec = (publicPort: number | null, privatePort: number, protocol: 'tcp' | 'udp' = 'tcp', bindIp: string | null = null): PortSpec => ({ bindIp, publicPort, privatePort, protocol })
const owner = (networkKind: string | null, extra: Partial<PortOwner> = {}): PortOwner => ({ networkKind, hostPorts: true, system: false, labels: {}, ...extra })
const pub = (port: number, protocol: 'tcp' | 'udp' = 'tcp', bindIp: string | null = null, index = 0): PublishedPort => ({ port, protocol, bindIp, index })

describe('publishedPorts', () => {
  const ports = [spec(8080, 80), spec(null, 9100)]
  it.each<[string, PortOwner, number[]]>([
    ['bridge publishes the ports with a public port', owner('dockerBridge', { hostPorts: false }), [8080]],
    ['host mode binds every port itself', owner('dockerHost'), [8080, 9100]],
    ['a managed network with host_ports publishes', owner('cni'), [8080]],
    ['a managed network without host_ports does not', owner('cni', { hostPorts: false }), []],
    ['unless a system container opts in', owner('cni', { hostPorts: false, system: true, labels: { 'io.rancher.network.host_ports': 'true' } }), [8080]],
    ['none publishes nothing', owner('dockerNone'), []],
    ['container:X publishes nothing', owner('dockerContainer'), []],
  ])('%s', (_what, o, want) => {
    expect(publishedPorts(ports, o).map((p) => p.port)).toEqual(want)
  })
})

describe('collide', () => {
  it.each<[PublishedPort, PublishedPort, boolean]>([
    [pub(80), pub(80), true],
    [pub(80), pub(80, 'udp'), false],
    [pub(80), pub(81), false],
    [pub(80, 'tcp', '10.0.0.1'), pub(80), true],
    [pub(80, 'tcp', '0.0.0.0'), pub(80, 'tcp', '10.0.0.1'), true],
    [pub(80, 'tcp', '10.0.0.1'), pub(80, 'tcp', '10.0.0.1'), true],
    [pub(80, 'tcp', '10.0.0.1'), pub(80, 'tcp', '10.0.0.2'), false],
  ])('%j vs %j → %s', (a, b, want) => {
    expect(collide(a, b)).toBe(want)
  })
})

describe('conflicts', () => {
  it('finds a request publishing a port twice', () => {
    const ports = [pub(80, 'tcp', null, 0), pub(53, 'udp', null, 1), pub(80, 'tcp', '10.0.0.1', 2)]
    expect(selfCollisions(ports).map(([later, earlier]) => [later.index, earlier.index])).toEqual([[2, 0]])
  })
  it('names the container that holds the port', () => {
    const c = firstConflict([pub(53, 'udp'), pub(80)], [{ name: 'dns', ports: [pub(53, 'tcp')] }, { name: 'web', ports: [pub(80)] }])
    expect(c).toMatchObject({ holder: 'web', wanted: { port: 80 } })
    expect(firstConflict([pub(53, 'udp')], [{ name: 'dns', ports: [pub(53, 'tcp')] }])).toBeNull()
  })
})
