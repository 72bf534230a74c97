import type { DriftReport, Service, Stack, StackDrift, StackUpgradePreview } from '../../core/api/index.ts'

/** Deterministic stacks, drift reports and previews typed with the contract; pass overrides for what a test is about. */

const T0 = '2026-11-28T08:00:00.000Z'

export function makeService(overrides: Partial<Service> = {}): Service {
  return {
    id: 'svc-cni-driver',
    name: 'cni-driver',
    kind: 'networkDriverService',
    state: 'active',
    global: true,
    scale: 1,
    image: 'rancher/net:v0.13.17',
    networkMode: 'host',
    ...overrides,
  }
}

/** The IPsec stack as an environment made from the Cattle template runs it. */
export function makeStack(overrides: Partial<Stack> = {}): Stack {
  return {
    id: 'stk-ipsec',
    revision: 3,
    createdAt: T0,
    updatedAt: T0,
    environmentId: 'env-1',
    name: 'ipsec',
    system: true,
    state: 'active',
    stateReason: null,
    catalogTemplateId: 'ipsec',
    version: '0.2.5',
    externalId: 'catalog://library:infra*ipsec:18',
    answers: { MTU: '1500' },
    dockerCompose: "version: '2'\nservices:\n  ipsec:\n    image: rancher/net:holder\n",
    rancherCompose: '.catalog:\n  name: Rancher IPsec\n',
    services: [
      makeService(),
      makeService({ id: 'svc-ipsec', name: 'ipsec', kind: 'service', image: 'rancher/net:holder', networkMode: 'ipsec' }),
    ],
    ...overrides,
  }
}

export function makeStackDrift(overrides: Partial<StackDrift> = {}): StackDrift {
  return {
    name: 'ipsec',
    catalogTemplateId: 'ipsec',
    stackId: 'stk-ipsec',
    status: 'in-sync',
    changes: [],
    composeChanged: false,
    ...overrides,
  }
}

/** An environment made from Cattle revision 1, both stacks as the template says. */
export function makeDriftReport(overrides: Partial<DriftReport> = {}): DriftReport {
  return {
    environmentTemplateId: 'tpl-cattle',
    templateName: 'Cattle',
    templateRevision: 1,
    templateChangedSince: null,
    stacks: [
      makeStackDrift({ name: 'network-services', catalogTemplateId: 'network-services', stackId: 'stk-ns' }),
      makeStackDrift(),
    ],
    ...overrides,
  }
}

/** What lowering the MTU from 1500 to 1400 does to the IPsec network. */
export function makeUpgradePreview(overrides: Partial<StackUpgradePreview> = {}): StackUpgradePreview {
  return {
    stackId: 'stk-ipsec',
    revision: 3,
    refused: null,
    networkChanges: [
      { field: 'mtu', from: '1500', to: '1400' },
      { field: 'effectiveMtu', from: '1402', to: '1302' },
    ],
    hosts: [],
    containers: [],
    ...overrides,
  }
}
