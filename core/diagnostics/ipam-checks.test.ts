// The IPAM checks on variations of the healthy fixture: what a removed-but-running container,
// a reused address and a stale allocation look like in the findings, and what must stay quiet.
import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { Finding } from '../api/findings.ts'
import { runChecks } from './findings.ts'
import type { DiagnosticsSnapshot, SnapshotContainer, SnapshotLingeringContainer } from './snapshot.ts'

interface Fixture {
  now: string
  snapshot: DiagnosticsSnapshot
}

const healthy = JSON.parse(fs.readFileSync(new URL('./__fixtures__/healthy.json', import.meta.url), 'utf8')) as Fixture
const NOW = new Date(healthy.now)

function snapshot(): DiagnosticsSnapshot {
  return structuredClone(healthy.snapshot)
}
const run = (s: DiagnosticsSnapshot) => runChecks(s, NOW)
const ids = (s: DiagnosticsSnapshot) => run(s).map((f) => [f.checkId, f.subject.name])

const webTemplate = () => healthy.snapshot.containers.find((c) => c.id === 'ctr-web-1')!
/** A user container on the managed network, allocated `ip` and reporting it on eth0. */
function managed(id: string, hostId: string, ip: string, more: Partial<SnapshotContainer> = {}): SnapshotContainer {
  return { ...webTemplate(), id, name: id.replace(/^ctr-/, ''), hostId, managedIp: ip, dockerIp: '172.17.0.9', reportedAddresses: ['172.17.0.9/16', `${ip}/16`], ...more }
}
function allocate(s: DiagnosticsSnapshot, c: SnapshotContainer) {
  s.containers.push(c)
  s.allocations!.push({ address: c.managedIp!, role: 'primary', containerId: c.id, hostId: null, subnetCidr: '10.42.0.0/16' })
}
/** old-web: removed in Paddock (its 10.42.0.40 released), host-2 still reports it running. */
const oldWeb = (more: Partial<SnapshotLingeringContainer> = {}): SnapshotLingeringContainer => ({
  id: 'ctr-old-web',
  name: 'old-web',
  hostId: 'hst-2',
  reportedState: 'running',
  reportedAddresses: ['172.17.0.9/16', '10.42.0.40/16'],
  dockerIp: '172.17.0.9',
  ...more,
})

describe('ipam.lingering-on-host and ipam.duplicate-address', () => {
  it('a removed container still running names the host and address; once its address is handed out again, the new holder shows the duplicate', () => {
    const s = snapshot()
    s.lingering = [oldWeb()]
    expect(ids(s)).toEqual([['ipam.lingering-on-host', 'old-web']])

    // IPAM gives the released address to new-web on host-1 (e.g. its requested_ip label)
    allocate(s, managed('ctr-new-web', 'hst-1', '10.42.0.40', { labels: { 'io.rancher.container.requested_ip': '10.42.0.40' } }))
    const findings = run(s)
    expect(findings.map((f) => [f.checkId, f.subject.name])).toEqual([
      ['ipam.lingering-on-host', 'old-web'],
      ['ipam.duplicate-address', 'new-web'],
    ])
    const dup = findings[1]
    expect(dup.subject).toEqual({ kind: 'container', id: 'ctr-new-web', name: 'new-web' })
    expect(dup.message).toBe(
      '10.42.0.40 is used by 2 containers: new-web on host-1 (allocated to it, on its eth0); old-web on host-2 (removed in Paddock, still on its eth0). Packets for 10.42.0.40 reach one or the other, so connections to new-web fail or land in the wrong container.',
    )
    expect(dup.evidence).toEqual({
      address: '10.42.0.40',
      containers: ['new-web on host-1 (allocated to it, on its eth0)', 'old-web on host-2 (removed in Paddock, still on its eth0)'],
      containerIds: ['ctr-new-web', 'ctr-old-web'],
      hosts: ['host-1', 'host-2'],
      allocatedTo: 'new-web',
    })
    expect(dup.fix).toBe('# On host-2: old-web was removed in Paddock but still runs there; remove it\ndocker rm -f old-web')
    for (const f of findings) expect(Finding.parse(f)).toStrictEqual(f)

    // the host confirms the removal: both go
    s.lingering = [oldWeb({ reportedState: 'removed', reportedAddresses: [] })]
    expect(run(s)).toEqual([])
  })

  it('the duplicate shows as soon as the address is allocated, before the new container reports it', () => {
    const s = snapshot()
    s.lingering = [oldWeb()]
    allocate(s, managed('ctr-new-web', 'hst-1', '10.42.0.40', { state: 'creating', reportedAddresses: [] }))
    const dup = run(s).find((f) => f.checkId === 'ipam.duplicate-address')!
    expect(dup.subject.name).toBe('new-web')
    expect(dup.evidence.containers).toEqual(['new-web on host-1 (allocated to it, not on its eth0 yet)', 'old-web on host-2 (removed in Paddock, still on its eth0)'])
  })

  it('a stopped lingering container counts too; its message says how it was reported', () => {
    const s = snapshot()
    s.lingering = [oldWeb({ reportedState: 'stopped' })]
    const [f] = run(s)
    expect(f.checkId).toBe('ipam.lingering-on-host')
    expect(f.message).toContain('still reports it stopped with 10.42.0.40 on eth0')
  })

  it('says nothing about a lingering container without a managed address, one whose removal was confirmed, or one on a silent host', () => {
    const s = snapshot()
    s.lingering = [
      oldWeb({ reportedAddresses: ['172.17.0.9/16'] }),
      oldWeb({ id: 'ctr-gone', name: 'gone', reportedState: 'removed' }),
      oldWeb({ id: 'ctr-unknown-host', name: 'unknown-host', hostId: 'hst-99' }),
    ]
    expect(run(s)).toEqual([])
    // a disconnected host's last report describes the past: host.disconnected is the finding
    const silent = snapshot()
    silent.hosts.find((h) => h.id === 'hst-2')!.state = 'disconnected'
    silent.lingering = [oldWeb()]
    expect(ids(silent)).toEqual([['host.disconnected', 'host-2']])
  })

  it('when the removed container still holds its allocation (a row left behind) nothing was released: the message says so and the leak is named', () => {
    const s = snapshot()
    s.lingering = [oldWeb()]
    s.allocations!.push({ address: '10.42.0.40', role: 'primary', containerId: 'ctr-old-web', hostId: null, subnetCidr: '10.42.0.0/16' })
    const findings = run(s)
    expect(findings.map((f) => f.checkId)).toEqual(['ipam.lingering-on-host', 'ipam.leaked-allocation'])
    expect(findings[0].message).toContain('its address is still reserved in IPAM')
    expect(findings[1].message).toBe('10.42.0.40 is still allocated as the managed IP of container old-web, which is removed (its host still reports it): IPAM keeps it and never hands it out again.')
  })

  it('two live containers with one address on eth0: the allocation holder is the subject, the other is told to re-create', () => {
    const s = snapshot()
    // api-1 was given 10.42.0.23 but carries db-1's 10.42.0.21 as well
    allocate(s, managed('ctr-api-1', 'hst-3', '10.42.0.23', { reportedAddresses: ['172.17.0.7/16', '10.42.0.23/16', '10.42.0.21/16'] }))
    const [dup] = run(s)
    expect(dup.checkId).toBe('ipam.duplicate-address')
    expect(dup.subject.name).toBe('db-1')
    expect(dup.evidence.allocatedTo).toBe('db-1')
    expect(dup.fix).toBe('# api-1 on host-3 carries 10.42.0.21 although IPAM gave it 10.42.0.23: re-create it (remove it and launch it again) so it carries only its own address.')
  })

  it('containers sharing a netns (container:X) or the host network do not duplicate anyone', () => {
    const s = snapshot()
    const logger = s.containers.find((c) => c.id === 'ctr-web-1-logger')!
    logger.reportedAddresses = ['10.42.0.20/16'] // an agent may report the shared eth0
    s.containers.push({ ...s.containers.find((c) => c.id === 'ctr-node-exporter')!, id: 'ctr-host-a', name: 'host-a', reportedAddresses: ['10.42.7.7/16'] })
    s.containers.push({ ...s.containers.find((c) => c.id === 'ctr-node-exporter')!, id: 'ctr-host-b', name: 'host-b', reportedAddresses: ['10.42.7.7/16'] })
    expect(run(s)).toEqual([])
  })

  it('one container repeating its own address (another prefix, twice) is one claim, not a duplicate', () => {
    const s = snapshot()
    s.containers.find((c) => c.id === 'ctr-web-1')!.reportedAddresses = ['172.17.0.6/16', '10.42.0.20/16', '10.42.0.20/24', '10.42.0.20/16']
    expect(run(s)).toEqual([])
  })

  it('reported addresses of a silent host are stale: no duplicate on them', () => {
    const s = snapshot()
    allocate(s, managed('ctr-api-1', 'hst-3', '10.42.0.23', { reportedAddresses: ['10.42.0.23/16', '10.42.0.21/16'] }))
    s.hosts.find((h) => h.id === 'hst-3')!.state = 'disconnected'
    expect(run(s).filter((f) => f.checkId === 'ipam.duplicate-address')).toEqual([])
  })
})

describe('ipam.leaked-allocation', () => {
  it('says nothing when the snapshot carries no allocations (older snapshots)', () => {
    const s = snapshot()
    delete s.allocations
    expect(run(s)).toEqual([])
  })

  it('a router address belongs to its host: no holder container is not a leak while the host is there', () => {
    const s = snapshot()
    s.allocations!.push({ address: '10.42.0.9', role: 'router', containerId: null, hostId: 'hst-2', subnetCidr: '10.42.0.0/16' })
    expect(run(s)).toEqual([])
  })

  it('a router address whose holder container was removed is a leak, named with its container', () => {
    const s = snapshot()
    s.allocations!.push({ address: '10.42.0.9', role: 'router', containerId: 'ctr-ipsec-old', hostId: 'hst-2', subnetCidr: '10.42.0.0/16' })
    const [f] = run(s)
    expect(f).toMatchObject({ checkId: 'ipam.leaked-allocation', severity: 'warning', subject: { kind: 'network', id: 'net-ipsec' } })
    expect(f.message).toContain('10.42.0.9 is still allocated as the router address of container ctr-ipsec-old')
    expect(f.fix).toContain('curl -X DELETE <paddock>/api/v1/environments/env-1/ip-addresses/10.42.0.9')
  })

})

describe('ipam.address-outside-subnet over allocations', () => {
  it('names a router address outside every subnet once, through its host', () => {
    const s = snapshot()
    s.allocations!.push({ address: '10.43.0.9', role: 'router', containerId: null, hostId: 'hst-2', subnetCidr: '10.43.0.0/16' })
    expect(run(s)).toEqual([
      {
        checkId: 'ipam.address-outside-subnet',
        severity: 'error',
        subject: { kind: 'host', id: 'hst-2', name: 'host-2' },
        message: 'The overlay router of host-2 holds the router address 10.43.0.9 (allocated from 10.43.0.0/16), outside the managed subnet 10.42.0.0/16: the overlay does not route it.',
        evidence: { managedIp: '10.43.0.9', role: 'router', allocatedFrom: '10.43.0.0/16', subnets: ['10.42.0.0/16 (10.42.0.2–10.42.255.250)'] },
        fix: '# Paddock cannot move an address it already handed out.\n# For a router address inside 10.42.0.0/16 (10.42.0.2–10.42.255.250) on host-2, create an environment from a template with that subnet and move the host and its workloads there.',
      },
    ])
  })

  it('an allocation its container already shows is one finding, not two; a leaked one is only a leak', () => {
    const s = snapshot()
    allocate(s, managed('ctr-api-1', 'hst-2', '10.43.0.5'))
    s.allocations!.push({ address: '10.43.0.6', role: 'primary', containerId: 'ctr-removed', hostId: null, subnetCidr: null })
    expect(ids(s)).toEqual([
      ['ipam.address-outside-subnet', 'api-1'],
      ['ipam.leaked-allocation', 'ipsec'],
    ])
  })
})

describe('scale', () => {
  it('runs every check over 1,000 hosts with 10,000 containers, their allocations and 100 lingering containers well under a second', () => {
    const base = healthy.snapshot
    const perHost = base.containers.filter((c) => c.hostId === 'hst-1')
    const s: DiagnosticsSnapshot = { ...structuredClone(base), hosts: [], containers: [], allocations: [], lingering: [] }
    let next = (10 << 24) | (42 << 16) | 2
    const ip = () => `10.42.${(next >> 8) & 255}.${next++ & 255}`
    for (let i = 0; i < 1000; i++) {
      const hostId = `hst-${i}`
      const routerIp = ip()
      s.hosts.push({ ...structuredClone(base.hosts[0]), id: hostId, name: `host-${String(i).padStart(4, '0')}`, agentIp: `192.168.${i >> 8}.${i & 255}`, interfaces: [], routerIp, report: null })
      const renamed = new Map(perHost.map((c) => [c.id, `${c.id}-${i}`]))
      for (const c of perHost) {
        const managedIp = c.managedIp === null ? null : c.serviceName === 'ipsec' ? routerIp : ip()
        const copy = { ...c, id: renamed.get(c.id)!, name: `${c.name}-${i}`, hostId, networkContainerId: c.networkContainerId && renamed.get(c.networkContainerId)!, managedIp }
        copy.reportedAddresses = c.reportedAddresses.map((a) => (managedIp !== null && a.startsWith('10.42.') ? `${managedIp}/16` : a))
        s.containers.push(copy)
        if (managedIp !== null) s.allocations!.push({ address: managedIp, role: copy.serviceName === 'ipsec' ? 'router' : 'primary', containerId: copy.id, hostId: copy.serviceName === 'ipsec' ? hostId : null, subnetCidr: '10.42.0.0/16' })
      }
      if (i % 10 === 0) s.lingering!.push({ id: `ctr-old-${i}`, name: `old-${i}`, hostId, reportedState: 'running', reportedAddresses: [`${ip()}/16`], dockerIp: null })
    }
    expect(s.containers.length).toBe(10_000)
    run(s) // warm-up: the first run also compiles
    const started = performance.now()
    const findings = run(s)
    const ms = performance.now() - started
    expect(findings.filter((f) => f.checkId !== 'ipam.lingering-on-host')).toEqual([])
    expect(findings).toHaveLength(100)
    expect(ms).toBeLessThan(1000)
  })
})
