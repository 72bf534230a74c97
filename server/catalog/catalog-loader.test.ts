import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'
import type { CatalogTemplate, CatalogTemplateVersion } from '../../core/api/index.ts'
import { effectiveAnswers } from '../../core/compose/answers.ts'
import { renderCompose } from '../../core/compose/render.ts'
import { readServices } from '../../core/compose/services.ts'
import { buildNetworkSpec, findNetworkDrivers } from '../../core/network/driver-block.ts'
import { loadBuiltinCatalog, loadBuiltinEnvironmentTemplates } from './catalog-loader.ts'

const catalog = loadBuiltinCatalog()
const environmentTemplates = loadBuiltinEnvironmentTemplates()

function template(id: string): CatalogTemplate {
  const t = catalog.find((c) => c.id === id)
  if (t === undefined) throw new Error(`no catalog template ${id}`)
  return t
}

function version(id: string, v: string): CatalogTemplateVersion {
  const found = template(id).versions.find((x) => x.version === v)
  if (found === undefined) throw new Error(`no version ${v} of ${id}`)
  return found
}

function defaultVersion(id: string): CatalogTemplateVersion {
  return version(id, template(id).defaultVersion)
}

/** Parses YAML strictly (the `yaml` package reports every error and duplicate key). */
function parseStrict(text: string, name: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true })
  expect(doc.errors.map((e) => `${name}: ${e.message}`)).toEqual([])
  return doc.toJS()
}

/** A version's files rendered with its question defaults overridden by `answers`, parsed. */
function render(v: CatalogTemplateVersion, answers: Record<string, string> = {}) {
  const effective = effectiveAnswers(v.questions, answers)
  expect(effective.errors).toEqual([])
  const out = v.files.map((f) => {
    const r = renderCompose(f.content, effective.answers, { goTemplate: f.name.endsWith('.tpl') })
    expect(r.errors, f.name).toEqual([])
    return { name: f.name, missing: r.missing, text: r.text, doc: parseStrict(r.text, f.name) }
  })
  const docker = out.find((f) => f.name.startsWith('docker-compose'))!
  const rancher = out.find((f) => f.name.startsWith('rancher-compose'))!
  return { files: out, docker: docker.doc, rancher: rancher.doc }
}

function networkSpec(v: CatalogTemplateVersion, answers: Record<string, string> = {}) {
  const { docker, rancher } = render(v, answers)
  const drivers = findNetworkDrivers(docker, rancher)
  expect(drivers).toHaveLength(1)
  const built = buildNetworkSpec(drivers[0])
  if (!built.ok) throw new Error(JSON.stringify(built.errors))
  if (built.spec === null) throw new Error('the driver declares no default network')
  return { serviceName: drivers[0].serviceName, spec: built.spec }
}

const allVersions = catalog.flatMap((t) => t.versions.map((v) => ({ id: t.id, label: `${t.id} ${v.version}`, v })))

describe('built-in catalog', () => {
  it('holds the five infrastructure templates with their categories', () => {
    expect(catalog.map((t) => [t.id, t.category])).toEqual([
      ['healthcheck', 'Health'],
      ['ipsec', 'Networking'],
      ['network-services', 'Network Services'],
      ['scheduler', 'Scheduling'],
      ['vxlan', 'Networking'],
    ])
    for (const t of catalog) {
      expect(t.name, t.id).not.toBe('')
      expect(t.description, t.id).not.toBe('')
      expect(t.versions.map((v) => v.version), t.id).toContain(t.defaultVersion)
    }
  })

  it('sorts versions by versionIndex and lists docker-compose before rancher-compose', () => {
    for (const t of catalog) {
      const indexes = t.versions.map((v) => v.versionIndex)
      expect(indexes, t.id).toEqual([...indexes].sort((a, b) => a - b))
      for (const v of t.versions) {
        expect(v.files.map((f) => f.name.replace(/\.tpl$/, '')), `${t.id} ${v.version}`).toEqual([
          'docker-compose.yml',
          'rancher-compose.yml',
        ])
        expect(v.minimumRancherVersion, `${t.id} ${v.version}`).toMatch(/^v1\.6\./)
      }
    }
  })

  it('has question defaults that are strings and satisfy their own questions', () => {
    for (const { label, v } of allVersions) {
      for (const q of v.questions) {
        if (q.default !== undefined) expect(typeof q.default, `${label} ${q.variable}`).toBe('string')
        if (q.type === 'boolean') expect(['true', 'false'], `${label} ${q.variable}`).toContain(q.default)
        if (q.min !== undefined || q.max !== undefined) expect(q.type, `${label} ${q.variable}`).toBe('int')
      }
      expect(effectiveAnswers(v.questions, {}).errors, label).toEqual([])
    }
  })

  describe('ipsec', () => {
    it('defaults to 0.2.5 and keeps the older 0.2.4', () => {
      const t = template('ipsec')
      expect(t.defaultVersion).toBe('0.2.5')
      expect(t.versions.map((v) => v.version)).toEqual(['0.2.4', '0.2.5'])
      expect(t.versions.at(-1)!.version).toBe('0.2.5')
      expect(version('ipsec', '0.2.5').minimumRancherVersion).toBe('v1.6.19-rc1')
    })

    it('asks the 0.2.5 questions with their defaults', () => {
      const questions = version('ipsec', '0.2.5').questions
      const table = Object.fromEntries(questions.map((q) => [q.variable, [q.type, q.default, q.required]]))
      expect(table).toEqual({
        DOCKER_BRIDGE: ['string', 'docker0', true],
        MTU: ['int', '1500', true],
        RANCHER_DEBUG: ['boolean', 'false', true],
        HOST_PORTS: ['boolean', 'true', true],
        SUBNET: ['string', '10.42.0.0/16', true],
        SUBNET_PREFIX: ['int', '16', true],
        SUBNET_START_ADDRESS: ['string', '', false],
        SUBNET_END_ADDRESS: ['string', '', false],
        RANCHER_HAIRPIN_MODE: ['boolean', 'false', true],
        RANCHER_PROMISCUOUS_MODE: ['boolean', 'true', true],
        IPSEC_REPLAY_WINDOW_SIZE: ['string', '1024', true],
        IPSEC_IKE_SA_REKEY_INTERVAL: ['string', '4h', true],
        IPSEC_CHILD_SA_REKEY_INTERVAL: ['string', '1h', true],
        RANCHER_IPSEC_PSK: ['string', '', false],
        CONNECTIVITY_CHECK_INTERVAL: ['int', '10000', true],
        PEER_CONNECTION_TIMEOUT: ['int', '60000', true],
      })
      const mtu = questions.find((q) => q.variable === 'MTU')!
      expect([mtu.min, mtu.max]).toEqual([68, 9000])
      for (const q of questions) expect(q.label, q.variable).not.toBe('')
    })

    it('0.2.4 differs only in the connectivity check defaults (5000 / 1000)', () => {
      const older = version('ipsec', '0.2.4').questions
      const current = version('ipsec', '0.2.5').questions
      const defaults = (qs: typeof older) => Object.fromEntries(qs.map((q) => [q.variable, q.default]))
      expect(defaults(older)).toEqual({ ...defaults(current), CONNECTIVITY_CHECK_INTERVAL: '5000', PEER_CONNECTION_TIMEOUT: '1000' })
    })

    it('passes the connectivity-check flags only when the answers differ from 5000 / 1000', () => {
      const command = (v: CatalogTemplateVersion, answers: Record<string, string> = {}) => {
        const { docker } = render(v, answers)
        return (docker as { services: Record<string, { command: unknown }> }).services['connectivity-check'].command
      }
      const current = version('ipsec', '0.2.5')
      expect(command(current)).toEqual([
        'connectivity-check',
        '--connectivity-check-interval',
        '10000',
        '--peer-connection-timeout',
        '60000',
      ])
      expect(command(current, { CONNECTIVITY_CHECK_INTERVAL: '5000', PEER_CONNECTION_TIMEOUT: '1000' })).toEqual(['connectivity-check'])
      expect(command(version('ipsec', '0.2.4'))).toEqual(['connectivity-check'])
    })

    it('runs the holder with router and connectivity-check sidekicks and a global host-network cni-driver', () => {
      const { docker, rancher } = render(defaultVersion('ipsec'))
      const { services, errors } = readServices(docker, rancher)
      expect(errors).toEqual([])
      const byName = Object.fromEntries(services.map((s) => [s.name, s]))
      expect(Object.keys(byName).sort()).toEqual(['cni-driver', 'connectivity-check', 'ipsec', 'router'])
      expect(byName.ipsec.networkMode).toBe('ipsec')
      expect(byName.ipsec.global).toBe(true)
      expect(byName.ipsec.labels['io.rancher.sidekicks']).toBe('router,connectivity-check')
      expect(byName.ipsec.labels['io.rancher.cni.link_mtu_overhead']).toBe('0')
      expect(byName.ipsec.ports.map((p) => `${p.publicPort}:${p.privatePort}/${p.protocol}`)).toEqual(['500:500/udp', '4500:4500/udp'])
      expect(byName.router.networkMode).toBe('container:ipsec')
      expect(byName['connectivity-check'].networkMode).toBe('container:ipsec')
      expect(byName['cni-driver'].networkMode).toBe('host')
      expect(byName['cni-driver'].global).toBe(true)
      const raw = (docker as { services: Record<string, Record<string, unknown>> }).services
      expect(raw['cni-driver'].privileged).toBe(true)
      const health = (rancher as Record<string, { health_check?: { strategy?: string; port?: number } }>).ipsec.health_check
      expect(health).toMatchObject({ strategy: 'none', port: 80 })
    })
  })

  describe('vxlan', () => {
    it('has one version, 0.3.1, with the same network questions as ipsec', () => {
      const t = template('vxlan')
      expect(t.defaultVersion).toBe('0.3.1')
      expect(t.versions.map((v) => v.version)).toEqual(['0.3.1'])
      const defaults = Object.fromEntries(t.versions[0].questions.map((q) => [q.variable, q.default]))
      expect(defaults).toEqual({
        DOCKER_BRIDGE: 'docker0',
        MTU: '1500',
        SUBNET: '10.42.0.0/16',
        SUBNET_PREFIX: '16',
        RANCHER_DEBUG: 'false',
        RANCHER_HAIRPIN_MODE: 'false',
        RANCHER_PROMISCUOUS_MODE: 'true',
        HOST_PORTS: 'true',
      })
    })

    it('opens UDP 4789 and has no connectivity check', () => {
      const { docker, rancher } = render(defaultVersion('vxlan'))
      const { services } = readServices(docker, rancher)
      const byName = Object.fromEntries(services.map((s) => [s.name, s]))
      expect(Object.keys(byName).sort()).toEqual(['cni-driver', 'router', 'vxlan'])
      expect(byName.vxlan.networkMode).toBe('vxlan')
      expect(byName.vxlan.labels['io.rancher.sidekicks']).toBe('router')
      expect(byName.vxlan.ports.map((p) => `${p.publicPort}:${p.privatePort}/${p.protocol}`)).toEqual(['4789:4789/udp'])
      expect(byName.router.networkMode).toBe('container:vxlan')
    })
  })

  it('network-services: global network-manager on the host network, metadata on bridge, dns in metadata', () => {
    const v = defaultVersion('network-services')
    expect(v.version).toBe('0.2.11')
    expect(Object.fromEntries(v.questions.map((q) => [q.variable, q.default]))).toEqual({
      DNS_RECURSER_TIMEOUT: '2',
      TTL: '1',
      CPU_PERIOD: '400000',
      CPU_QUOTA: '200000',
      RELOAD_INTERVAL_LIMIT: '1000',
      ARP_SYNC_INTERVAL: '5',
    })
    const { docker, rancher } = render(v)
    const { services } = readServices(docker, rancher)
    const summary = Object.fromEntries(services.map((s) => [s.name, [s.networkMode, s.global, s.labels['io.rancher.sidekicks'] ?? null]]))
    expect(summary).toEqual({
      'network-manager': ['host', true, null],
      metadata: ['bridge', true, 'dns'],
      dns: ['container:metadata', true, null],
    })
    const raw = (docker as { services: Record<string, Record<string, unknown>> }).services
    expect(raw['network-manager'].privileged).toBe(true)
    expect(raw.metadata.cpu_quota).toBe(200000)
    expect(raw.dns.command).toContain('--listen 169.254.169.250:53')
  })

  it('healthcheck is global and scheduler runs one container, both on the managed network', () => {
    const hc = render(defaultVersion('healthcheck'))
    const [healthcheck] = readServices(hc.docker, hc.rancher).services
    expect([healthcheck.name, healthcheck.networkMode, healthcheck.global]).toEqual(['healthcheck', 'managed', true])
    const sc = render(defaultVersion('scheduler'))
    const [scheduler] = readServices(sc.docker, sc.rancher).services
    expect([scheduler.name, scheduler.networkMode, scheduler.global, scheduler.scale]).toEqual(['scheduler', 'managed', false, 1])
  })

  describe.each(allVersions)('$label', ({ id, v }) => {
    it('renders every compose file with the question defaults into valid YAML', () => {
      const { files } = render(v)
      const optionalEmpty = new Set(v.questions.filter((q) => !q.required && (q.default ?? '') === '').map((q) => q.variable))
      for (const f of files) {
        for (const name of f.missing) expect(optionalEmpty, `${f.name}: ${name} has no default`).toContain(name)
        expect(f.text).not.toMatch(/\{\{|\}\}/)
      }
    })

    it('references only variables it asks a question for', () => {
      const variables = new Set(v.questions.map((q) => q.variable))
      for (const f of v.files) {
        // With no answers at all, `missing` lists every variable the file uses.
        const { missing } = renderCompose(f.content, {}, { goTemplate: f.name.endsWith('.tpl') })
        for (const name of missing) expect(variables, `${f.name} uses ${name}`).toContain(name)
      }
    })

    it('gives every service an image and a network mode that resolves', () => {
      const { docker, rancher } = render(v)
      const { services, errors } = readServices(docker, rancher)
      expect(errors).toEqual([])
      expect(services.length).toBeGreaterThan(0)
      const names = new Set(services.map((s) => s.name))
      const driverNetworks = findNetworkDrivers(docker, rancher).map((d) => {
        const built = buildNetworkSpec(d)
        return built.ok && built.spec ? built.spec.networkName : d.serviceName
      })
      for (const s of services) {
        expect(s.image, s.name).toMatch(/^rancher\/[a-z-]+:[\w.-]+$/)
        const mode = s.networkMode
        if (mode.startsWith('container:')) expect(names, `${s.name}: ${mode}`).toContain(mode.slice('container:'.length))
        else expect(['managed', 'host', 'bridge', 'none', ...driverNetworks], `${s.name}: ${mode}`).toContain(mode)
        // Global services say so with the string 'true', as Rancher reads labels.
        const global = (docker as { services: Record<string, { labels?: Record<string, unknown> }> }).services[s.name].labels?.[
          'io.rancher.scheduler.global'
        ]
        if (global !== undefined) expect(global, s.name).toBe('true')
      }
    })

    const isDriver = id === 'ipsec' || id === 'vxlan'
    it(isDriver ? 'declares exactly one network_driver: 10.42.0.0/16, MTU 1500' : 'declares no network_driver', () => {
      const { docker, rancher } = render(v)
      const drivers = findNetworkDrivers(docker, rancher)
      if (!isDriver) {
        expect(drivers).toEqual([])
        return
      }
      const { serviceName, spec } = networkSpec(v)
      expect(serviceName).toBe('cni-driver')
      expect(spec.networkName).toBe(id)
      expect(spec.kind).toBe('cni')
      expect(spec.subnets.map((s) => s.cidr)).toEqual(['10.42.0.0/16'])
      expect(spec.subnets[0]).toMatchObject({ gateway: '10.42.0.1', startAddress: '10.42.0.2', endAddress: '10.42.255.250' })
      expect(spec.mtu).toBe(1500)
      expect(spec.linkMtuOverhead).toBe(id === 'ipsec' ? 98 : 50)
      expect(spec.hostPorts).toBe(true)
      expect(spec.dns).toEqual(['169.254.169.250'])
      expect(spec.dnsSearch).toEqual(['rancher.internal'])
    })
  })

  it('ipsec declares the 10-rancher.conf CNI config with every key', () => {
    const { spec } = networkSpec(defaultVersion('ipsec'))
    expect(spec.driverName).toBe('Rancher IPsec')
    expect(spec.cniConfig).toEqual({
      '10-rancher.conf': {
        name: 'rancher-cni-network',
        type: 'rancher-bridge',
        bridge: 'docker0',
        bridgeSubnet: '10.42.0.0/16',
        logToFile: '/var/log/rancher-cni.log',
        isDebugLevel: 'false',
        isDefaultGateway: true,
        hostNat: true,
        hairpinMode: false,
        promiscMode: true,
        mtu: 1500,
        linkMTUOverhead: 98,
        ipam: {
          type: 'rancher-cni-ipam',
          subnetPrefixSize: '/16',
          logToFile: '/var/log/rancher-cni.log',
          isDebugLevel: 'false',
        },
      },
    })
  })

  it('vxlan declares 10-rancher-vxlan.conf with overhead 50 and no start/end address', () => {
    const v = defaultVersion('vxlan')
    const { spec } = networkSpec(v)
    expect(spec.driverName).toBe('Rancher VXLAN')
    expect(Object.keys(spec.cniConfig)).toEqual(['10-rancher-vxlan.conf'])
    expect(spec.cniConfig['10-rancher-vxlan.conf']).toMatchObject({ type: 'rancher-bridge', linkMTUOverhead: 50, mtu: 1500 })
    const { docker } = render(v)
    const subnets = (docker as { services: Record<string, { network_driver: { default_network: { subnets: object[] } } }> }).services[
      'cni-driver'
    ].network_driver.default_network.subnets
    expect(subnets).toEqual([{ network_address: '10.42.0.0/16' }])
  })

  it('carries the answers into the network (subnet, MTU, host ports, bridge modes)', () => {
    const { spec } = networkSpec(defaultVersion('ipsec'), {
      SUBNET: '10.32.0.0/16',
      MTU: '1460',
      HOST_PORTS: 'false',
      RANCHER_HAIRPIN_MODE: 'true',
      RANCHER_PROMISCUOUS_MODE: 'false',
      SUBNET_PREFIX: '24',
      SUBNET_START_ADDRESS: '10.32.1.0',
      SUBNET_END_ADDRESS: '10.32.1.255',
    })
    expect(spec.subnets[0]).toMatchObject({ cidr: '10.32.0.0/16', startAddress: '10.32.1.0', endAddress: '10.32.1.255' })
    expect(spec.hostPorts).toBe(false)
    expect(spec.mtu! - spec.linkMtuOverhead!).toBe(1362)
    expect(spec.cniConfig['10-rancher.conf']).toMatchObject({
      bridgeSubnet: '10.32.0.0/16',
      hairpinMode: true,
      promiscMode: false,
      ipam: { subnetPrefixSize: '/24' },
    })
    const vx = networkSpec(defaultVersion('vxlan'), { MTU: '1500' }).spec
    expect(vx.mtu! - vx.linkMtuOverhead!).toBe(1450)
  })
})

describe('built-in environment templates', () => {
  it('are Cattle (first, the default) and Cattle VXLAN, public', () => {
    expect(environmentTemplates.map((t) => [t.key, t.name, t.isPublic])).toEqual([
      ['cattle', 'Cattle', true],
      ['cattle-vxlan', 'Cattle VXLAN', true],
    ])
    for (const t of environmentTemplates) expect(t.description).not.toBe('')
  })

  it('give each environment network services, one network driver, scheduler and healthcheck', () => {
    const stacks = Object.fromEntries(environmentTemplates.map((t) => [t.key, t.stacks.map((s) => [s.name, s.catalogTemplateId])]))
    expect(stacks).toEqual({
      cattle: [
        ['network-services', 'network-services'],
        ['ipsec', 'ipsec'],
        ['scheduler', 'scheduler'],
        ['healthcheck', 'healthcheck'],
      ],
      'cattle-vxlan': [
        ['network-services', 'network-services'],
        ['vxlan', 'vxlan'],
        ['scheduler', 'scheduler'],
        ['healthcheck', 'healthcheck'],
      ],
    })
  })

  it('reference only catalog templates (and versions) that exist', () => {
    for (const t of environmentTemplates) {
      const networking = t.stacks.filter((s) => template(s.catalogTemplateId).category === 'Networking')
      expect(networking, t.key).toHaveLength(1)
      for (const s of t.stacks) {
        const c = template(s.catalogTemplateId)
        if (s.version !== null) expect(c.versions.map((v) => v.version)).toContain(s.version)
        expect(s.answers).toEqual({})
        expect(s.dockerCompose).toBeNull()
        expect(s.rancherCompose).toBeNull()
        const v = s.version === null ? defaultVersion(c.id) : version(c.id, s.version)
        expect(effectiveAnswers(v.questions, s.answers).errors, `${t.key} ${s.name}`).toEqual([])
      }
    }
  })
})

describe('loader errors name the file', () => {
  let dir: string | undefined
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
    dir = undefined
  })

  function library(files: Record<string, string>): string {
    dir = mkdtempSync(join(tmpdir(), 'paddock-catalog-'))
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true })
      writeFileSync(join(dir, path), content)
    }
    return dir
  }

  const config = 'name: T\ncategory: Health\ndescription: d\nversion: 1.0.0\n'
  const compose = "version: '2'\nservices:\n  t:\n    image: rancher/t:v1\n"
  const rancherCompose = ".catalog:\n  name: T\n  version: 1.0.0\n  questions:\n    - variable: X\n      label: X\n      type: int\n      default: 3\n"

  it('loads a minimal template and turns YAML scalars into strings', () => {
    const d = library({ 't/config.yml': config, 't/0/docker-compose.yml': compose, 't/0/rancher-compose.yml': rancherCompose, 't/0/README.md': 'x' })
    const [t] = loadBuiltinCatalog(d)
    expect(t.versions[0]).toMatchObject({
      version: '1.0.0',
      versionIndex: 0,
      minimumRancherVersion: null,
      upgradeFrom: null,
      questions: [{ variable: 'X', label: 'X', type: 'int', default: '3', required: false }],
    })
    expect(t.versions[0].files.map((f) => f.name)).toEqual(['docker-compose.yml', 'rancher-compose.yml'])
  })

  it('sorts version folders numerically', () => {
    const files: Record<string, string> = { 't/config.yml': config.replace('1.0.0', '1.10.0') }
    for (const [i, ver] of [
      [2, '1.2.0'],
      [10, '1.10.0'],
      [9, '1.9.0'],
    ] as const) {
      files[`t/${i}/docker-compose.yml`] = compose
      files[`t/${i}/rancher-compose.yml`] = rancherCompose.replace('1.0.0', ver)
    }
    const [t] = loadBuiltinCatalog(library(files))
    expect(t.versions.map((v) => v.versionIndex)).toEqual([2, 9, 10])
    expect(t.defaultVersion).toBe('1.10.0')
  })

  it('rejects malformed YAML', () => {
    const d = library({ 't/config.yml': config, 't/0/docker-compose.yml': 'services: [unclosed', 't/0/rancher-compose.yml': rancherCompose })
    expect(() => loadBuiltinCatalog(d)).toThrow(/t\/0\/docker-compose\.yml: is not valid YAML/)
  })

  it('rejects a rancher-compose without a .catalog block', () => {
    const d = library({ 't/config.yml': config, 't/0/docker-compose.yml': compose, 't/0/rancher-compose.yml': 't:\n  scale: 1\n' })
    expect(() => loadBuiltinCatalog(d)).toThrow(/t\/0\/rancher-compose\.yml: has no `\.catalog` mapping/)
  })

  it('rejects an unbalanced Go template action', () => {
    const d = library({ 't/config.yml': config, 't/0/docker-compose.yml.tpl': 'a: {{ .Values.X }\n', 't/0/rancher-compose.yml': rancherCompose })
    expect(() => loadBuiltinCatalog(d)).toThrow(/docker-compose\.yml\.tpl: line 1/)
  })

  it('rejects a default version without a folder and an unknown category', () => {
    const base = { 't/0/docker-compose.yml': compose, 't/0/rancher-compose.yml': rancherCompose }
    expect(() => loadBuiltinCatalog(library({ ...base, 't/config.yml': config.replace('version: 1.0.0', 'version: 2.0.0') }))).toThrow(
      /t\/config\.yml: default version 2\.0\.0/,
    )
    rmSync(dir!, { recursive: true, force: true })
    expect(() => loadBuiltinCatalog(library({ ...base, 't/config.yml': config.replace('Health', 'Storage') }))).toThrow(/category/)
  })

  it('rejects an environment template whose stack breaks the schema', () => {
    const d = library({ 'bad.yml': 'name: Bad\ndescription: d\nisPublic: true\nstacks:\n  - name: -x-\n    catalogTemplateId: ipsec\n' })
    expect(() => loadBuiltinEnvironmentTemplates(d)).toThrow(/bad\.yml: stacks\[0\]: name/)
  })
})
