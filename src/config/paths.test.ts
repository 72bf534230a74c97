import { describe, expect, it } from 'vitest'
import { globalPageKindOf, pageHref, pageKindOf, paths, sectionOf } from './paths.ts'

describe('route table', () => {
  it.each([
    ['/environments/env-1', 'overview'],
    ['/environments/env-1/', 'overview'],
    ['/environments/env-1/hosts', 'hosts'],
    ['/environments/env-1/containers', 'containers'],
    ['/environments/env-1/findings', 'findings'],
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

  it.each([
    ['/environments/env-1', 'overview'],
    ['/environments/env-1/hosts', 'hosts'],
    ['/environments/env-1/hosts/h1', 'hosts'],
    ['/environments/env-1/containers/c1', 'containers'],
    ['/environments/env-1/stacks', 'stacks'],
    ['/environments/env-1/stacks/s1', 'stacks'],
    ['/environments/env-1/stacks/s1/edit', 'stacks'],
    ['/environments/env-1/networks/n1', 'overview'],
    ['/environments/env-1/widgets/w1', null],
    ['/catalog/ipsec', null],
  ])('knows which environment page %s belongs to (the switcher goes there)', (pathname, kind) => {
    expect(sectionOf(pathname)).toBe(kind)
  })

  it.each([
    ['/catalog', { kind: 'catalog', exact: true }],
    ['/catalog/ipsec', { kind: 'catalog', exact: false }],
    ['/templates', { kind: 'templates', exact: true }],
    ['/templates/tpl-1/', { kind: 'templates', exact: false }],
    ['/environments/e', null],
    ['/catalogue', null],
  ])('knows which global page %s belongs to', (pathname, expected) => {
    expect(globalPageKindOf(pathname)).toEqual(expected)
  })

  it('builds resource hrefs, encoding ids and keeping the catalog version in the URL', () => {
    expect(paths.host.href('env 1', 'h/1')).toBe('/environments/env%201/hosts/h%2F1')
    expect(paths.container.href('e', 'c1')).toBe('/environments/e/containers/c1')
    expect(paths.catalogTemplate.href('ipsec', { version: '0.2.4' })).toBe('/catalog/ipsec?version=0.2.4')
    expect(paths.catalogTemplate.href('ipsec', { version: null })).toBe('/catalog/ipsec')
    expect(paths.template.href('tpl_1')).toBe('/templates/tpl_1')
    expect(paths.stackEdit.href('env 1', 'stk/1')).toBe('/environments/env%201/stacks/stk%2F1/edit')
  })
})
