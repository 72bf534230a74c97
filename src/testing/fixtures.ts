import type {
  CatalogTemplate,
  CatalogTemplateVersion,
  ChangeEvent,
  Container,
  Environment,
  EnvironmentTemplate,
  Host,
  Network,
  NetworkDriver,
} from '../../core/api/index.ts'

/** Deterministic factories typed with the contract; pass overrides for what a test is about. */

const T0 = '2026-11-28T08:00:00.000Z'

export function makeEnvironment(overrides: Partial<Environment> = {}): Environment {
  return {
    id: 'env-1',
    revision: 1,
    createdAt: T0,
    updatedAt: T0,
    name: 'lab',
    description: '',
    state: 'active',
    environmentTemplateId: 'tpl-cattle',
    templateName: 'Cattle',
    templateRevision: 1,
    defaultNetworkId: 'net-1',
    hostCount: 3,
    containerCount: 12,
    ...overrides,
  }
}

export function makeNetworkDriver(overrides: Partial<NetworkDriver> = {}): NetworkDriver {
  return {
    id: 'drv-1',
    revision: 1,
    createdAt: T0,
    updatedAt: T0,
    environmentId: 'env-1',
    serviceId: 'svc-cni-driver',
    stackId: 'stk-ipsec',
    name: 'Rancher IPsec',
    description: 'IPsec overlay',
    state: 'active',
    catalogTemplateId: 'ipsec',
    version: '0.2.5',
    defaultNetwork: null,
    cniConfig: {},
    networkMetadata: {},
    ...overrides,
  }
}

const CNI_CONF = JSON.stringify(
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
)

/** The IPsec default network as Rancher's catalog declares it (10.42.0.0/16). */
export function makeNetwork(overrides: Partial<Network> = {}): Network {
  return {
    id: 'net-1',
    revision: 1,
    createdAt: T0,
    updatedAt: T0,
    environmentId: 'env-1',
    networkDriverId: 'drv-1',
    name: 'ipsec',
    kind: 'cni',
    state: 'active',
    isDefault: true,
    dns: ['169.254.169.250'],
    dnsSearch: ['rancher.internal'],
    hostPorts: true,
    mtu: 1500,
    linkMtuOverhead: 98,
    effectiveMtu: 1402,
    metadata: {},
    subnets: [
      {
        id: 'sub-1',
        cidr: '10.42.0.0/16',
        networkAddress: '10.42.0.0',
        cidrSize: 16,
        gateway: '10.42.0.1',
        startAddress: '10.42.0.2',
        endAddress: '10.42.255.250',
        size: 65529,
        largestFreeRanges: null,
        used: 15,
        free: 65514,
      },
    ],
    cniFiles: [{ name: '10-rancher.conf', content: CNI_CONF }],
    ...overrides,
  }
}

export function makeHost(overrides: Partial<Host> = {}): Host {
  return {
    id: 'host-1',
    revision: 1,
    createdAt: T0,
    updatedAt: T0,
    environmentId: 'env-1',
    name: 'lab-1',
    hostname: 'lab-1',
    agentIp: '192.0.2.11',
    state: 'active',
    simulated: true,
    labels: {},
    interfaces: [{ name: 'eth0', cidrs: ['192.0.2.11/24'], mtu: 1500 }],
    mtu: 1500,
    routerIp: '10.42.0.2',
    slice: null,
    lastHeartbeatAt: T0,
    infrastructure: [],
    containerCount: 4,
    ...overrides,
  }
}

export function makeContainer(overrides: Partial<Container> = {}): Container {
  return {
    id: 'ctr-1',
    revision: 1,
    createdAt: T0,
    updatedAt: T0,
    environmentId: 'env-1',
    name: 'web-1',
    image: 'nginx:1.27',
    hostId: 'host-1',
    hostName: 'lab-1',
    stackId: null,
    stackName: null,
    serviceName: null,
    state: 'running',
    desiredState: 'running',
    error: null,
    networkMode: 'managed',
    networkId: 'net-1',
    networkName: 'ipsec',
    dockerIp: '172.17.0.2',
    managedIp: '10.42.0.10',
    dockerIpNote: { source: 'Docker bridge docker0 (172.17.0.0/16)', detail: null },
    managedIpNote: { source: 'IPAM on ipsec (10.42.0.0/16)', detail: 'not visible in docker inspect' },
    managedAddress: {
      address: '10.42.0.10',
      networkId: 'net-1',
      networkName: 'ipsec',
      subnet: '10.42.0.0/16',
      gateway: '10.42.0.1',
      macAddress: '02:0a:2a:00:00:0a',
      source: 'next-free',
      requested: [],
    },
    networkContainerId: null,
    networkContainerName: null,
    problems: [],
    native: false,
    system: false,
    labels: {},
    ports: [],
    dns: ['169.254.169.250'],
    dnsSearch: ['rancher.internal'],
    mtu: 1402,
    reportedAddresses: ['10.42.0.10/16'],
    ...overrides,
  }
}

let seq = 0
export function makeChangeEvent(overrides: Partial<ChangeEvent> = {}): ChangeEvent {
  seq += 1
  return {
    seq,
    kind: 'container',
    action: 'updated',
    id: 'ctr-1',
    environmentId: 'env-1',
    revision: 2,
    at: T0,
    ...overrides,
  }
}

/** A version of the IPsec catalog template with a few of its questions. */
export function makeCatalogVersion(overrides: Partial<CatalogTemplateVersion> = {}): CatalogTemplateVersion {
  return {
    version: '0.2.5',
    versionIndex: 18,
    minimumRancherVersion: 'v1.6.19-rc1',
    upgradeFrom: '>=0.1.2',
    questions: [
      { variable: 'MTU', label: 'MTU for the network', type: 'int', default: '1500', required: true, min: 68, max: 9000 },
      { variable: 'SUBNET', label: 'Subnet', type: 'string', default: '10.42.0.0/16', required: true },
      { variable: 'RANCHER_IPSEC_PSK', label: 'PSK for IPsec', type: 'password', default: '', required: false },
    ],
    files: [
      { name: 'docker-compose.yml.tpl', content: "version: '2'\nservices:\n  ipsec:\n    image: rancher/net:holder\n" },
      { name: 'rancher-compose.yml', content: '.catalog:\n  name: Rancher IPsec\n' },
    ],
    ...overrides,
  }
}

/** The IPsec catalog template with versions 0.2.4 and 0.2.5 (the default). */
export function makeCatalogTemplate(overrides: Partial<CatalogTemplate> = {}): CatalogTemplate {
  return {
    id: 'ipsec',
    name: 'Rancher IPsec',
    description: 'Encrypted overlay network between hosts.',
    category: 'Networking',
    source: 'builtin',
    defaultVersion: '0.2.5',
    versions: [
      makeCatalogVersion({
        version: '0.2.4',
        versionIndex: 17,
        minimumRancherVersion: 'v1.6.18-rc1',
        questions: [{ variable: 'CONNECTIVITY_CHECK_INTERVAL', label: 'Connectivity check interval', type: 'int', default: '5000', required: true, min: 1000 }],
      }),
      makeCatalogVersion(),
    ],
    ...overrides,
  }
}

export function makeEnvironmentTemplate(overrides: Partial<EnvironmentTemplate> = {}): EnvironmentTemplate {
  return {
    id: 'tpl-cattle',
    revision: 1,
    createdAt: T0,
    updatedAt: T0,
    name: 'Cattle',
    description: 'Default Cattle environment with the IPsec overlay network.',
    isPublic: true,
    builtin: true,
    stacks: [
      { name: 'network-services', catalogTemplateId: 'network-services', version: null, answers: {}, dockerCompose: null, rancherCompose: null },
      { name: 'ipsec', catalogTemplateId: 'ipsec', version: null, answers: {}, dockerCompose: null, rancherCompose: null },
    ],
    ...overrides,
  }
}
