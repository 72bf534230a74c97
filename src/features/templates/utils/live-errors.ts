import type { CatalogTemplate } from '../../../../core/api/index.ts'
import { checkStackAnswers, checkTemplateStacks } from '../../../../core/templates/rules.ts'
import { mapTemplateErrors, noErrors, type TemplateErrors } from './template-errors.ts'
import { versionOf, type TemplateDraft } from './template-draft.ts'

const ANSWER_PATH = /^stacks\.\d+\.answers\./

/**
 * The rules the server enforces on save, run on the draft as the operator edits it: the
 * template's stacks against the catalog (checkTemplateStacks) and each stack's answers against
 * its version's questions (checkStackAnswers, whose messages go under each field).
 */
export function liveErrorsOf(draft: TemplateDraft, catalog: readonly CatalogTemplate[]): { errors: TemplateErrors; multipleDrivers: boolean } {
  if (catalog.length === 0) return { errors: noErrors(), multipleDrivers: false }
  const checked = checkTemplateStacks(draft.stacks, [...catalog])
  const errors = mapTemplateErrors(
    checked.errors.filter((e) => !ANSWER_PATH.test(e.path)),
    draft.stacks.map((s) => s.name),
  )
  for (const stack of draft.stacks) {
    const version = versionOf(stack, catalog.find((t) => t.id === stack.catalogTemplateId))
    if (!version) continue
    for (const e of checkStackAnswers(version.questions, stack.answers)) {
      const own = (errors.byStack[stack.name] ??= {})
      own[e.path] = [...(own[e.path] ?? []), e.message]
    }
  }
  return { errors, multipleDrivers: checked.multipleDrivers }
}

/** How many problems a set of errors holds. */
export function countErrors(errors: TemplateErrors): number {
  const fields = Object.values(errors.fields).reduce((n, m) => n + m.length, 0)
  const stacks = Object.values(errors.byStack).reduce((n, byPath) => n + Object.values(byPath).reduce((k, m) => k + m.length, 0), 0)
  return fields + stacks + errors.stacks.length + errors.other.length
}

/** Key of a field for "edited since the server answered": `name`, or `<stack>/<path>`. */
export const fieldKey = (stackName: string | null, path: string) => (stackName === null ? path : `${stackName}/${path}`)

const uniq = (messages: string[]) => [...new Set(messages)]

/**
 * The live errors together with what the server answered to the last save, less the server's
 * messages about fields edited since (the live check speaks for those now).
 */
export function mergeErrors(live: TemplateErrors, server: TemplateErrors, edited: ReadonlySet<string>): TemplateErrors {
  const out: TemplateErrors = {
    fields: { ...live.fields },
    stacks: uniq([...live.stacks, ...(edited.has('stacks') ? [] : server.stacks)]),
    byStack: {},
    other: [...live.other, ...server.other],
  }
  for (const [path, messages] of Object.entries(server.fields)) {
    if (!edited.has(fieldKey(null, path))) out.fields[path] = uniq([...(out.fields[path] ?? []), ...messages])
  }
  for (const name of new Set([...Object.keys(live.byStack), ...Object.keys(server.byStack)])) {
    const own: Record<string, string[]> = { ...live.byStack[name] }
    for (const [path, messages] of Object.entries(server.byStack[name] ?? {})) {
      if (!edited.has(fieldKey(name, path))) own[path] = uniq([...(own[path] ?? []), ...messages])
    }
    out.byStack[name] = own
  }
  return out
}

/** The fields (as fieldKey names them) that differ between two drafts. */
export function changedFields(before: TemplateDraft, after: TemplateDraft): string[] {
  const out: string[] = []
  for (const f of ['name', 'description', 'isPublic'] as const) if (before[f] !== after[f]) out.push(f)
  const names = (d: TemplateDraft) => d.stacks.map((s) => `${s.name}:${s.catalogTemplateId}`).join(',')
  if (names(before) !== names(after)) out.push('stacks')
  for (const b of before.stacks) {
    const a = after.stacks.find((s) => s.name === b.name)
    if (!a) continue
    if (a.version !== b.version) out.push(fieldKey(b.name, 'version'))
    if (a.dockerCompose !== b.dockerCompose) out.push(fieldKey(b.name, 'dockerCompose'))
    if (a.rancherCompose !== b.rancherCompose) out.push(fieldKey(b.name, 'rancherCompose'))
    for (const v of new Set([...Object.keys(a.answers), ...Object.keys(b.answers)])) {
      if (a.answers[v] !== b.answers[v]) out.push(fieldKey(b.name, `answers.${v}`))
    }
  }
  return out
}
