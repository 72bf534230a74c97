import { describe, expect, it } from 'vitest'
import type { TemplateStack } from '../../../../core/api/index.ts'
import { makeCatalog } from '../../../testing/template-fixtures.ts'
import { chooseDriver, copyDraftOf, isRequiredNetworkServices, withAnswer, type TemplateDraft } from './template-draft.ts'
import { makeEnvironmentTemplate } from '../../../testing/fixtures.ts'

const catalog = makeCatalog()
const byId = (id: string) => catalog.find((t) => t.id === id)!
const stack = (id: string, answers: Record<string, string> = {}): TemplateStack => ({ name: id, catalogTemplateId: id, version: null, answers, dockerCompose: null, rancherCompose: null })
const draft = (...stacks: TemplateStack[]): TemplateDraft => ({ name: 'x', description: '', isPublic: true, stacks })
const names = (d: TemplateDraft) => d.stacks.map((s) => s.name)

describe('chooseDriver', () => {
  it('puts the new driver in the old one’s place, without the old one’s answers', () => {
    const choice = chooseDriver(draft(stack('network-services'), stack('ipsec', { MTU: '1400' }), stack('scheduler')), byId('vxlan'), catalog)
    expect(names(choice.draft)).toEqual(['network-services', 'vxlan', 'scheduler'])
    expect(choice.draft.stacks[1].answers).toEqual({})
    expect(choice.replaced.map((s) => s.name)).toEqual(['ipsec'])
    expect(choice.addedNetworkServices).toBeNull()
  })

  it('keeps the chosen driver (and its answers) when a template had two', () => {
    const choice = chooseDriver(draft(stack('network-services'), stack('ipsec'), stack('vxlan', { MTU: '1400' })), byId('vxlan'), catalog)
    expect(names(choice.draft)).toEqual(['network-services', 'vxlan'])
    expect(choice.draft.stacks[1].answers).toEqual({ MTU: '1400' })
  })

  it('adds Network Services first when a driver comes without it; none takes every driver out', () => {
    const withDriver = chooseDriver(draft(stack('scheduler')), byId('ipsec'), catalog)
    expect(names(withDriver.draft)).toEqual(['network-services', 'scheduler', 'ipsec'])
    expect(withDriver.addedNetworkServices?.id).toBe('network-services')
    expect(isRequiredNetworkServices(withDriver.draft, withDriver.draft.stacks[0], catalog)).toBe(true)

    const none = chooseDriver(withDriver.draft, null, catalog)
    expect(names(none.draft)).toEqual(['network-services', 'scheduler'])
    expect(isRequiredNetworkServices(none.draft, none.draft.stacks[0], catalog)).toBe(false)
  })
})

describe('withAnswer', () => {
  const [mtu, , , , hairpin] = byId('vxlan').versions[0].questions
  it('keeps only what differs from the default: an empty answer or a checkbox back at its default is left out', () => {
    expect(withAnswer(stack('vxlan'), mtu, '1400').answers).toEqual({ MTU: '1400' })
    expect(withAnswer(stack('vxlan', { MTU: '1400' }), mtu, '').answers).toEqual({})
    expect(withAnswer(stack('vxlan'), hairpin, 'true').answers).toEqual({ RANCHER_HAIRPIN_MODE: 'true' })
    expect(withAnswer(stack('vxlan', { RANCHER_HAIRPIN_MODE: 'true' }), hairpin, 'false').answers).toEqual({})
  })
})

describe('copyDraftOf', () => {
  const cattle = makeEnvironmentTemplate()
  it('starts a new template as a private, unnamed copy of the default', () => {
    expect(copyDraftOf(cattle, { name: null, takenNames: [] })).toMatchObject({ name: '', isPublic: false, stacks: cattle.stacks })
  })
  it('names a copy after its source with a name no template has', () => {
    expect(copyDraftOf(cattle, { name: 'Cattle copy', takenNames: ['Cattle', 'Cattle copy'] }).name).toBe('Cattle copy 2')
  })
})
