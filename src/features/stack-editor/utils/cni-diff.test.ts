import { describe, expect, it } from 'vitest'
import { cniFilesOfRendered, compareCniFiles, diffLines, prettyJson } from './cni-diff.ts'

/** The IPsec driver block after rendering with the catalog defaults (trimmed to what matters here). */
function renderedDocker({ mtu = '1500', subnet = '10.42.0.0/16' } = {}) {
  return `version: '2'
services:
  ipsec:
    image: rancher/net:holder
  cni-driver:
    image: rancher/net:v0.13.17
    network_driver:
      name: Rancher IPsec
      default_network:
        name: ipsec
        host_ports: true
        subnets:
          - network_address: ${subnet}
        dns:
          - 169.254.169.250
      cni_config:
        10-rancher.conf:
          name: rancher-cni-network
          type: rancher-bridge
          bridge: docker0
          bridgeSubnet: ${subnet}
          mtu: ${mtu}
          linkMTUOverhead: 98
          ipam:
            type: rancher-cni-ipam
            subnetPrefixSize: /16
`
}
const rancher = { name: 'rancher-compose.yml', content: '.catalog:\n  name: Rancher IPsec\n' }

const current = [
  {
    name: '10-rancher.conf',
    // What GET …/networks answers: renderCniFiles of the stored block.
    content: `${JSON.stringify(
      {
        name: 'rancher-cni-network',
        type: 'rancher-bridge',
        bridge: 'docker0',
        bridgeSubnet: '10.42.0.0/16',
        mtu: 1500,
        linkMTUOverhead: 98,
        ipam: { type: 'rancher-cni-ipam', subnetPrefixSize: '/16' },
      },
      null,
      2,
    )}\n`,
  },
]

describe('cniFilesOfRendered', () => {
  it("extracts the driver's cni_config as the JSON each host receives", () => {
    const result = cniFilesOfRendered([{ name: 'docker-compose.yml', content: renderedDocker() }, rancher])
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.driverService).toBe('cni-driver')
    expect(result.files.map((f) => f.name)).toEqual(['10-rancher.conf'])
    expect(JSON.parse(result.files[0].content)).toMatchObject({ type: 'rancher-bridge', mtu: 1500, linkMTUOverhead: 98, bridgeSubnet: '10.42.0.0/16' })
    expect(result.files[0].content).toBe(current[0].content)
  })

  it('finds a block that sits in rancher-compose.yml (older catalog templates)', () => {
    const result = cniFilesOfRendered([
      { name: 'docker-compose.yml', content: 'ipsec:\n  image: rancher/net:holder\n' },
      {
        name: 'rancher-compose.yml',
        content: 'ipsec:\n  network_driver:\n    name: Rancher IPsec\n    cni_config:\n      10-rancher.conf:\n        type: rancher-bridge\n        mtu: 1400\n',
      },
    ])
    expect(result.ok && JSON.parse(result.files[0].content)).toEqual({ type: 'rancher-bridge', mtu: 1400 })
  })

  it('still shows cni_config when another part of the block is wrong (that is listed under Problems)', () => {
    const result = cniFilesOfRendered([{ name: 'docker-compose.yml', content: renderedDocker({ subnet: '10.42.0.0/33' }) }, rancher])
    expect(result.ok && JSON.parse(result.files[0].content).bridgeSubnet).toBe('10.42.0.0/33')
  })

  it('says why there is nothing to show', () => {
    expect(cniFilesOfRendered([{ name: 'docker-compose.yml', content: 'web:\n  image: nginx\n' }, rancher])).toEqual({
      ok: false,
      reason: 'The compose declares no network_driver block.',
    })
    const broken = cniFilesOfRendered([{ name: 'docker-compose.yml', content: 'services:\n  a: [\n' }, rancher])
    expect(broken.ok).toBe(false)
    const two = cniFilesOfRendered([
      { name: 'docker-compose.yml', content: 'a:\n  network_driver: {name: A}\nb:\n  network_driver: {name: B}\n' },
      rancher,
    ])
    expect(two.ok === false && two.reason).toMatch(/2 network drivers \(a, b\)/)
  })
})

describe('compareCniFiles', () => {
  it('reports no change when only the formatting differs', () => {
    const compact = [{ name: '10-rancher.conf', content: JSON.stringify(JSON.parse(current[0].content)) }]
    expect(compareCniFiles(compact, current)).toEqual([
      { name: '10-rancher.conf', status: 'unchanged', current: current[0].content, next: current[0].content },
    ])
  })

  it('reports a changed MTU, a new and a removed file', () => {
    const edited = cniFilesOfRendered([{ name: 'docker-compose.yml', content: renderedDocker({ mtu: '1400' }) }, rancher])
    if (!edited.ok) throw new Error('expected CNI files')
    const next = [...edited.files, { name: '20-extra.conf', content: '{"type":"loopback"}' }]
    const old = [...current, { name: '00-old.conf', content: '{}' }]
    const result = compareCniFiles(next, old)
    expect(result.map((f) => [f.name, f.status])).toEqual([
      ['00-old.conf', 'removed'],
      ['10-rancher.conf', 'changed'],
      ['20-extra.conf', 'added'],
    ])
    expect(result[1].next).toContain('"mtu": 1400')
    expect(result[2].next).toBe(prettyJson('{"type":"loopback"}'))
    expect(result[0].next).toBeNull()
  })
})

describe('diffLines', () => {
  it('marks the lines that differ between two JSON files', () => {
    const before = prettyJson('{"a":1,"mtu":1500,"b":2}')
    const after = prettyJson('{"a":1,"mtu":1400,"b":2}')
    expect(diffLines(before, after)).toEqual([
      { text: '{', kind: 'same' },
      { text: '  "a": 1,', kind: 'same' },
      { text: '  "mtu": 1500,', kind: 'removed' },
      { text: '  "mtu": 1400,', kind: 'added' },
      { text: '  "b": 2', kind: 'same' },
      { text: '}', kind: 'same' },
    ])
  })

  it('handles lines added at the end and removed at the start', () => {
    expect(diffLines('x\ny\n', 'y\nz\n')).toEqual([
      { text: 'x', kind: 'removed' },
      { text: 'y', kind: 'same' },
      { text: 'z', kind: 'added' },
    ])
  })
})
