import { describe, expect, it } from 'vitest'
import type { Diagnostic } from '../../../../core/api/index.ts'
import { diagnosticsByVariable } from './answer-diagnostics.ts'

const files = [
  { name: 'docker-compose.yml.tpl', content: 'a: $SUBNET\nb: ${MTU}\nc: {{ .Values.HOST_PORTS }}\nd: plain\ne: $SUBNET/$MTU\n' },
]
const at = (line: number, column: number, endColumn: number, extra: Partial<Diagnostic> = {}): Diagnostic => ({
  file: 'docker-compose.yml.tpl',
  severity: 'error',
  code: 'CIDR_PREFIX_RANGE',
  message: 'm',
  path: '',
  line,
  column,
  endLine: line,
  endColumn,
  ...extra,
})
const variables = new Set(['SUBNET', 'MTU', 'HOST_PORTS'])

describe('diagnosticsByVariable', () => {
  it('ties a diagnostic to the question whose placeholder it points at', () => {
    const d1 = at(1, 4, 11)
    const d2 = at(2, 4, 10, { severity: 'warning' })
    const d3 = at(3, 4, 29)
    const d4 = at(4, 4, 9)
    const d5 = at(5, 4, 16)
    const found = diagnosticsByVariable([d1, d2, d3, d4, d5], files, variables)
    expect(found.get('SUBNET')).toEqual([d1, d5])
    expect(found.get('MTU')).toEqual([d2, d5])
    expect(found.get('HOST_PORTS')).toEqual([d3])
  })

  it('leaves out infos, ANSWER_INVALID (the form says it), several lines, unknown files and unknown variables', () => {
    const found = diagnosticsByVariable(
      [
        at(1, 4, 11, { severity: 'info' }),
        at(1, 4, 11, { code: 'ANSWER_INVALID' }),
        { ...at(1, 4, 11), endLine: 2 },
        at(1, 4, 11, { file: 'other.yml' }),
      ],
      files,
      new Set(['MTU']),
    )
    expect([...found.keys()]).toEqual([])
  })
})
