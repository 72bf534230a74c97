import { describe, expect, it } from 'vitest'
import { mapTemplateErrors } from './template-errors.ts'

describe('mapTemplateErrors', () => {
  it('sorts messages by the field their path names; a stack index means the stack sent at that index', () => {
    const errors = mapTemplateErrors(
      [
        { path: 'name', message: 'taken' },
        { path: 'stacks', message: 'one driver' },
        { path: 'stacks.1.answers.SUBNET', message: 'bad subnet' },
        { path: 'stacks.0.version', message: 'no such version' },
        { path: 'stacks.1', message: 'whole stack' },
        { path: 'stacks.7.answers.MTU', message: 'out of range' },
        { path: 'weird', message: 'what' },
      ],
      ['network-services', 'vxlan'],
    )
    expect(errors.fields).toEqual({ name: ['taken'] })
    expect(errors.stacks).toEqual(['one driver'])
    expect(errors.byStack).toEqual({ vxlan: { 'answers.SUBNET': ['bad subnet'], '': ['whole stack'] }, 'network-services': { version: ['no such version'] } })
    // An index the request did not have, and an unknown path, are shown as they are.
    expect(errors.other.map((d) => d.path)).toEqual(['stacks.7.answers.MTU', 'weird'])
  })
})
