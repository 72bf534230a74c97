import { describe, expect, it } from 'vitest'
import { safeNextPath } from './next-path.ts'

describe('safeNextPath', () => {
  it('keeps a path of this app with its query and hash', () => {
    expect(safeNextPath('/environments/e1/hosts?q=lab#x')).toBe('/environments/e1/hosts?q=lab#x')
  })

  it.each([null, '', 'https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '/\t/evil.example', 'hosts'])(
    'goes to the first page for %j',
    (next) => {
      expect(safeNextPath(next)).toBe('/')
    },
  )

  it('never goes back to the sign-in page', () => {
    expect(safeNextPath('/login?next=%2Fcatalog')).toBe('/')
  })
})
