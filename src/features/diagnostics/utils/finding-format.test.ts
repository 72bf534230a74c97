import { describe, expect, it } from 'vitest'
import type { Finding } from '../../../../core/api/index.ts'
import { dockerBridgeFinding, makeFinding, peerUnreachableFinding } from '../../../testing/findings-fixtures.ts'
import {
  agentIpFindingsByHost,
  agentIpProblem,
  checkStatuses,
  evidenceText,
  findingAnchor,
  findingCounts,
  findingHref,
  groupFindings,
  parseSeverity,
  subjectHref,
  subjectText,
  subjectTitle,
  worstSeverity,
} from './finding-format.ts'

const finding = (severity: Finding['severity']): Finding => ({
  checkId: 'x',
  severity,
  subject: { kind: 'host', id: 'h1' },
  message: '',
  evidence: {},
  fix: '',
})

describe('finding formatting', () => {
  it('counts by severity', () => {
    expect(findingCounts([])).toBe('no findings')
    expect(findingCounts([finding('error'), finding('error'), finding('warning')])).toBe('2 errors, 1 warning')
    expect(findingCounts([finding('warning'), finding('info')])).toBe('1 warning, 1 info')
    expect(worstSeverity([finding('info'), finding('warning')])).toBe('warning')
    expect(worstSeverity([])).toBeNull()
  })

  it('names subjects, host pairs with their direction', () => {
    expect(subjectText({ kind: 'host', id: 'hst_1', name: 'host-1' })).toBe('host-1')
    expect(subjectText({ kind: 'container', id: 'ctr_1' })).toBe('ctr_1')
    expect(subjectText({ kind: 'hostPair', id: 'h1', name: 'host-1', peerId: 'h2', peerName: 'host-2', direction: 'outbound' })).toBe('host-1 → host-2 (outbound)')
  })

  it('writes evidence values as short text', () => {
    expect(evidenceText(null)).toBe('none')
    expect(evidenceText([])).toBe('none')
    expect(evidenceText(['eth0 192.168.50.11/24', 'docker0 172.17.0.1/16'])).toBe('eth0 192.168.50.11/24, docker0 172.17.0.1/16')
    expect(evidenceText(1402)).toBe('1402')
    expect(evidenceText({ a: 1 })).toBe('{"a":1}')
  })
})

describe('the checklist layout', () => {
  const h1 = { id: 'h1', name: 'host-1' }
  const h2 = { id: 'h2', name: 'host-2' }

  it('groups by severity, then by subject, a host pair by the direction traffic flows', () => {
    const outbound = peerUnreachableFinding(h1, h2)
    // host-2 reporting host-1 → host-2 failing as its inbound check: the same direction
    const inbound = makeFinding({ checkId: 'port.tunnel-blocked', subject: { kind: 'hostPair', id: 'h2', name: 'host-2', peerId: 'h1', peerName: 'host-1', direction: 'inbound' } })
    const back = peerUnreachableFinding(h2, h1)
    const warning = makeFinding({ severity: 'warning', checkId: 'metadata.slow' })
    const groups = groupFindings([warning, back, outbound, inbound, dockerBridgeFinding(h2)])
    expect(groups.map((g) => [g.severity, g.count])).toEqual([
      ['error', 4],
      ['warning', 1],
    ])
    expect(groups[0].subjects.map((s) => [subjectTitle(s.subject), s.findings.length])).toEqual([
      ['host-2', 1],
      ['host-1 → host-2', 2],
      ['host-2 → host-1', 1],
    ])
  })

  it('links subjects to where they show and findings to their anchor', () => {
    const inbound = { kind: 'hostPair', id: 'h2', name: 'host-2', peerId: 'h1', peerName: 'host-1', direction: 'inbound' } as const
    expect(subjectHref('env-1', inbound)).toBe('/environments/env-1/reachability?from=h1&to=h2')
    expect(subjectHref('env-1', { kind: 'network', id: 'net-1' })).toBe('/environments/env-1/networks/net-1')
    expect(subjectHref('env-1', { kind: 'stack', id: 'stk-1' })).toBe('/environments/env-1/stacks/stk-1')
    expect(findingAnchor(dockerBridgeFinding(h1))).toBe('finding-agent-ip-docker-bridge-host-h1')
    expect(findingHref('env-1', dockerBridgeFinding(h1))).toBe('/environments/env-1/findings#finding-agent-ip-docker-bridge-host-h1')
  })

  it('marks each check of the catalogue passed or with its findings, keeping checks it does not know', () => {
    const catalogue = [
      { id: 'a', title: 'A', severity: 'error' },
      { id: 'b', title: 'B', severity: 'warning' },
    ] as const
    const statuses = checkStatuses(catalogue, [makeFinding({ checkId: 'b' }), makeFinding({ checkId: 'new.check', severity: 'info' })])
    expect(statuses.map((s) => [s.id, s.findings.length])).toEqual([
      ['a', 0],
      ['b', 1],
      ['new.check', 1],
    ])
  })

  it('does not call a check that crashed passed', () => {
    const catalogue = [
      { id: 'a', title: 'A', severity: 'error' },
      { id: 'b', title: 'B', severity: 'warning' },
    ] as const
    const crashed = makeFinding({ checkId: 'diagnostics.check-failed', severity: 'info', evidence: { check: 'a' } })
    expect(checkStatuses(catalogue, [crashed]).map((s) => [s.id, s.couldNotRun])).toEqual([
      ['a', true],
      ['b', false],
      ['diagnostics.check-failed', false],
    ])
    const unreadable = makeFinding({ checkId: 'diagnostics.check-failed', severity: 'info', evidence: { check: 'snapshot' } })
    expect(checkStatuses(catalogue, [unreadable]).filter((s) => s.couldNotRun).map((s) => s.id)).toEqual(['a', 'b'])
  })

  it('reads the severity filter from the URL, anything unknown meaning all', () => {
    expect(parseSeverity('warning')).toBe('warning')
    expect(parseSeverity('fatal')).toBeNull()
    expect(parseSeverity(null)).toBeNull()
  })

  it('names agent IP problems in a few words, per host', () => {
    expect(agentIpProblem(dockerBridgeFinding(h1))).toBe('Docker bridge address (docker0)')
    expect(agentIpProblem(makeFinding({ checkId: 'agent-ip.duplicate', evidence: { sameAgentIp: ['host-2'] } }))).toBe('also registered by host-2')
    const byHost = agentIpFindingsByHost([dockerBridgeFinding(h1), peerUnreachableFinding(h1, h2), makeFinding()])
    expect([...byHost.keys()]).toEqual(['h1'])
  })
})
