import { describe, expect, it } from 'vitest'
import { addressNotes, resolveNetworkMode, type ModeNetwork } from './modes.ts'

const networks: ModeNetwork[] = [
  { id: 'n-host', name: 'Docker Host Network Mode', kind: 'dockerHost' },
  { id: 'n-none', name: 'Docker None Network Mode', kind: 'dockerNone' },
  { id: 'n-bridge', name: 'Docker Bridge Network Mode', kind: 'dockerBridge' },
  { id: 'n-container', name: 'Docker Container Network Mode', kind: 'dockerContainer' },
  { id: 'n-ipsec', name: 'ipsec', kind: 'cni' },
]
const ctx = { networks, defaultNetworkId: 'n-ipsec', native: false, labels: {} }

describe('resolveNetworkMode', () => {
  it.each([
    ['managed', 'n-ipsec', true],
    ['ipsec', 'n-ipsec', true],
    ['host', 'n-host', false],
    ['none', 'n-none', false],
    ['bridge', 'n-bridge', false],
    ['default', 'n-bridge', false],
    ['container:web-1', 'n-container', false],
  ])('%s → %s', (mode, id, managed) => {
    const r = resolveNetworkMode(mode, ctx)
    expect(r).toMatchObject({ ok: true, network: { id }, managed })
  })

  it('names the mode when nothing resolves', () => {
    expect(resolveNetworkMode('vxlan', ctx)).toEqual({ ok: false, message: 'network mode "vxlan": no network named "vxlan" in this environment' })
    expect(resolveNetworkMode('managed', { ...ctx, defaultNetworkId: null })).toMatchObject({ ok: false })
  })

  it('lets a Docker-CLI container join the managed network only with the label', () => {
    expect(resolveNetworkMode('bridge', { ...ctx, native: true })).toMatchObject({ ok: true, network: { id: 'n-bridge' }, managed: false })
    const labels = { 'io.rancher.container.network': 'true' }
    expect(resolveNetworkMode('bridge', { ...ctx, native: true, labels })).toMatchObject({ ok: true, network: { id: 'n-ipsec' }, managed: true })
    expect(resolveNetworkMode('host', { ...ctx, native: true, labels })).toMatchObject({ ok: true, network: { id: 'n-host' }, managed: false })
  })

  it('reads `managed` as Docker’s default bridge for a Docker-CLI container', () => {
    expect(resolveNetworkMode('managed', { ...ctx, native: true })).toMatchObject({ ok: true, network: { id: 'n-bridge' }, managed: false })
    expect(resolveNetworkMode('', { ...ctx, native: true })).toMatchObject({ ok: true, network: { id: 'n-bridge' }, managed: false })
    const labels = { 'io.rancher.container.network': 'true' }
    expect(resolveNetworkMode('managed', { ...ctx, native: true, labels })).toMatchObject({ ok: true, network: { id: 'n-ipsec' }, managed: true })
  })

  it('ignores the managed-network label on Rancher-created containers', () => {
    const labels = { 'io.rancher.container.network': 'true' }
    expect(resolveNetworkMode('bridge', { ...ctx, labels })).toMatchObject({ ok: true, network: { id: 'n-bridge' }, managed: false })
    expect(resolveNetworkMode('none', { ...ctx, labels })).toMatchObject({ ok: true, network: { id: 'n-none' }, managed: false })
  })
})

describe('addressNotes', () => {
  const base = {
    networkMode: 'managed', native: false, labels: {}, networkKind: 'cni', networkName: 'ipsec', dockerIp: '172.17.0.2',
    managedIp: '10.42.0.2', hostAgentIp: '192.168.50.11', networkFromName: null, requestedIps: [], state: 'running',
  }
  it('says the managed IP is not visible in docker inspect', () => {
    expect(addressNotes(base).managed.detail).toContain('not visible in docker inspect')
  })
  it('says when a requested IP was not honoured', () => {
    expect(addressNotes({ ...base, requestedIps: ['10.42.0.9'] }).managed.detail).toContain('10.42.0.9 was taken or out of range')
  })
  it('says when the address was kept from the container it replaces', () => {
    const n = addressNotes({ ...base, requestedIps: ['10.42.0.9'], ipSource: 'retained' })
    expect(n.managed.detail).toContain('kept from the container it replaces')
    expect(n.managed.detail).not.toContain('was taken')
  })
  it('tells an unlabelled Docker-CLI container how to join', () => {
    const n = addressNotes({ ...base, native: true, networkKind: 'dockerBridge', managedIp: null })
    expect(n.managed.detail).toContain('io.rancher.container.network=true')
  })
})
