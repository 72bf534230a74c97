import type { CatalogTemplate, Question } from '../../core/api/index.ts'
import { makeCatalogTemplate, makeCatalogVersion } from './fixtures.ts'

/** The questions of a network driver as the built-in catalog asks them, plus one of each remaining kind. */
export function driverQuestions(): Question[] {
  return [
    { variable: 'MTU', label: 'MTU for the network', type: 'int', default: '1500', required: true, min: 68, max: 9000 },
    { variable: 'SUBNET', label: 'Subnet', description: 'CIDR of the managed network.', type: 'string', default: '10.42.0.0/16', required: true },
    { variable: 'SUBNET_PREFIX', label: 'IPAM Subnet Prefix', type: 'int', default: '16', required: true, min: 8, max: 28 },
    { variable: 'SUBNET_START_ADDRESS', label: 'Subnet Start Address', type: 'string', default: '', required: false },
    { variable: 'RANCHER_HAIRPIN_MODE', label: 'Enable Hairpin mode', type: 'boolean', default: 'false', required: true },
    { variable: 'RANCHER_PROMISCUOUS_MODE', label: 'Enable Promiscuous mode on the bridge', type: 'boolean', default: 'true', required: true },
    { variable: 'LOG_LEVEL', label: 'Log level', type: 'enum', options: ['info', 'debug'], default: 'info', required: true },
    { variable: 'RANCHER_IPSEC_PSK', label: 'PSK for IPsec', type: 'password', default: '', required: false },
    { variable: 'EXTRA_ROUTES', label: 'Extra routes', type: 'multiline', required: false },
  ]
}

const DRIVER_COMPOSE = "version: '2'\nservices:\n  cni-driver:\n    network_driver:\n      default_network:\n        subnets:\n        - network_address: ${SUBNET}\n"

export function makeDriverCatalogTemplate(id: 'ipsec' | 'vxlan'): CatalogTemplate {
  const name = id === 'ipsec' ? 'Rancher IPsec' : 'Rancher VXLAN'
  const version = id === 'ipsec' ? '0.2.5' : '0.3.1'
  return makeCatalogTemplate({
    id,
    name,
    description: id === 'ipsec' ? 'Encrypted overlay network between hosts.' : 'VXLAN overlay network between hosts (not encrypted).',
    defaultVersion: version,
    versions: [
      makeCatalogVersion({
        version,
        questions: driverQuestions(),
        files: [
          { name: 'docker-compose.yml', content: DRIVER_COMPOSE },
          { name: 'rancher-compose.yml', content: `.catalog:\n  name: ${name}\n  version: ${version}\n` },
        ],
      }),
    ],
  })
}

function makeServiceCatalogTemplate(id: string, name: string, category: CatalogTemplate['category']): CatalogTemplate {
  return makeCatalogTemplate({
    id,
    name,
    category,
    description: `${name} on every host.`,
    defaultVersion: '1.0.0',
    versions: [makeCatalogVersion({ version: '1.0.0', questions: [], files: [{ name: 'docker-compose.yml', content: "version: '2'\n" }] })],
  })
}

/** The built-in catalog: two drivers, Network Services, the scheduler and the healthcheck. */
export function makeCatalog(): CatalogTemplate[] {
  return [
    makeDriverCatalogTemplate('ipsec'),
    makeDriverCatalogTemplate('vxlan'),
    makeServiceCatalogTemplate('network-services', 'Network Services', 'Network Services'),
    makeServiceCatalogTemplate('scheduler', 'Scheduler', 'Scheduling'),
    makeServiceCatalogTemplate('healthcheck', 'Healthcheck Service', 'Health'),
  ]
}
