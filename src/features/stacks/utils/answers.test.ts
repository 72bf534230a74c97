import { describe, expect, it } from 'vitest'
import type { Question } from '../../../../core/api/index.ts'
import { answersToSend, changedAnswers, initialAnswerValues } from './answers.ts'

const questions: Question[] = [
  { variable: 'MTU', label: 'MTU', type: 'int', default: '1500', required: true, min: 68, max: 9000 },
  { variable: 'SUBNET', label: 'Subnet', type: 'string', default: '10.42.0.0/16', required: true },
  { variable: 'RANCHER_DEBUG', label: 'Debug', type: 'boolean', default: 'false', required: false },
]

describe('answers of an upgrade', () => {
  it('starts from the stack’s answers, else the defaults', () => {
    expect(initialAnswerValues(questions, { MTU: '1400' })).toEqual({ MTU: '1400', SUBNET: '10.42.0.0/16', RANCHER_DEBUG: 'false' })
  })

  it('sends what the stack had and what differs from the default, and keeps answers no question asks', () => {
    const values = { MTU: '1400', SUBNET: '10.42.0.0/16', RANCHER_DEBUG: 'true' }
    expect(answersToSend(questions, values, { MTU: '1500', LEGACY: 'x' })).toEqual({ LEGACY: 'x', MTU: '1400', RANCHER_DEBUG: 'true' })
  })

  it('lists the changed answers', () => {
    expect(changedAnswers({ MTU: '1500' }, { MTU: '1400', RANCHER_DEBUG: 'true' })).toEqual(['MTU: 1500 → 1400', 'RANCHER_DEBUG: not set → true'])
  })
})
