import { describe, expect, it } from 'vitest'
import { Diagnostic } from '../api/validate.ts'
import { dockerComposeSchema, networkDriverSchema, rancherComposeSchema } from '../schema/network-driver.schema.ts'
import type { JsonSchema } from '../schema/json-schema.ts'
import { DIAGNOSTIC_CODES, type DiagnosticCode, validateNetworkDriver } from './index.ts'
import { classify, type ValidateInput } from './validate.ts'

// ─── documents ─────────────────────────────────────────────────────────────────────────────

// A healthy bare block (the ipsec/18 driver rendered with its defaults). Line numbers of
// the table below refer to it: 7 network_address, 9 dns entry, 11 dns_search entry,
// 13 the CNI file, 16 bridge, 17 bridgeSubnet, 19 hostNat, 20 hairpinMode, 21 promiscMode,
// 22 mtu, 23 linkMTUOverhead, 24 ipam, 25 ipam type, 26 subnetPrefixSize.
const BASE = `network_driver:
  name: Rancher IPsec
  default_network:
    name: ipsec
    host_ports: true
    subnets:
    - network_address: 10.42.0.0/16
    dns:
    - 169.254.169.250
    dns_search:
    - rancher.internal
  cni_config:
    10-rancher.conf:
      name: rancher-cni-network
      type: rancher-bridge
      bridge: docker0
      bridgeSubnet: 10.42.0.0/16
      isDefaultGateway: true
      hostNat: true
      hairpinMode: false
      promiscMode: true
      mtu: 1500
      linkMTUOverhead: 98
      ipam:
        type: rancher-cni-ipam
        subnetPrefixSize: /16
        logToFile: /var/log/rancher-cni.log
`

/** BASE with lines replaced (1-based; a replacement may hold several lines, shifting the rest down). */
function edit(replacements: Record<number, string>, text = BASE): string {
  const lines = text.split('\n')
  for (const n of Object.keys(replacements).map(Number).sort((a, b) => b - a)) lines.splice(n - 1, 1, ...replacements[n].split('\n'))
  return lines.join('\n')
}

const COMPOSE = `version: '2'
services:
  cni-driver:
    image: rancher/net:v0.13.17
    network_mode: host
    labels:
      io.rancher.network.cni.binary: rancher-bridge
    network_driver:
      name: Rancher IPsec
      default_network:
        name: ipsec
        host_ports: {{ .Values.HOST_PORTS }}
        subnets:
        - network_address: \${SUBNET}
        dns:
        - 169.254.169.250
      cni_config:
        10-rancher.conf:
          type: rancher-bridge
          bridge: $DOCKER_BRIDGE
          bridgeSubnet: $SUBNET
          mtu: \${MTU}
          linkMTUOverhead: 98
          ipam:
            type: rancher-cni-ipam
            subnetPrefixSize: /{{ .Values.SUBNET_PREFIX }}
`

const RANCHER = `.catalog:
  name: Rancher IPsec
  version: 0.2.5
  questions:
  - variable: DOCKER_BRIDGE
    label: Docker Bridge
    type: string
    default: docker0
    required: true
  - variable: MTU
    label: MTU
    type: int
    default: 1500
    required: true
    min: 68
    max: 9000
  - variable: SUBNET
    label: Subnet
    type: string
    default: 10.42.0.0/16
    required: true
  - variable: SUBNET_PREFIX
    label: Subnet prefix
    type: int
    default: 16
    required: true
  - variable: HOST_PORTS
    label: Host ports
    type: boolean
    default: true
    required: true
cni-driver:
  scale: 1
`

const pair = (compose = COMPOSE, rancher = RANCHER, answers: Record<string, string> = {}): ValidateInput => ({
  files: [
    { name: 'docker-compose.yml.tpl', content: compose },
    { name: 'rancher-compose.yml', content: rancher },
  ],
  answers,
})

// ─── the table ─────────────────────────────────────────────────────────────────────────────

/** [code, line, column?, file?] */
type Expected = [DiagnosticCode, number, number?, string?]
interface Case {
  name: string
  input: ValidateInput | string
  expect: Expected[]
}

const TPL = 'docker-compose.yml.tpl'
const RC = 'rancher-compose.yml'

const CASES: Case[] = [
  // ── text ──
  { name: 'unclosed quote', input: edit({ 16: '      bridge: "docker0' }), expect: [['YAML_SYNTAX', 16, 15]] },
  { name: 'tab indentation', input: edit({ 14: '\t  name: rancher-cni-network' }), expect: [['YAML_SYNTAX', 14, 1], ['YAML_SYNTAX', 15, 13]] },
  { name: 'key set twice', input: edit({ 21: '      hairpinMode: true' }), expect: [['DUPLICATE_KEY', 21, 7]] },
  { name: 'invalid ${…} interpolation', input: edit({ 27: '        logToFile: ${LOG FILE}' }), expect: [['TEMPLATE_SYNTAX', 27, 20]] },
  { name: 'unsupported template function', input: edit({ 27: '        logToFile: {{ printf "%s" "x" }}' }), expect: [['TEMPLATE_SYNTAX', 27, 23]] },
  { name: 'placeholder without answer or question', input: edit({ 7: '    - network_address: $SUBNET' }), expect: [['UNRESOLVED_PLACEHOLDER', 7, 24]] },
  { name: 'answer the int question refuses', input: pair(COMPOSE, RANCHER, { MTU: 'big' }), expect: [['ANSWER_INVALID', 22, 16, TPL]] },
  { name: 'answer above the question max', input: pair(COMPOSE, RANCHER, { MTU: '9500' }), expect: [['ANSWER_INVALID', 22, 16, TPL]] },
  { name: 'question default its type refuses', input: pair(COMPOSE, RANCHER.replace('default: 1500', 'default: fifteen')), expect: [['QUESTION_INVALID', 13, 14, RC]] },
  { name: 'question defined twice', input: pair(COMPOSE, RANCHER.replace('variable: SUBNET_PREFIX', 'variable: SUBNET')), expect: [['QUESTION_INVALID', 22, 15, RC], ['UNRESOLVED_PLACEHOLDER', 26, 32, TPL]] },
  // ── schema ──
  { name: 'misspelt CNI key', input: edit({ 17: '      bridgesubnet: 10.42.0.0/16' }), expect: [['UNKNOWN_KEY', 17, 7], ['HOST_NAT_NO_SUBNET', 19, 16]] },
  { name: 'misspelt default_network key', input: edit({ 5: '    hostports: true' }), expect: [['UNKNOWN_KEY', 5, 5]] },
  { name: 'unknown key at the top of a v2 compose', input: pair(COMPOSE.replace('services:', 'servics:')), expect: [['UNKNOWN_KEY', 2, 1, TPL], ['NO_NETWORK_DRIVER', 1, 1, TPL]] },
  { name: 'unknown question key', input: pair(COMPOSE, RANCHER.replace('    min: 68', '    minimum: 68')), expect: [['UNKNOWN_KEY', 15, 5, RC]] },
  { name: 'dns as text', input: edit({ 8: '    dns: 169.254.169.250', 9: '    # (none)' }), expect: [['WRONG_TYPE', 8, 10]] },
  { name: 'mtu as a word', input: edit({ 22: '      mtu: fifteen' }), expect: [['WRONG_TYPE', 22, 12]] },
  { name: 'quoted mtu in cni_config', input: edit({ 22: "      mtu: '1500'" }), expect: [['QUOTED_SCALAR', 22, 12]] },
  { name: 'quoted host_ports', input: edit({ 5: "    host_ports: 'true'" }), expect: [['QUOTED_SCALAR', 5, 17]] },
  { name: 'ipam without type', input: edit({ 25: '        # type: rancher-cni-ipam' }), expect: [['REQUIRED_MISSING', 24, 7]] },
  { name: 'subnet without network_address', input: edit({ 7: '    - cidr_size: 16' }), expect: [['REQUIRED_MISSING', 7, 7]] },
  { name: 'empty network_address', input: edit({ 7: "    - network_address: ''" }), expect: [['EMPTY_VALUE', 7, 24]] },
  { name: 'bridgeSubnet with no value', input: edit({ 17: '      bridgeSubnet:' }), expect: [['EMPTY_VALUE', 17, 7]] },
  { name: 'a CNI file with no content', input: edit({ 13: '    10-rancher.conf:\n    20-empty.conf:' }), expect: [['EMPTY_VALUE', 13, 5]] },
  { name: 'an alias before its anchor', input: edit({ 16: '      bridge: *bridge', 27: '        logToFile: &bridge docker0' }), expect: [['YAML_SYNTAX', 16, 15]] },
  { name: 'a second YAML document', input: `${BASE}---\nnetwork_driver:\n  name: other\n`, expect: [['YAML_SYNTAX', 28, 1]] },
  { name: 'policy action misspelt', input: edit({ 5: '    default_policy_action: alow' }), expect: [['INVALID_ENUM', 5, 28]] },
  { name: 'isDebugLevel not true/false', input: edit({ 27: '        isDebugLevel: verbose' }), expect: [['INVALID_ENUM', 27, 23]] },
  { name: 'subnetPrefixSize without slash', input: edit({ 26: "        subnetPrefixSize: '16'" }), expect: [['INVALID_FORMAT', 26, 27]] },
  // ── drivers ──
  { name: 'compose with no driver', input: 'version: "2"\nservices:\n  web:\n    image: nginx\n', expect: [['NO_NETWORK_DRIVER', 1, 1]] },
  {
    name: 'two drivers in one compose',
    input: `services:\n  ipsec:\n    network_driver:\n      name: A\n  vxlan:\n    network_driver:\n      name: B\n`,
    expect: [['NO_DEFAULT_NETWORK', 3, 5], ['MULTIPLE_DRIVERS', 6, 5], ['NO_DEFAULT_NETWORK', 6, 5]],
  },
  {
    name: 'two drivers across files',
    input: { files: [{ name: 'a.yml', content: BASE }, { name: 'b.yml', content: BASE }] },
    expect: [['MULTIPLE_DRIVERS', 1, 1, 'b.yml']],
  },
  { name: 'driver without default_network', input: 'network_driver:\n  name: Empty\n', expect: [['NO_DEFAULT_NETWORK', 1, 1]] },
  { name: 'network named like a mode', input: edit({ 4: '    name: host' }), expect: [['NETWORK_NAME_RESERVED', 4, 11]] },
  { name: 'no subnets', input: edit({ 6: '    subnets: []', 7: '    # none' }), expect: [['NO_SUBNETS', 6, 5]] },
  // ── addresses ──
  { name: 'not an address', input: edit({ 7: '    - network_address: 10.42.0.300/16' }), expect: [['CIDR_SYNTAX', 7, 24]] },
  { name: 'host bits set', input: edit({ 7: '    - network_address: 10.42.1.0/16' }), expect: [['CIDR_HOST_BITS_SET', 7, 24]] },
  { name: 'prefix too short', input: edit({ 7: '    - network_address: 10.0.0.0/7' }), expect: [['CIDR_PREFIX_RANGE', 7, 24]] },
  { name: 'cidr_size too long', input: edit({ 7: '    - network_address: 10.42.0.0\n      cidr_size: 30' }), expect: [['CIDR_PREFIX_RANGE', 8, 18]] },
  { name: 'cidr_size contradicts the suffix', input: edit({ 7: '    - network_address: 10.42.0.0/16\n      cidr_size: 24' }), expect: [['CIDR_SIZE_IGNORED', 8, 18]] },
  {
    name: 'overlapping subnets',
    input: edit({ 7: '    - network_address: 10.42.0.0/16\n    - network_address: 10.42.128.0/17' }),
    expect: [['SUBNET_OVERLAP', 8, 24]],
  },
  { name: 'the Docker bridge', input: edit({ 7: '    - network_address: 172.17.0.0/16', 17: '      bridgeSubnet: 172.17.0.0/16' }), expect: [['SUBNET_DOCKER_BRIDGE', 7, 24]] },
  { name: 'a host network', input: { yaml: BASE, context: { hostNetworks: ['192.168.1.10/24', '10.42.7.12/16'] } }, expect: [['SUBNET_HOST_NETWORK', 7, 24]] },
  { name: 'the metadata address', input: edit({ 7: '    - network_address: 169.254.0.0/16', 17: '      bridgeSubnet: 169.254.0.0/16' }), expect: [['SUBNET_METADATA', 7, 24]] },
  { name: 'loopback', input: edit({ 7: '    - network_address: 127.0.0.0/8', 17: '      bridgeSubnet: 127.0.0.0/8', 26: '        subnetPrefixSize: /8' }), expect: [['SUBNET_RESERVED', 7, 24]] },
  { name: 'public addresses', input: edit({ 7: '    - network_address: 8.8.0.0/16', 17: '      bridgeSubnet: 8.8.0.0/16' }), expect: [['SUBNET_PUBLIC', 7, 24]] },
  { name: 'start_address not an address', input: edit({ 7: '    - network_address: 10.42.0.0/16\n      start_address: 10.42.0.x' }), expect: [['IP_SYNTAX', 8, 22]] },
  { name: 'gateway outside the subnet', input: edit({ 7: '    - network_address: 10.42.0.0/16\n      gateway: 10.43.0.1' }), expect: [['ADDRESS_OUTSIDE_SUBNET', 8, 16]] },
  { name: 'end_address on the broadcast address', input: edit({ 7: '    - network_address: 10.42.0.0/16\n      end_address: 10.42.255.255' }), expect: [['ADDRESS_RESERVED', 8, 20]] },
  {
    name: 'range backwards',
    input: edit({ 7: '    - network_address: 10.42.0.0/16\n      start_address: 10.42.9.0\n      end_address: 10.42.1.0' }),
    expect: [['RANGE_ORDER', 8, 22]],
  },
  // ── DNS ──
  { name: 'dns not an address', input: edit({ 9: '    - 169.254.169.2500' }), expect: [['DNS_NO_METADATA', 8, 5], ['DNS_INVALID', 9, 7]] },
  { name: 'dns without metadata', input: edit({ 9: '    - 8.8.8.8' }), expect: [['DNS_NO_METADATA', 8, 5]] },
  { name: 'bad search domain', input: edit({ 11: '    - rancher..internal' }), expect: [['DNS_SEARCH_INVALID', 11, 7]] },
  // ── CNI ──
  { name: 'no cni_config', input: BASE.split('  cni_config:')[0], expect: [['CNI_CONFIG_MISSING', 1, 1]] },
  { name: 'file name with a path', input: edit({ 13: '    ../10-rancher.conf:' }), expect: [['CNI_FILE_NAME', 13, 5]] },
  { name: 'file name without .conf', input: edit({ 13: '    10-rancher.json:' }), expect: [['CNI_FILE_NAME', 13, 5]] },
  { name: 'another CNI plugin', input: edit({ 15: '      type: bridge' }), expect: [['CNI_PLUGIN_TYPE', 15, 13]] },
  { name: 'unknown IPAM', input: edit({ 25: '        type: host-local' }), expect: [['CNI_IPAM_TYPE', 25, 15]] },
  { name: 'bridge name too long', input: edit({ 16: '      bridge: docker0-overlay-bridge' }), expect: [['BRIDGE_NAME', 16, 15]] },
  { name: 'bridgeSubnet differs', input: edit({ 17: '      bridgeSubnet: 10.43.0.0/16' }), expect: [['BRIDGE_SUBNET_MISMATCH', 17, 21]] },
  { name: 'hostNat without bridgeSubnet', input: edit({ 17: '      # bridgeSubnet: 10.42.0.0/16' }), expect: [['HOST_NAT_NO_SUBNET', 19, 16]] },
  { name: 'prefix size differs', input: edit({ 26: '        subnetPrefixSize: /24' }), expect: [['SUBNET_PREFIX_MISMATCH', 26, 27]] },
  {
    name: 'prefix size defaults to /16 for a /24',
    input: edit({ 7: '    - network_address: 10.42.7.0/24', 17: '      bridgeSubnet: 10.42.7.0/24', 26: '        # no subnetPrefixSize' }),
    expect: [['SUBNET_PREFIX_MISMATCH', 24, 7]],
  },
  { name: 'bridgeIP outside bridgeSubnet', input: edit({ 18: '      bridgeIP: 10.43.0.1' }), expect: [['ADDRESS_OUTSIDE_SUBNET', 18, 17]] },
  { name: 'route with a bad dst', input: edit({ 27: '        routes:\n        - dst: 169.254.169.250/33' }), expect: [['CIDR_PREFIX_RANGE', 28, 16]] },
  { name: 'route with a bad gw', input: edit({ 27: '        routes:\n        - dst: 0.0.0.0/0\n          gw: gateway' }), expect: [['IP_SYNTAX', 29, 15]] },
  {
    name: 'conflist: the first plugin is checked like a .conf',
    input: edit({ 13: '    10-rancher.conflist:\n      name: rancher-cni-network\n      plugins:\n      - type: rancher-bridge\n        bridge: docker0\n        bridgeSubnet: 10.43.0.0/16\n        ipam:\n          type: rancher-cni-ipam', 14: '', 15: '', 16: '', 17: '', 18: '', 19: '', 20: '', 21: '', 22: '', 23: '', 24: '', 25: '', 26: '', 27: '' }),
    expect: [['BRIDGE_SUBNET_MISMATCH', 18, 23]],
  },
  {
    name: 'host-local IPAM range backwards',
    input: edit({ 25: '        type: rancher-host-local-ipam\n        subnet: 10.42.0.0/24\n        rangeStart: 10.42.0.200\n        rangeEnd: 10.42.0.100', 26: '' }),
    expect: [['RANGE_ORDER', 27, 21]],
  },
  {
    name: 'host-local IPAM range outside its subnet',
    input: edit({ 25: '        type: rancher-host-local-ipam\n        subnet: 10.42.0.0/24\n        rangeEnd: 10.42.1.100', 26: '' }),
    expect: [['ADDRESS_OUTSIDE_SUBNET', 27, 19]],
  },
  {
    name: 'two network_drivers entries',
    input: `network_drivers:\n  a:\n${BASE.split('\n').slice(1).join('\n').replace(/^/gm, '  ').replace(/ +$/, '')}  b:\n    name: B\n    default_network:\n      name: b\n`,
    expect: [['MULTIPLE_DRIVERS', 29, 3], ['DNS_NO_METADATA', 31, 5], ['CNI_CONFIG_MISSING', 29, 3]],
  },
  { name: '${X:?message} without an answer', input: edit({ 7: '    - network_address: ${SUBNET:?set the subnet}' }), expect: [['UNRESOLVED_PLACEHOLDER', 7, 24]] },
  // ── MTU ──
  { name: 'mtu above 9000', input: edit({ 22: '      mtu: 9500' }), expect: [['MTU_RANGE', 22, 12]] },
  { name: 'container MTU below 68', input: edit({ 22: '      mtu: 150' }), expect: [['MTU_EFFECTIVE_TOO_LOW', 23, 24]] },
  { name: 'container MTU below 1280', input: edit({ 22: '      mtu: 1300' }), expect: [['MTU_EFFECTIVE_LOW', 23, 24]] },
  { name: 'VXLAN overhead on IPsec', input: edit({ 23: '      linkMTUOverhead: 50' }), expect: [['MTU_OVERHEAD_LOW', 23, 24]] },
  { name: 'hairpin and promiscuous', input: edit({ 20: '      hairpinMode: true' }), expect: [['HAIRPIN_PROMISC', 20, 20]] },
  // ── through answers and templates: positions in the text the operator wrote ──
  { name: '/33 through the SUBNET answer', input: pair(COMPOSE, RANCHER, { SUBNET: '10.42.0.0/33' }), expect: [['CIDR_PREFIX_RANGE', 14, 28, TPL], ['CIDR_PREFIX_RANGE', 21, 25, TPL]] },
  { name: 'public subnet through the answer', input: pair(COMPOSE, RANCHER, { SUBNET: '8.8.0.0/16' }), expect: [['SUBNET_PUBLIC', 14, 28, TPL]] },
  { name: 'prefix answer disagrees', input: pair(COMPOSE, RANCHER, { SUBNET_PREFIX: '24' }), expect: [['SUBNET_PREFIX_MISMATCH', 26, 31, TPL]] },
  { name: 'mtu answer too small for IPsec', input: pair(COMPOSE, RANCHER, { MTU: '1200' }), expect: [['MTU_EFFECTIVE_LOW', 23, 28, TPL]] },
  {
    name: 'missing answers: one warning each, nothing downstream',
    input: { files: [{ name: 'docker-compose.yml.tpl', content: COMPOSE }] },
    expect: [
      ['UNRESOLVED_PLACEHOLDER', 12, 21],
      ['UNRESOLVED_PLACEHOLDER', 14, 28],
      ['UNRESOLVED_PLACEHOLDER', 20, 19],
      ['UNRESOLVED_PLACEHOLDER', 21, 25],
      ['UNRESOLVED_PLACEHOLDER', 22, 16],
      ['UNRESOLVED_PLACEHOLDER', 26, 32],
    ].map(([c, l, col]) => [c, l, col, TPL] as Expected),
  },
]

const HEALTHY: [string, ValidateInput | string][] = [
  ['the base block', BASE],
  ['the compose pair with its defaults', pair()],
  ['the compose pair with answers', pair(COMPOSE, RANCHER, { SUBNET: '10.100.0.0/24', SUBNET_PREFIX: '24', MTU: '1460', HOST_PORTS: 'false', DOCKER_BRIDGE: '' })],
  ['a v1 compose with the block on a service', `ipsec:\n  image: rancher/net:holder\n${BASE.replace(/^/gm, '  ').replace(/ +$/, '')}`],
  ['a top-level network_drivers map', `version: '2'\nservices:\n  ipsec:\n    image: x\nnetwork_drivers:\n  ipsec:\n${BASE.split('\n').slice(1).join('\n').replace(/^/gm, '  ').replace(/ +$/, '')}`],
  ['VXLAN', BASE.replace('Rancher IPsec', 'Rancher VXLAN').replace('name: ipsec', 'name: vxlan').replace('linkMTUOverhead: 98', 'linkMTUOverhead: 50')],
  [
    'per-host subnets given by host labels',
    `network_driver:
  name: Per host subnet
  default_network:
    name: per-host-subnet
    host_ports: true
    dns: [169.254.169.250]
    dns_search: [rancher.internal]
  cni_config:
    10-per-host-subnet.conf:
      name: per-host-subnet-network
      type: rancher-bridge
      bridge: docker0
      bridgeSubnet:
        __host_label__: io.rancher.network.per_host_subnet.subnet
      hostNat: true
      mtu: 1500
      ipam:
        type: rancher-host-local-ipam
        subnet:
          __host_label__: io.rancher.network.per_host_subnet.subnet
        rangeStart: '__host_label__: io.rancher.network.per_host_subnet.range_start'
`,
  ],
  [
    'l2-flat',
    `network_driver:
  name: l2-flat
  default_network:
    name: l2-flat
    subnets:
    - network_address: 172.22.101.0/24
      start_address: 172.22.101.110
      end_address: 172.22.101.240
      gateway: 172.22.101.1
    dns: [169.254.169.250]
  cni_config:
    10-flat.conf:
      name: rancher-flat-network
      type: rancher-bridge
      bridge: flatbr0
      bridgeSubnet: 172.22.101.0/24
      hostNat: false
      skipBridgeConfigureIP: true
      skipFastPath: true
      ipam:
        type: rancher-flat-ipam
        routes:
        - dst: 0.0.0.0/0
          gw: 172.22.101.1
`,
  ],
  [
    'merge keys (<<: *anchor) are applied as Go\'s yaml.v2 does',
    `version: '2'
services:
  cni-driver:
    image: rancher/net:v0.13.17
volumes:
  x: &bridge
    type: rancher-bridge
    bridge: docker0
network_drivers:
  cni-driver:
    default_network:
      name: ipsec
      subnets: [{network_address: 10.42.0.0/16}]
      dns: [169.254.169.250]
    cni_config:
      10-rancher.conf:
        <<: *bridge
        bridgeSubnet: 10.42.0.0/16
        ipam: {type: rancher-cni-ipam}
`,
  ],
  ['yes is a boolean in YAML 1.1, as in Rancher', BASE.replace('host_ports: true', 'host_ports: yes')],
  [
    'the same service in services: and network_drivers: is one driver',
    `services:\n  ipsec:\n    image: x\n    network_driver:\n      name: Rancher IPsec\nnetwork_drivers:\n  ipsec:\n${BASE.split('\n').slice(1).join('\n').replace(/^/gm, '  ').replace(/ +$/, '')}`,
  ],
  ['an empty optional answer keeps the key\'s default', pair(COMPOSE.replace('        dns:', '          start_address: $START\n        dns:'), `${RANCHER.replace('cni-driver:', '  - variable: START\n    label: Start\n    type: string\n    default: ""\n    required: false\ncni-driver:')}`)],
]

// ─── tests ─────────────────────────────────────────────────────────────────────────────────

const run = (input: ValidateInput | string) => validateNetworkDriver(typeof input === 'string' ? { yaml: input } : input)
const brief = (d: Diagnostic) => `${d.file ? `${d.file}:` : ''}${d.line}:${d.column} ${d.code}`

describe('broken documents: each mistake is caught with its code, line and column', () => {
  it('has at least 40 cases and covers every code', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40)
    const covered = new Set(CASES.flatMap((c) => c.expect.map((e) => e[0])))
    expect(Object.keys(DIAGNOSTIC_CODES).filter((code) => !covered.has(code as DiagnosticCode))).toEqual([])
  })

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { diagnostics } = run(c.input)
    // Every diagnostic is a valid contract object.
    for (const d of diagnostics) expect(Diagnostic.safeParse(d).success, JSON.stringify(d)).toBe(true)
    const got = diagnostics.map((d) => `${d.file ? `${d.file}:` : ''}${d.line}${d.column ? `:${d.column}` : ''} ${d.code}`)
    const want = c.expect.map(([code, line, column, file]) => `${file ? `${file}:` : ''}${line}:${column} ${code}`)
    expect(got.sort(), diagnostics.map((d) => `${brief(d)} ${d.message}`).join('\n')).toEqual(want.sort())
  })
})

describe('healthy documents give no diagnostics', () => {
  it.each(HEALTHY)('%s', (_name, input) => {
    expect(run(input).diagnostics.map((d) => `${brief(d)} ${d.message}`)).toEqual([])
  })
})

describe('positions, severities and messages', () => {
  it('reports every mistake of a document at once', () => {
    const text = edit({
      5: '    hostports: true',
      7: '    - network_address: 10.42.1.0/16',
      11: '    - rancher..internal',
      20: '      hairpinMode: true',
      22: '      mtu: 9500',
    })
    expect(run(text).diagnostics.map(brief)).toEqual(['5:5 UNKNOWN_KEY', '7:24 CIDR_HOST_BITS_SET', '11:7 DNS_SEARCH_INVALID', '20:20 HAIRPIN_PROMISC', '22:12 MTU_RANGE'])
  })

  it('points a bad answer at the placeholder it came through, end exclusive', () => {
    const [a, b] = run(pair(COMPOSE, RANCHER, { SUBNET: '10.42.0.0/33' })).diagnostics
    // `        - network_address: ${SUBNET}`: the placeholder is columns 28–36.
    expect(a).toMatchObject({ file: TPL, line: 14, column: 28, endLine: 14, endColumn: 37, severity: 'error', code: 'CIDR_PREFIX_RANGE' })
    expect(a.message).toContain('10.42.0.0/33')
    expect(a.path).toBe('services.cni-driver.network_driver.default_network.subnets.0.network_address')
    // `          bridgeSubnet: $SUBNET`
    expect(b).toMatchObject({ line: 21, column: 25, endColumn: 32, path: 'services.cni-driver.network_driver.cni_config.10-rancher.conf.bridgeSubnet' })
  })

  it('maps positions through a template that moves lines', () => {
    const tpl = `version: '2'\n{{- $img := "rancher/net:v0.13.17" }}\n{{- if eq .Values.MTU "1500" }}\n# standard MTU\n{{- end }}\nservices:\n  cni-driver:\n    image: {{ $img }}\n${BASE.replace(/^/gm, '    ').replace(/ +$/, '').replace('mtu: 1500', 'mtu: ${MTU}')}`
    const r = run({ files: [{ name: 'docker-compose.yml.tpl', content: tpl }], answers: { MTU: '99999' } })
    const line = tpl.split('\n').findIndex((l) => l.includes('mtu: ${MTU}')) + 1
    expect(r.diagnostics.map(brief)).toEqual([`docker-compose.yml.tpl:${line}:16 MTU_RANGE`])
    expect(r.rendered[0].name).toBe('docker-compose.yml')
    expect(r.rendered[0].content).toContain('mtu: 99999')
    expect(r.rendered[0].content).not.toContain('{{')
  })

  it('uses each code\'s severity (QUOTED_SCALAR: error in cni_config, warning elsewhere)', () => {
    for (const c of CASES) {
      for (const d of run(c.input).diagnostics) {
        if (d.code === 'QUOTED_SCALAR') continue
        expect(d.severity, `${c.name}: ${d.code}`).toBe(DIAGNOSTIC_CODES[d.code as DiagnosticCode].severity)
      }
    }
    expect(run(edit({ 22: "      mtu: '1500'" })).diagnostics[0].severity).toBe('error')
    expect(run(edit({ 5: "    host_ports: 'true'" })).diagnostics[0].severity).toBe('warning')
  })

  it('suggests the key that was meant and notes when it is already set', () => {
    const [d] = run(edit({ 17: '      bridgesubnet: 10.42.0.0/16', 19: '      hostNat: false' })).diagnostics
    expect(d.message).toBe('unknown key "bridgesubnet" in 10-rancher.conf; did you mean "bridgeSubnet"?')
    const [dup] = run(edit({ 18: '      hairpnMode: false' })).diagnostics
    expect(dup.message).toContain('did you mean "hairpinMode"? (hairpinMode is also set at line 20')
  })

  it('an answer that only fills an `if` condition is checked there too', () => {
    const tpl = COMPOSE.replace('        dns:', '        {{- if eq .Values.HOST_PORTS "true" }}\n        dns:').replace('        - 169.254.169.250', '        - 169.254.169.250\n        {{- end }}')
    const r = run(pair(tpl, RANCHER, { HOST_PORTS: 'maybe' }))
    // The condition went the other way, so dns is absent: not a DNS_NO_METADATA, since the structure is not the operator's.
    expect(r.diagnostics.map(brief)).toEqual([`${TPL}:12:21 ANSWER_INVALID`, `${TPL}:15:19 ANSWER_INVALID`])
    expect(r.diagnostics[0].message).toBe('answer HOST_PORTS must be true or false, got "maybe"')
  })

  it('treats an empty answer as not set: the question default applies', () => {
    expect(run(pair(COMPOSE, RANCHER, { SUBNET: '', MTU: '' })).diagnostics).toEqual([])
    expect(run(pair(COMPOSE, RANCHER, { SUBNET: '' })).rendered[0].content).toContain('network_address: 10.42.0.0/16')
  })

  it('never throws, whatever the input', () => {
    const inputs: ValidateInput[] = [{}, { yaml: '' }, { yaml: '- a\n- b' }, { yaml: 'just text' }, { yaml: ':\n::\n' }, { yaml: '{{' }, { yaml: '${' }, { files: [] }, { yaml: 'a: &x [*x]' }, { yaml: 'network_driver: *nope' }, { yaml: 'network_driver:\n  cni_config: [1, 2]\n  default_network: 3\n' }]
    for (const input of inputs) expect(() => run(input)).not.toThrow()
  })
})

describe('which schema a single text is read with', () => {
  it.each([
    ['network_driver:\n  name: x\n', undefined, 'network-driver'],
    ['.catalog:\n  name: x\nipsec:\n  scale: 1\n', undefined, 'rancher-compose'],
    ["version: '2'\nservices: {}\n", undefined, 'docker-compose'],
    ['ipsec:\n  network_driver:\n    name: x\n', undefined, 'docker-compose'],
    ['anything', 'rancher-compose.yml.tpl', 'rancher-compose'],
    ['network_driver:\n  name: x\n', 'docker-compose.yml', 'docker-compose'],
    ['.catalog: {}', 'my-driver.yaml', 'rancher-compose'],
  ] as const)('%j (file %s) → %s', (text, name, kind) => {
    expect(classify(name, text)).toBe(kind)
  })

  it('flags top-level keys of a bare block other than network_driver', () => {
    expect(run(`${BASE}services: {}\n`).diagnostics.map(brief)).toEqual(['28:1 UNKNOWN_KEY'])
  })
})

describe('the schemas', () => {
  /** Every property schema reachable from a root, with its path. */
  function properties(schema: JsonSchema, path: string, out: [string, JsonSchema][], seen = new Set<JsonSchema>()): [string, JsonSchema][] {
    if (seen.has(schema)) return out
    seen.add(schema)
    for (const [k, v] of Object.entries(schema.properties ?? {})) {
      out.push([`${path}.${k}`, v])
      properties(v, `${path}.${k}`, out, seen)
    }
    for (const [k, v] of Object.entries(schema.patternProperties ?? {})) properties(v, `${path}[${k}]`, out, seen)
    if (typeof schema.additionalProperties === 'object') properties(schema.additionalProperties, `${path}.*`, out, seen)
    if (schema.items) properties(schema.items, `${path}[]`, out, seen)
    for (const b of schema.oneOf ?? []) properties(b, path, out, seen)
    return out
  }

  it.each([
    ['networkDriverSchema', networkDriverSchema],
    ['dockerComposeSchema', dockerComposeSchema],
    ['rancherComposeSchema', rancherComposeSchema],
  ] as const)('%s: every property has a description (hover text)', (_name, schema) => {
    const all = properties(schema, '', [])
    expect(all.length).toBeGreaterThan(40)
    expect(all.filter(([, s]) => !s.description).map(([p]) => p)).toEqual([])
  })

  it('covers every key of the rancher-bridge table and the three IPAM plugins', () => {
    const conf = networkDriverSchema.properties!.cni_config.additionalProperties as JsonSchema
    expect(Object.keys(conf.properties!)).toEqual(
      expect.arrayContaining(['name', 'type', 'bridge', 'bridgeSubnet', 'bridgeIP', 'useBridgeIPAsGateway', 'isGateway', 'isDefaultGateway', 'ipMasq', 'hostNat', 'hairpinMode', 'promiscMode', 'mtu', 'linkMTUOverhead', 'skipBridgeConfigureIP', 'skipFastPath', 'logToFile', 'isDebugLevel', 'ipam']),
    )
    expect(conf.properties!.ipam.oneOf!.map((b) => b.properties!.type.const)).toEqual(['rancher-cni-ipam', 'rancher-host-local-ipam', 'rancher-flat-ipam'])
    expect(conf.additionalProperties).toBe(false)
    expect(networkDriverSchema.additionalProperties).toBe(false)
  })

  it('is plain JSON (no functions, no cycles): monaco-yaml can take it as is', () => {
    for (const s of [networkDriverSchema, dockerComposeSchema, rancherComposeSchema]) expect(JSON.parse(JSON.stringify(s))).toEqual(s)
  })
})
