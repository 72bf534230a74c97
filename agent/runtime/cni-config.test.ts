import { describe, expect, it } from 'vitest'
import type { DesiredContainer } from '../../core/api/index.ts'
import { primaryCniConfig, referenceBridgeConfig } from './cni-config.ts'

// what Paddock renders for ipsec/vxlan hosts (catalog 10-rancher.conf, answers filled in)
const rendered = {
  name: 'rancher-cni-network',
  type: 'rancher-bridge',
  bridge: 'docker0',
  bridgeSubnet: '10.42.0.0/16',
  isDefaultGateway: true,
  hostNat: true,
  hairpinMode: false,
  promiscMode: true,
  mtu: 1500,
  linkMTUOverhead: 50,
  ipam: { type: 'rancher-cni-ipam', routes: [{ dst: '169.254.169.250/32' }] },
}

const container = (over: Partial<DesiredContainer> = {}): DesiredContainer => ({
  id: 'ctr_1',
  name: 'web-1',
  image: 'nginx',
  desiredState: 'running',
  networkMode: 'managed',
  native: false,
  system: false,
  managedIp: '10.42.0.7/16',
  gateway: '10.42.0.1',
  networkFrom: null,
  labels: {},
  ports: [],
  dns: [],
  dnsSearch: [],
  mtu: 1450,
  ...over,
})

describe('referenceBridgeConfig', () => {
  it('hands the plugin the managed IP Paddock allocated (static IPAM), the Docker IP and mtu − overhead', () => {
    const conf = referenceBridgeConfig(rendered, container(), { dockerIp: '172.17.0.2/16', dockerGateway: '172.17.0.1' })
    expect(conf).toMatchObject({ type: 'bridge', bridge: 'docker0', isGateway: false, ipMasq: false, mtu: 1450, promiscMode: true, hairpinMode: false })
    expect(conf.ipam).toEqual({
      type: 'static',
      addresses: [{ address: '172.17.0.2/16' }, { address: '10.42.0.7/16', gateway: '10.42.0.1' }],
      routes: [{ dst: '0.0.0.0/0', gw: '10.42.0.1' }, { dst: '169.254.169.250/32' }],
    })
  })

  it('gives a bridge-mode container only its Docker IP, routed through Docker’s gateway', () => {
    const conf = referenceBridgeConfig(rendered, container({ networkMode: 'bridge', managedIp: null, gateway: null, mtu: null }), { dockerIp: '172.17.0.3/16', dockerGateway: '172.17.0.1' })
    expect(conf.ipam.addresses).toEqual([{ address: '172.17.0.3/16', gateway: '172.17.0.1' }])
    expect(conf.ipam.routes).toEqual([{ dst: '0.0.0.0/0', gw: '172.17.0.1' }])
    expect(conf.mtu).toBeUndefined()
  })

  it('falls back to docker0 when the host has no rendered config', () => {
    expect(referenceBridgeConfig(null, container(), { dockerIp: null, dockerGateway: '172.17.0.1' }).bridge).toBe('docker0')
  })
})

describe('primaryCniConfig', () => {
  it('takes the lowest-named file that is JSON, as libcni does', () => {
    const files = [
      { name: '20-other.conf', content: '{"name":"b"}' },
      { name: '05-broken.conf', content: 'not json' },
      { name: '10-rancher.conf', content: '{"name":"a"}' },
    ]
    expect(primaryCniConfig(files)).toEqual({ name: 'a' })
    expect(primaryCniConfig([])).toBeNull()
  })
})
