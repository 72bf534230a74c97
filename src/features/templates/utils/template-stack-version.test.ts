import { describe, expect, it } from 'vitest'
import { makeCatalogTemplate } from '../../../testing/fixtures.ts'
import { templateStackVersionLabel } from './template-stack-version.ts'

describe('templateStackVersionLabel', () => {
  const ipsec = makeCatalogTemplate()

  it('shows a pinned version as it is', () => {
    expect(templateStackVersionLabel({ version: '0.2.4' }, ipsec)).toBe('0.2.4')
  })

  it('shows which version "default" means today', () => {
    expect(templateStackVersionLabel({ version: null }, ipsec)).toBe('default (0.2.5)')
  })

  it('says "default" alone while the catalog is not known', () => {
    expect(templateStackVersionLabel({ version: null }, undefined)).toBe('default')
    expect(templateStackVersionLabel({ version: '0.2.4' }, undefined)).toBe('0.2.4')
  })

  it('flags a pinned version the catalog does not have', () => {
    expect(templateStackVersionLabel({ version: '0.1.0' }, ipsec)).toBe('0.1.0 (not in the catalog)')
  })
})
