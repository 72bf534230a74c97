import { describe, expect, it } from 'vitest'
import { effectiveMtu, renderCniFiles } from './cni.ts'

describe('renderCniFiles', () => {
  it('writes one pretty-printed file per entry, sorted by name, with a trailing newline', () => {
    const files = renderCniFiles({
      '20-second.conf': { name: 'b' },
      '10-rancher.conf': { name: 'rancher-cni-network', type: 'rancher-bridge', mtu: 1500, ipam: { type: 'rancher-cni-ipam' } },
      '10-Rancher.conf': { name: 'upper-case sorts first (bytewise)' },
    })
    expect(files.map((f) => f.name)).toEqual(['10-Rancher.conf', '10-rancher.conf', '20-second.conf'])
    expect(files[1].content).toBe(
      '{\n  "name": "rancher-cni-network",\n  "type": "rancher-bridge",\n  "mtu": 1500,\n  "ipam": {\n    "type": "rancher-cni-ipam"\n  }\n}\n',
    )
  })

  it('returns no files for an empty cni_config', () => {
    expect(renderCniFiles({})).toEqual([])
  })

  it.each([
    ['__host_label__: io.rancher.host.subnet', '192.0.2.0/24'],
    ['__host_label__:io.rancher.host.subnet', '192.0.2.0/24'],
    ['  __host_label__ :   io.rancher.host.subnet  ', '192.0.2.0/24'],
    ['__host_label__: zone', 'a'],
    ['__host_label__: not.on.this.host', ''],
    ['__host_label__:', ''],
    ['prefix __host_label__: zone', 'prefix __host_label__: zone'], // only whole values
    ['__HOST_LABEL__: zone', '__HOST_LABEL__: zone'],
    ['docker0', 'docker0'],
  ])('string value %j → %j', (value, want) => {
    const [file] = renderCniFiles({ 'x.conf': { v: value } }, { 'io.rancher.host.subnet': '192.0.2.0/24', zone: 'a' })
    expect(JSON.parse(file.content)).toEqual({ v: want })
  })

  it('substitutes at any depth, in arrays too, and leaves keys and non-strings alone', () => {
    const cni = {
      '10-flat.conf': {
        '__host_label__: zone': 'key stays',
        bridge: '__host_label__: bridge',
        mtu: 1500,
        isGateway: true,
        ipam: {
          subnet: '__host_label__: io.rancher.host.subnet',
          routes: [{ dst: '0.0.0.0/0', gw: '__host_label__: gw' }, '__host_label__: zone'],
        },
      },
    }
    const [file] = renderCniFiles(cni, { bridge: 'br0', 'io.rancher.host.subnet': '198.51.100.0/24', gw: '198.51.100.1', zone: 'z1' })
    expect(JSON.parse(file.content)).toEqual({
      '__host_label__: zone': 'key stays',
      bridge: 'br0',
      mtu: 1500,
      isGateway: true,
      ipam: { subnet: '198.51.100.0/24', routes: [{ dst: '0.0.0.0/0', gw: '198.51.100.1' }, 'z1'] },
    })
    // The input is not modified.
    expect(cni['10-flat.conf'].bridge).toBe('__host_label__: bridge')
  })

  it('without host labels every placeholder becomes empty', () => {
    const [file] = renderCniFiles({ 'a.conf': { bridge: '__host_label__: bridge' } })
    expect(JSON.parse(file.content)).toEqual({ bridge: '' })
  })
})

describe('effectiveMtu', () => {
  it.each([
    [1500, 98, 1402], // IPsec
    [1460, 98, 1362], // GCE with IPsec
    [1200, 98, 1102], // the docs' example
    [1500, 50, 1450], // VXLAN
    [1500, 0, 1500], // overlay holder containers
    [1500, null, 1500],
    [null, 98, null],
    [null, null, null],
  ])('mtu %s − overhead %s → %s', (mtu, overhead, want) => {
    expect(effectiveMtu(mtu, overhead)).toBe(want)
  })
})
