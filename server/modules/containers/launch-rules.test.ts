import { describe, expect, it } from 'vitest'
import { labelProblems, portProblems } from './launch-rules.ts'

describe('labelProblems', () => {
  it.each<[Record<string, string>, { path: string; contains: string[] }[]]>([
    [{}, []],
    [{ 'io.rancher.container.requested_ip': ' 10.42.0.9 , 10.42.0.10 ,' }, []],
    [{ 'io.rancher.container.requested_ip': '10.42.0.9, web, 10.42.0.300' }, [
      { path: 'labels.io.rancher.container.requested_ip', contains: ['"web"'] },
      { path: 'labels.io.rancher.container.requested_ip', contains: ['"10.42.0.300"'] },
    ]],
    [{ 'io.rancher.container.dns': 'false', 'io.rancher.container.network': 'true' }, []],
    [{ 'io.rancher.container.dns': 'no' }, [{ path: 'labels.io.rancher.container.dns', contains: ['io.rancher.container.dns', '"no"'] }]],
    [{ 'io.rancher.container.network': 'TRUE' }, [{ path: 'labels.io.rancher.container.network', contains: ['"TRUE"'] }]],
  ])('%j', (labels, want) => {
    const got = labelProblems(labels)
    expect(got.map((p) => p.path)).toEqual(want.map((w) => w.path))
    want.forEach((w, i) => {
      for (const c of w.contains) expect(got[i].message).toContain(c)
    })
  })
})

describe('portProblems', () => {
  const bridge = { networkKind: 'dockerBridge', hostPorts: true, system: false, labels: {} }
  it('names the later of two entries publishing the same port', () => {
    const ports = [
      { bindIp: null, publicPort: 8080, privatePort: 80, protocol: 'tcp' as const },
      { bindIp: null, publicPort: 8080, privatePort: 81, protocol: 'udp' as const },
      { bindIp: '127.0.0.1', publicPort: 8080, privatePort: 82, protocol: 'tcp' as const },
    ]
    expect(portProblems(ports, bridge)).toEqual([{ path: 'ports.2.publicPort', message: '127.0.0.1:8080/tcp is already published by ports.0 of this request' }])
  })
  it('counts private ports of host-mode containers', () => {
    const ports = [
      { bindIp: null, publicPort: null, privatePort: 9100, protocol: 'tcp' as const },
      { bindIp: null, publicPort: 9100, privatePort: 9101, protocol: 'tcp' as const },
    ]
    expect(portProblems(ports, { ...bridge, networkKind: 'dockerHost' }).map((p) => p.path)).toEqual(['ports.1.publicPort'])
    expect(portProblems(ports, bridge)).toEqual([])
  })
})
