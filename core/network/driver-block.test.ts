// (The reference is for node:fs below: this folder is also type-checked by the browser
// project, whose tsconfig does not load Node's types.)
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { renderCompose } from '../compose/render.ts'
import { effectiveMtu } from './cni.ts'
import { buildNetworkSpec, type DriverDeclaration, findNetworkDrivers, type NetworkSpec } from './driver-block.ts'

const BLOCK = { name: 'Example driver', default_network: { name: 'example' } }

describe('findNetworkDrivers', () => {
  it.each<[string, unknown, unknown, string[]]>([
    ['v2 services in docker-compose', { version: '2', services: { 'cni-driver': { network_driver: BLOCK }, web: { image: 'x' } } }, null, ['cni-driver']],
    ['v1 top-level services in docker-compose', { 'cni-driver': { network_driver: BLOCK }, web: { image: 'x' } }, undefined, ['cni-driver']],
    ['v1 rancher-compose with .catalog', {}, { '.catalog': { name: 'x' }, ipsec: { network_driver: BLOCK } }, ['ipsec']],
    ['v2 rancher-compose', {}, { version: '2', services: { ipsec: { network_driver: BLOCK } } }, ['ipsec']],
    ['top-level network_drivers map', { network_drivers: { flat: BLOCK, broken: 'x' } }, null, ['flat']],
    ['a version with no services map has no services', { version: '2', ipsec: { network_driver: BLOCK } }, null, []],
    ['both files: one declaration per name, first position kept', { services: { a: { network_driver: BLOCK }, b: { network_driver: BLOCK } } }, { b: { network_driver: BLOCK } }, ['a', 'b']],
    ['an empty block still declares a driver', { services: { d: { network_driver: {} } } }, null, ['d']],
    ['non-object blocks are ignored', { services: { a: { network_driver: null }, b: { network_driver: 'x' }, c: { network_driver: [BLOCK] }, d: 'x', e: null } }, null, []],
    ['non-object documents are ignored', 'text', [1, 2], []],
    ['null and numbers', null, 42, []],
    ['services that is a list', { services: [{ network_driver: BLOCK }] }, undefined, []],
  ])('%s', (_name, docker, rancher, names) => {
    expect(findNetworkDrivers(docker, rancher).map((d) => d.serviceName)).toEqual(names)
  })

  it('the rancher-compose block replaces the docker-compose one for the same service', () => {
    const decls = findNetworkDrivers({ services: { s: { network_driver: { name: 'from docker' } } } }, { s: { network_driver: { name: 'from rancher' } } })
    expect(decls).toEqual([{ serviceName: 's', block: { name: 'from rancher' } }])
  })
})

// The ipsec/18 block as it looks after rendering with default answers (strings where the
// template used $VAR, YAML scalars where it used {{ }}).
const IPSEC: DriverDeclaration = {
  serviceName: 'cni-driver',
  block: {
    name: 'Rancher IPsec',
    default_network: {
      name: 'ipsec',
      host_ports: 'true',
      subnets: [{ network_address: '10.42.0.0/16', start_address: null, end_address: null }],
      dns: ['169.254.169.250'],
      dns_search: ['rancher.internal'],
    },
    cni_config: {
      '10-rancher.conf': { name: 'rancher-cni-network', type: 'rancher-bridge', bridge: 'docker0', mtu: '1500', linkMTUOverhead: 98 },
    },
  },
}

function spec(decl: DriverDeclaration): NetworkSpec {
  const r = buildNetworkSpec(decl)
  if (!r.ok) throw new Error(JSON.stringify(r.errors))
  if (r.spec === null) throw new Error('no network')
  return r.spec
}

/** The IPsec declaration with parts of default_network / the block replaced. */
function ipsecWith(dn: Record<string, unknown> = {}, block: Record<string, unknown> = {}): DriverDeclaration {
  return {
    serviceName: 'cni-driver',
    block: { ...IPSEC.block, ...block, default_network: { ...(IPSEC.block.default_network as object), ...dn } },
  }
}

describe('buildNetworkSpec', () => {
  it('reads the IPsec block (string-typed values from answers included)', () => {
    expect(spec(IPSEC)).toEqual({
      driverName: 'Rancher IPsec',
      description: '',
      networkName: 'ipsec',
      kind: 'cni',
      hostPorts: true,
      dns: ['169.254.169.250'],
      dnsSearch: ['rancher.internal'],
      subnets: [
        {
          cidr: '10.42.0.0/16',
          networkAddress: '10.42.0.0',
          cidrSize: 16,
          gateway: '10.42.0.1',
          startAddress: '10.42.0.2',
          endAddress: '10.42.255.250',
          size: 65529,
        },
      ],
      cniConfig: (IPSEC.block as { cni_config: Record<string, Record<string, unknown>> }).cni_config,
      networkMetadata: {},
      metadata: { cniConfig: (IPSEC.block as { cni_config: unknown }).cni_config },
      mtu: 1500,
      linkMtuOverhead: 98,
    })
  })

  it.each<[string, DriverDeclaration, Partial<NetworkSpec>]>([
    ['names default to the service name', { serviceName: 'flat', block: { default_network: { host_ports: true } } }, { driverName: 'flat', networkName: 'flat', kind: 'network', hostPorts: true }],
    ['empty names count as not set', { serviceName: 'flat', block: { name: '', default_network: { name: '', subnets: [] } } }, { driverName: 'flat', networkName: 'flat', subnets: [] }],
    ['host_ports omitted is false', ipsecWith({ host_ports: undefined }), { hostPorts: false }],
    ['host_ports YAML false', ipsecWith({ host_ports: false }), { hostPorts: false }],
    ['host_ports "False"', ipsecWith({ host_ports: 'False' }), { hostPorts: false }],
    ['host_ports empty after rendering', ipsecWith({ host_ports: null }), { hostPorts: false }],
    ['no dns lists', ipsecWith({ dns: null, dns_search: undefined }), { dns: [], dnsSearch: [] }],
    ['empty dns entries are skipped', ipsecWith({ dns: ['192.0.2.53', null, ''], dns_search: ['', 'example.org'] }), { dns: ['192.0.2.53'], dnsSearch: ['example.org'] }],
    ['no subnets: no IPAM', ipsecWith({ subnets: null }), { subnets: [] }],
    ['cidr_size as text', ipsecWith({ subnets: [{ network_address: '192.0.2.0', cidr_size: '26' }] }), { subnets: [expect.objectContaining({ cidr: '192.0.2.0/26', size: 57 })] }],
    ['two disjoint subnets', ipsecWith({ subnets: [{ network_address: '192.0.2.0/25' }, { network_address: '192.0.2.128/25' }] }), { subnets: [expect.objectContaining({ cidr: '192.0.2.0/25' }), expect.objectContaining({ cidr: '192.0.2.128/25' })] }],
    ['no cni_config: kind network, no MTU', ipsecWith({}, { cni_config: undefined }), { kind: 'network', mtu: null, linkMtuOverhead: null, cniConfig: {} }],
    ['no mtu in the CNI file', ipsecWith({}, { cni_config: { 'a.conf': { type: 'bridge' } } }), { mtu: null, linkMtuOverhead: null }],
    ['MTU comes from the first file by name', ipsecWith({}, { cni_config: { 'b.conf': { mtu: 9000 }, 'a.conf': { mtu: 1460, linkMTUOverhead: '50' } } }), { mtu: 1460, linkMtuOverhead: 50 }],
    ['description', ipsecWith({}, { description: 'IPsec overlay' }), { description: 'IPsec overlay' }],
    [
      'metadata: network_metadata, then default_network.metadata, then cniConfig',
      ipsecWith({ metadata: { b: 2, shared: 'network' } }, { network_metadata: { a: 1, shared: 'driver' }, cni_config: { 'a.conf': { type: 'x' } } }),
      { networkMetadata: { a: 1, shared: 'driver' }, metadata: { a: 1, b: 2, shared: 'network', cniConfig: { 'a.conf': { type: 'x' } } } },
    ],
  ])('%s', (_name, decl, want) => {
    expect(spec(decl)).toMatchObject(want)
  })

  it.each<[string, DriverDeclaration]>([
    ['no default_network', { serviceName: 'd', block: { name: 'x', cni_config: { 'a.conf': { mtu: 1500 } } } }],
    ['empty default_network', { serviceName: 'd', block: { default_network: {} } }],
    ['null default_network (rendered from an empty answer)', { serviceName: 'd', block: { default_network: null } }],
    ['an empty block', { serviceName: 'd', block: {} }],
  ])('%s → no network', (_name, decl) => {
    expect(buildNetworkSpec(decl)).toEqual({ ok: true, spec: null })
  })

  it.each<[string, DriverDeclaration, string, string]>([
    ['mtu not numeric', ipsecWith({}, { cni_config: { '10-rancher.conf': { mtu: '15x0' } } }), 'network_driver.cni_config.10-rancher.conf.mtu', 'mtu must be an integer, got "15x0"'],
    ['mtu a float', ipsecWith({}, { cni_config: { 'a.conf': { mtu: 1500.5 } } }), 'network_driver.cni_config.a.conf.mtu', 'got 1500.5'],
    ['mtu too small', ipsecWith({}, { cni_config: { 'a.conf': { mtu: '40' } } }), 'network_driver.cni_config.a.conf.mtu', 'mtu 40 is outside 68–65535'],
    ['overhead not numeric', ipsecWith({}, { cni_config: { 'a.conf': { mtu: 1500, linkMTUOverhead: 'x' } } }), 'network_driver.cni_config.a.conf.linkMTUOverhead', 'linkMTUOverhead must be an integer, got "x"'],
    ['overhead negative', ipsecWith({}, { cni_config: { 'a.conf': { mtu: 1500, linkMTUOverhead: -1 } } }), 'network_driver.cni_config.a.conf.linkMTUOverhead', 'must not be negative'],
    ['overhead eats the MTU', ipsecWith({}, { cni_config: { 'a.conf': { mtu: 100, linkMTUOverhead: 98 } } }), 'network_driver.cni_config.a.conf.linkMTUOverhead', 'an MTU of 2'],
    ['cni_config not a mapping', ipsecWith({}, { cni_config: 'x' }), 'network_driver.cni_config', 'cni_config must be a mapping, got "x"'],
    ['cni_config file not a mapping', ipsecWith({}, { cni_config: { 'a.conf': '{"type":"bridge"}' } }), 'network_driver.cni_config.a.conf', 'must be a mapping'],
    ['network_metadata not a mapping', ipsecWith({}, { network_metadata: ['x'] }), 'network_driver.network_metadata', 'network_metadata must be a mapping'],
    ['default_network not a mapping', { serviceName: 'd', block: { default_network: 'ipsec' } }, 'network_driver.default_network', 'default_network must be a mapping, got "ipsec"'],
    ['default_network.metadata not a mapping', ipsecWith({ metadata: 'x' }), 'network_driver.default_network.metadata', 'metadata must be a mapping'],
    ['name not text', ipsecWith({ name: { a: 1 } }), 'network_driver.default_network.name', 'name must be text'],
    ['host_ports not a boolean', ipsecWith({ host_ports: 'yes' }), 'network_driver.default_network.host_ports', 'host_ports must be true or false, got "yes"'],
    ['host_ports a number', ipsecWith({ host_ports: 1 }), 'network_driver.default_network.host_ports', 'got 1'],
    ['dns not IPv4', ipsecWith({ dns: ['169.254.169.250', 'dns.example.org'] }), 'network_driver.default_network.dns.1', 'dns entry "dns.example.org" is not an IPv4 address'],
    ['dns a string, not a list', ipsecWith({ dns: '192.0.2.53' }), 'network_driver.default_network.dns', 'dns must be a list'],
    ['dns entry a mapping', ipsecWith({ dns: [{ a: 1 }] }), 'network_driver.default_network.dns.0', 'is not an IPv4 address'],
    ['dns_search entry with spaces', ipsecWith({ dns_search: ['rancher internal'] }), 'network_driver.default_network.dns_search.0', 'is not a domain name'],
    ['subnets not a list', ipsecWith({ subnets: { network_address: '10.42.0.0/16' } }), 'network_driver.default_network.subnets', 'subnets must be a list'],
    ['subnet not a mapping', ipsecWith({ subnets: ['10.42.0.0/16'] }), 'network_driver.default_network.subnets.0', 'must be a mapping with network_address'],
    ['subnet with host bits', ipsecWith({ subnets: [{ network_address: '10.42.0.1/16' }] }), 'network_driver.default_network.subnets.0.network_address', 'did you mean 10.42.0.0/16?'],
    ['subnet without network_address', ipsecWith({ subnets: [{ start_address: '10.42.0.9' }] }), 'network_driver.default_network.subnets.0.network_address', 'network_address is required'],
    ['subnet start outside', ipsecWith({ subnets: [{ network_address: '192.0.2.0/24', start_address: '198.51.100.1' }] }), 'network_driver.default_network.subnets.0.start_address', 'outside the subnet 192.0.2.0/24'],
    ['cidr_size not numeric', ipsecWith({ subnets: [{ network_address: '192.0.2.0', cidr_size: 'abc' }] }), 'network_driver.default_network.subnets.0.cidr_size', 'cidr_size must be an integer, got "abc"'],
    ['network_address a list', ipsecWith({ subnets: [{ network_address: ['192.0.2.0/24'] }] }), 'network_driver.default_network.subnets.0.network_address', 'network_address must be an address'],
    ['overlapping subnets', ipsecWith({ subnets: [{ network_address: '10.42.0.0/16' }, { network_address: '10.42.128.0/24' }] }), 'network_driver.default_network.subnets.1.network_address', 'subnet 10.42.128.0/24 overlaps subnets.0 (10.42.0.0/16)'],
  ])('%s', (_name, decl, path, message) => {
    const r = buildNetworkSpec(decl)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors).toContainEqual({ path, message: expect.stringContaining(message) })
  })

  it('collects every error in one pass', () => {
    const r = buildNetworkSpec(ipsecWith({ host_ports: 'maybe', dns: ['x'], subnets: [{ network_address: 'y' }] }, { cni_config: { 'a.conf': { mtu: 'z' } } }))
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.errors.map((e) => e.path)).toEqual([
      'network_driver.cni_config.a.conf.mtu',
      'network_driver.default_network.host_ports',
      'network_driver.default_network.dns.0',
      'network_driver.default_network.subnets.0.network_address',
    ])
  })

  it('shortens long values in messages', () => {
    const r = buildNetworkSpec(ipsecWith({ host_ports: { a: 'x'.repeat(200) } }))
    expect(!r.ok && r.errors[0].message.length).toBeLessThan(120)
  })
})

// ─── every IPsec version of the real catalog, rendered with its defaults ─────────────────

describe('the IPsec catalog: render, find the driver, build its network', () => {
  const root = new URL('../../../shared/corpus/rancher-catalog/infra-templates/ipsec/', import.meta.url)
  const versions = readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => Number(d.name))
    .sort((a, b) => a - b)

  function load(version: number) {
    const dir = new URL(`${version}/`, root)
    const names = readdirSync(dir)
    const read = (name: string) => readFileSync(new URL(name, dir), 'utf8')
    const rancherText = read('rancher-compose.yml')
    const answers: Record<string, string> = {}
    for (const q of parse(rancherText)['.catalog'].questions as { variable: string; default?: unknown }[]) {
      answers[q.variable] = q.default === undefined || q.default === null ? '' : String(q.default)
    }
    const dockerName = names.find((n) => n.startsWith('docker-compose'))!
    const render = (name: string, text: string) => {
      const r = renderCompose(text, answers, { goTemplate: name.endsWith('.tpl') })
      expect(r.errors).toEqual([])
      return parse(r.text) as unknown
    }
    return { docker: render(dockerName, read(dockerName)), rancher: render('rancher-compose.yml', rancherText), answers }
  }

  it('covers versions 0–18', () => {
    expect(versions).toEqual(Array.from({ length: 19 }, (_, i) => i))
  })

  it.each(versions)('ipsec/%i', (version) => {
    const { docker, rancher, answers } = load(version)
    const decls = findNetworkDrivers(docker, rancher)
    // The block moved from the ipsec service (0–9) to the cni-driver service (10 on).
    expect(decls.map((d) => d.serviceName)).toEqual([version >= 10 ? 'cni-driver' : 'ipsec'])
    const s = spec(decls[0])
    expect(s).toMatchObject({
      driverName: 'Rancher IPsec',
      networkName: 'ipsec',
      kind: 'cni',
      hostPorts: true,
      dns: ['169.254.169.250'],
      dnsSearch: ['rancher.internal'],
      linkMtuOverhead: 98,
    })
    expect(s.subnets).toEqual([
      expect.objectContaining({ cidr: '10.42.0.0/16', gateway: '10.42.0.1', startAddress: '10.42.0.2', endAddress: '10.42.255.250', size: 65529 }),
    ])
    expect(Object.keys(s.cniConfig)).toEqual(['10-rancher.conf'])
    // The MTU question arrived in version 2; before it the file had no mtu.
    if ('MTU' in answers) {
      expect(s.mtu).toBe(1500)
      expect(effectiveMtu(s.mtu, s.linkMtuOverhead)).toBe(1402)
    } else {
      expect(s.mtu).toBeNull()
    }
  })

  it('ipsec/18 with operator answers: another subnet, an explicit range, GCE MTU', () => {
    const dir = new URL('18/', root)
    const tpl = readFileSync(new URL('docker-compose.yml.tpl', dir), 'utf8')
    const answers = {
      SUBNET: '10.50.0.0/16',
      SUBNET_PREFIX: '16',
      SUBNET_START_ADDRESS: '10.50.1.0',
      SUBNET_END_ADDRESS: '10.50.1.255',
      MTU: '1460',
      HOST_PORTS: 'false',
      DOCKER_BRIDGE: 'docker0',
      RANCHER_DEBUG: 'false',
      RANCHER_HAIRPIN_MODE: 'false',
      RANCHER_PROMISCUOUS_MODE: 'true',
      CONNECTIVITY_CHECK_INTERVAL: '10000',
      PEER_CONNECTION_TIMEOUT: '60000',
    }
    const r = renderCompose(tpl, answers, { goTemplate: true })
    const [decl] = findNetworkDrivers(parse(r.text), {})
    const s = spec(decl)
    expect(s.hostPorts).toBe(false)
    expect(s.subnets[0]).toMatchObject({ cidr: '10.50.0.0/16', startAddress: '10.50.1.0', endAddress: '10.50.1.255', size: 256 })
    expect(effectiveMtu(s.mtu, s.linkMtuOverhead)).toBe(1362)
  })
})
