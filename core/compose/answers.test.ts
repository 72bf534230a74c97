import { describe, expect, it } from 'vitest'
import type { Question } from '../api/catalog.ts'
import { effectiveAnswers } from './answers.ts'

function q(variable: string, type: Question['type'], extra: Partial<Question> = {}): Question {
  return { variable, label: variable, type, required: false, ...extra }
}

const QUESTIONS: Question[] = [
  q('MTU', 'int', { default: '1500', required: true, min: 576, max: 9000 }),
  q('SUBNET', 'string', { default: '10.42.0.0/16', required: true }),
  q('HOST_PORTS', 'boolean', { default: 'true', required: true }),
  q('MODE', 'enum', { options: ['ipsec', 'vxlan'], default: 'ipsec' }),
  q('SUBNET_START_ADDRESS', 'string', { default: '' }),
  q('RANCHER_IPSEC_PSK', 'password'),
  q('LABEL', 'string', { required: true }),
]

describe('effectiveAnswers: defaults', () => {
  it.each<[string, Record<string, string>, Record<string, string>]>([
    [
      'all defaults',
      { LABEL: 'x' },
      { MTU: '1500', SUBNET: '10.42.0.0/16', HOST_PORTS: 'true', MODE: 'ipsec', LABEL: 'x' },
    ],
    [
      'empty strings count as not set',
      { LABEL: 'x', MTU: '', SUBNET: '', SUBNET_START_ADDRESS: '' },
      { MTU: '1500', SUBNET: '10.42.0.0/16', HOST_PORTS: 'true', MODE: 'ipsec', LABEL: 'x', SUBNET_START_ADDRESS: '' },
    ],
    [
      'given answers win',
      { LABEL: 'x', MTU: '1460', SUBNET: '192.0.2.0/24', HOST_PORTS: 'false', MODE: 'vxlan', RANCHER_IPSEC_PSK: 's3cr3t' },
      { MTU: '1460', SUBNET: '192.0.2.0/24', HOST_PORTS: 'false', MODE: 'vxlan', LABEL: 'x', RANCHER_IPSEC_PSK: 's3cr3t' },
    ],
    [
      'answers without a question are kept as given',
      { LABEL: 'x', EXTRA: 'kept', EMPTY: '' },
      { MTU: '1500', SUBNET: '10.42.0.0/16', HOST_PORTS: 'true', MODE: 'ipsec', LABEL: 'x', EXTRA: 'kept', EMPTY: '' },
    ],
  ])('%s', (_name, answers, want) => {
    const r = effectiveAnswers(QUESTIONS, answers)
    expect(r.errors).toEqual([])
    expect(r.answers).toEqual(want)
  })

  it('does not modify its input', () => {
    const answers = { LABEL: 'x' }
    effectiveAnswers(QUESTIONS, answers)
    expect(answers).toEqual({ LABEL: 'x' })
  })
})

describe('effectiveAnswers: errors', () => {
  it.each<[string, Record<string, string>, string, string]>([
    ['int with a typo', { MTU: '15x0' }, 'answers.MTU', 'MTU must be an integer, got "15x0"'],
    ['int with a decimal', { MTU: '1500.0' }, 'answers.MTU', 'MTU must be an integer, got "1500.0"'],
    ['int with spaces', { MTU: ' 1500' }, 'answers.MTU', 'MTU must be an integer, got " 1500"'],
    ['int below min', { MTU: '500' }, 'answers.MTU', 'MTU must be at least 576, got 500'],
    ['int above max', { MTU: '9001' }, 'answers.MTU', 'MTU must be at most 9000, got 9001'],
    ['boolean', { HOST_PORTS: 'yes' }, 'answers.HOST_PORTS', 'HOST_PORTS must be true or false, got "yes"'],
    ['boolean is case-sensitive', { HOST_PORTS: 'True' }, 'answers.HOST_PORTS', 'HOST_PORTS must be true or false, got "True"'],
    ['enum', { MODE: 'flat' }, 'answers.MODE', 'MODE must be one of ipsec, vxlan, got "flat"'],
    ['required, empty, no default', { LABEL: '' }, 'answers.LABEL', 'LABEL is required'],
  ])('%s', (_name, answers, path, message) => {
    const r = effectiveAnswers(QUESTIONS, { LABEL: 'x', ...answers })
    expect(r.errors).toEqual([{ path, message }])
  })

  it('a required question with no answer and no default is an error', () => {
    expect(effectiveAnswers(QUESTIONS, {}).errors).toEqual([{ path: 'answers.LABEL', message: 'LABEL is required' }])
  })

  it.each([
    ['0', true],
    ['-1', true],
    ['+1', false],
    ['1e3', false],
    ['0x10', false],
    ['', true], // not set → default
  ])('int text %j valid=%s', (value, valid) => {
    const r = effectiveAnswers([q('N', 'int', { default: '5' })], { N: value })
    expect(r.errors.length === 0).toBe(valid)
  })

  it('checks defaults too (a bad catalog default is reported, not trusted)', () => {
    const r = effectiveAnswers([q('MTU', 'int', { default: 'auto' })], {})
    expect(r.errors).toEqual([{ path: 'answers.MTU', message: 'MTU must be an integer, got "auto"' }])
  })

  it('an enum question without options refuses every value', () => {
    const r = effectiveAnswers([q('E', 'enum')], { E: 'a' })
    expect(r.errors).toEqual([{ path: 'answers.E', message: 'E has no options to choose from, got "a"' }])
  })

  it('collects one error per question, in question order', () => {
    const r = effectiveAnswers(QUESTIONS, { MTU: 'x', HOST_PORTS: '1' })
    expect(r.errors.map((e) => e.path)).toEqual(['answers.MTU', 'answers.HOST_PORTS', 'answers.LABEL'])
  })
})
