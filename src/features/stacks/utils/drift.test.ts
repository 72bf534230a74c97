import { describe, expect, it } from 'vitest'
import { makeDriftReport, makeStack, makeStackDrift } from '../../../testing/stack-fixtures.ts'
import { driftChangeLabel, driftChangeText, driftSummaryText, templateAnswersFor } from './drift.ts'

// The server names an answer by its question's label.
const mtu = { field: 'MTU for the network', variable: 'MTU', template: '1500', running: '1400' }

describe('drift', () => {
  it('writes a change template first, then what runs', () => {
    expect(driftChangeText(mtu)).toBe('MTU 1500 → 1400')
    expect(driftChangeLabel(mtu)).toBe('MTU for the network')
    expect(driftChangeText({ field: 'Subnet', variable: 'SUBNET', template: null, running: '10.60.0.0/16' })).toBe('SUBNET not set → 10.60.0.0/16')
    expect(driftChangeText({ field: 'version', variable: null, template: '0.2.5', running: '0.2.4' })).toBe('version 0.2.5 → 0.2.4')
  })

  it('sets the drifted answers back to the template and keeps the others', () => {
    const stack = makeStack({ answers: { MTU: '1400', RANCHER_DEBUG: 'true', SUBNET: '10.60.0.0/16' } })
    const drift = makeStackDrift({
      status: 'drifted',
      changes: [mtu, { field: 'Subnet', variable: 'SUBNET', template: null, running: '10.60.0.0/16' }, { field: 'version', variable: null, template: '0.2.5', running: '0.2.4' }],
    })
    // An answer the template leaves unset is dropped, so the question's default applies again.
    expect(templateAnswersFor(stack, drift)).toEqual({ MTU: '1500', RANCHER_DEBUG: 'true' })
  })

  it('sums the drift up for the overview', () => {
    expect(driftSummaryText(makeDriftReport())).toBe('stacks in sync with the template')
    const report = makeDriftReport({
      stacks: [
        makeStackDrift({ status: 'drifted', changes: [mtu] }),
        makeStackDrift({ name: 'healthcheck', status: 'in-sync', composeChanged: true }),
        makeStackDrift({ name: 'network-services', status: 'missing', stackId: null }),
      ],
    })
    expect(driftSummaryText(report)).toBe('2 stacks drifted, 1 missing')
  })
})
