import { describe, expect, it } from 'vitest'
import { pageHref, pageKindOf, paths } from './paths.ts'

describe('route table', () => {
  it.each([
    ['/environments/env-1', 'overview'],
    ['/environments/env-1/', 'overview'],
    ['/environments/env-1/hosts', 'hosts'],
    ['/environments/env-1/containers', 'containers'],
    ['/environments/env-1/settings', 'settings'],
    ['/environments/env-1/overview', null],
    ['/environments/env-1/unknown', null],
    ['/', null],
  ])('knows which page %s shows (the switcher keeps it)', (pathname, kind) => {
    expect(pageKindOf(pathname)).toBe(kind)
  })

  it('builds hrefs that round-trip through the patterns', () => {
    expect(pageHref('hosts', 'env 1')).toBe('/environments/env%201/hosts')
    expect(paths.containers.href('e', { q: 'lab-1 10.42' })).toBe('/environments/e/containers?q=lab-1+10.42')
    expect(pageKindOf(pageHref('settings', 'abc'))).toBe('settings')
  })
})
