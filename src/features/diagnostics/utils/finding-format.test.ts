import { describe, expect, it } from 'vitest'
import type { Finding } from '../../../../core/api/index.ts'
import { evidenceText, findingCounts, subjectText, worstSeverity } from './finding-format.ts'

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
