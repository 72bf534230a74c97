import { describe, expect, it } from 'vitest'
import type { Question } from '../../../../core/api/index.ts'
import { makeCatalogTemplate, makeCatalogVersion } from '../../../testing/fixtures.ts'
import { pickVersion, questionConstraints, versionsNewestFirst } from './pick-version.ts'

const ipsec = makeCatalogTemplate()

describe('pickVersion', () => {
  it('picks the default version when the URL names none', () => {
    expect(pickVersion(ipsec, null)).toEqual({ version: ipsec.versions[1], unknownRequested: null })
    expect(pickVersion(ipsec, '  ').version?.version).toBe('0.2.5')
  })

  it('picks the version the URL names', () => {
    expect(pickVersion(ipsec, '0.2.4')).toEqual({ version: ipsec.versions[0], unknownRequested: null })
  })

  it('falls back to the default, and says so, for a version the template does not have', () => {
    expect(pickVersion(ipsec, '9.9.9')).toEqual({ version: ipsec.versions[1], unknownRequested: '9.9.9' })
  })

  it('falls back to the newest version when the default is missing, and to nothing without versions', () => {
    const broken = makeCatalogTemplate({ defaultVersion: '1.0.0' })
    expect(pickVersion(broken, null).version?.version).toBe('0.2.5')
    expect(pickVersion(makeCatalogTemplate({ versions: [] }), null)).toEqual({ version: null, unknownRequested: null })
  })

  it('lists versions newest first by their catalog position, not their text', () => {
    const template = makeCatalogTemplate({
      versions: [makeCatalogVersion({ version: '0.10.0', versionIndex: 3 }), makeCatalogVersion({ version: '0.9.0', versionIndex: 2 })],
    })
    expect(versionsNewestFirst(template).map((v) => v.version)).toEqual(['0.10.0', '0.9.0'])
  })
})

describe('questionConstraints', () => {
  const base: Question = { variable: 'X', label: 'X', type: 'int', required: true }
  it.each<[Question, string | null]>([
    [{ ...base, min: 68, max: 9000 }, '68 – 9000'],
    [{ ...base, min: 1 }, '≥ 1'],
    [{ ...base, max: 28 }, '≤ 28'],
    [{ ...base, type: 'enum', options: ['ipsec', 'vxlan'] }, 'one of ipsec, vxlan'],
    [{ ...base }, null],
  ])('%o → %s', (question, expected) => {
    expect(questionConstraints(question)).toBe(expected)
  })
})
