import { describe, expect, it } from 'vitest'
import type { StackUpgradePreview } from '../../../../core/api/index.ts'
import { cappedContainers, changesNothingLive, compactDiff, containerChangeText, groupHostChanges, networkFieldLabel } from './upgrade-preview.ts'

const conf = (mtu: number, extra: Record<string, unknown> = {}) =>
  `${JSON.stringify({ name: 'rancher-cni-network', type: 'rancher-bridge', bridge: 'docker0', a: 1, b: 2, c: 3, d: 4, mtu, linkMTUOverhead: 98, e: 5, f: 6, ...extra }, null, 2)}\n`

describe('networkFieldLabel', () => {
  it('names the preview fields', () => {
    expect(networkFieldLabel('mtu')).toBe('MTU')
    expect(networkFieldLabel('effectiveMtu')).toBe('Effective MTU (container eth0)')
    expect(networkFieldLabel('subnets.0')).toBe('Subnet 1')
    expect(networkFieldLabel('subnets.1.range')).toBe('Subnet 2 allocation range')
    expect(networkFieldLabel('subnets.0.gateway')).toBe('Subnet 1 gateway')
    expect(networkFieldLabel('somethingNew')).toBe('somethingNew')
  })
  it('writes container changes as field from → to', () => {
    expect(
      containerChangeText([
        { field: 'mtu', from: '1402', to: '1302' },
        { field: 'dns', from: '169.254.169.250', to: '169.254.169.250, 10.0.0.2' },
      ]),
    ).toBe('MTU (eth0) 1402 → 1302; DNS servers 169.254.169.250 → 169.254.169.250, 10.0.0.2')
  })
})

describe('compactDiff', () => {
  it('keeps two lines of context around a change and counts what it skips', () => {
    const rows = compactDiff(conf(1500), conf(1400))
    expect(rows).toEqual([
      { kind: 'skip', count: 6 },
      { kind: 'same', text: '  "c": 3,' },
      { kind: 'same', text: '  "d": 4,' },
      { kind: 'removed', text: '  "mtu": 1500,' },
      { kind: 'added', text: '  "mtu": 1400,' },
      { kind: 'same', text: '  "linkMTUOverhead": 98,' },
      { kind: 'same', text: '  "e": 5,' },
      { kind: 'skip', count: 2 },
    ])
  })
  it('shows a new file as added lines and a removed one as removed lines', () => {
    expect(compactDiff(null, '{"a":1}').map((r) => r.kind)).toEqual(['added', 'added', 'added'])
    expect(compactDiff('{"a":1}', null).map((r) => r.kind)).toEqual(['removed', 'removed', 'removed'])
  })
  it('ignores formatting: the same JSON written differently has no change', () => {
    expect(compactDiff('{"a":1}', '{\n  "a": 1\n}\n')).toEqual([{ kind: 'skip', count: 3 }])
  })
})

const host = (hostName: string, files: Array<{ name: string; before: string | null; after: string | null }>) => ({
  hostId: `h-${hostName}`,
  hostName,
  files: files.map((f) => ({ ...f, changed: f.before !== f.after })),
})

describe('groupHostChanges', () => {
  it('shows hosts with the same change once and summarises the unchanged ones', () => {
    const groups = groupHostChanges([
      host('lab-1', [{ name: '10-rancher.conf', before: conf(1500), after: conf(1400) }]),
      host('lab-2', [{ name: '10-rancher.conf', before: conf(1500), after: conf(1400) }]),
      host('lab-3', [{ name: '10-rancher.conf', before: conf(1500, { host: 'x' }), after: conf(1400, { host: 'x' }) }]),
      host('lab-4', [{ name: '10-rancher.conf', before: conf(1500), after: conf(1500) }]),
    ])
    expect(groups.changed.map((g) => g.hostNames)).toEqual([['lab-1', 'lab-2'], ['lab-3']])
    expect(groups.changed[0].files).toEqual([{ name: '10-rancher.conf', status: 'changed', before: conf(1500), after: conf(1400) }])
    expect(groups.unchanged).toEqual(['lab-4'])
  })
  it('marks files that appear or go away', () => {
    const groups = groupHostChanges([host('lab-1', [{ name: '05-new.conf', before: null, after: '{}' }, { name: '10-old.conf', before: '{}', after: null }])])
    expect(groups.changed[0].files.map((f) => f.status)).toEqual(['added', 'removed'])
  })
})

describe('cappedContainers and changesNothingLive', () => {
  const container = (i: number) => ({ id: `c-${i}`, name: `web-${i}`, hostName: 'lab-1', changes: [{ field: 'mtu', from: '1402', to: '1302' }] })
  it('caps the list and counts the rest', () => {
    const { shown, more } = cappedContainers(Array.from({ length: 13 }, (_, i) => container(i)), 10)
    expect(shown).toHaveLength(10)
    expect(more).toBe(3)
    expect(cappedContainers([container(1)], 10).more).toBe(0)
  })
  it('knows when only the stored compose changes', () => {
    const empty: StackUpgradePreview = { stackId: 's', revision: 1, refused: null, networkChanges: [], hosts: [host('lab-1', [{ name: 'a', before: '{}', after: '{}' }])], containers: [] }
    expect(changesNothingLive(empty)).toBe(true)
    expect(changesNothingLive({ ...empty, containers: [container(1)] })).toBe(false)
  })
})
