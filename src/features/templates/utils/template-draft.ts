import type { CatalogTemplate, EnvironmentTemplate, Question, TemplateInput, TemplateStack } from '../../../../core/api/index.ts'
import { categoryOf, catalogOfCategory } from './categories.ts'

/** What the template editor edits: the body of POST/PUT /templates, stacks in the order they are sent. */
export interface TemplateDraft {
  name: string
  description: string
  isPublic: boolean
  stacks: TemplateStack[]
}

const copyStack = (s: TemplateStack): TemplateStack => ({ ...s, answers: { ...s.answers } })

/** The template as it is, to edit it. */
export function draftOf(template: EnvironmentTemplate): TemplateDraft {
  return { name: template.name, description: template.description, isPublic: template.isPublic, stacks: template.stacks.map(copyStack) }
}

/** A name like `base` that no template has yet: "Cattle copy", "Cattle copy 2"… */
export function unusedName(base: string, taken: readonly string[]): string {
  const names = new Set(taken)
  if (!names.has(base)) return base
  for (let i = 2; ; i += 1) if (!names.has(`${base} ${i}`)) return `${base} ${i}`
}

/**
 * A copy of a template to start a new one from. "New template" copies the default's stacks
 * (Cattle) with no name, no description and private, as Rancher's editor does; "Copy" of a
 * template keeps its description and visibility and proposes "<name> copy".
 */
export function copyDraftOf(template: EnvironmentTemplate | undefined, options: { name: string | null; takenNames: readonly string[] }): TemplateDraft {
  return {
    name: options.name === null ? '' : unusedName(options.name, options.takenNames),
    // A new template describes itself (the default's description would be wrong once it changes).
    description: options.name === null ? '' : (template?.description ?? ''),
    isPublic: options.name === null ? false : (template?.isPublic ?? false),
    stacks: (template?.stacks ?? []).map(copyStack),
  }
}

/** The request body; the name is trimmed as the server trims it. */
export function inputOf(draft: TemplateDraft): TemplateInput {
  return { name: draft.name.trim(), description: draft.description, isPublic: draft.isPublic, stacks: draft.stacks.map(copyStack) }
}

/** A stack for a catalog template: named after it, following its default version, default answers. */
export function newStackFor(template: CatalogTemplate, stacks: readonly TemplateStack[]): TemplateStack {
  const taken = new Set(stacks.map((s) => s.name))
  let name = template.id
  for (let i = 2; taken.has(name); i += 1) name = `${template.id}-${i}`
  return { name, catalogTemplateId: template.id, version: null, answers: {}, dockerCompose: null, rancherCompose: null }
}

export type DriverChoice = {
  draft: TemplateDraft
  /** The drivers the choice took out (normally none or one). */
  replaced: TemplateStack[]
  /** Network Services, when choosing a driver had to add it. */
  addedNetworkServices: CatalogTemplate | null
}

/**
 * Chooses the environment's one network driver (null: none). Every other Networking stack goes
 * (the new driver takes the first one's place); with a driver, Network Services is added when
 * the template has none, because the driver does not work without it.
 */
export function chooseDriver(draft: TemplateDraft, driver: CatalogTemplate | null, catalog: readonly CatalogTemplate[]): DriverChoice {
  const isDriver = (s: TemplateStack) => categoryOf(s, catalog) === 'Networking'
  const kept = driver ? draft.stacks.find((s) => isDriver(s) && s.catalogTemplateId === driver.id) : undefined
  const replaced = draft.stacks.filter((s) => isDriver(s) && s !== kept)
  let stacks: TemplateStack[] = []
  let placed = kept !== undefined || driver === null
  for (const s of draft.stacks) {
    if (!isDriver(s) || s === kept) {
      stacks.push(s)
    } else if (!placed && driver) {
      stacks.push(newStackFor(driver, draft.stacks.filter((x) => !isDriver(x))))
      placed = true
    }
  }
  if (!placed && driver) stacks = [...stacks, newStackFor(driver, stacks)]

  let addedNetworkServices: CatalogTemplate | null = null
  if (driver && !stacks.some((s) => categoryOf(s, catalog) === 'Network Services')) {
    addedNetworkServices = catalogOfCategory(catalog, 'Network Services')[0] ?? null
    // Network Services goes first, as in the built-in templates: it serves the driver.
    if (addedNetworkServices) stacks = [newStackFor(addedNetworkServices, stacks), ...stacks]
  }
  return { draft: { ...draft, stacks }, replaced, addedNetworkServices }
}

/** Ticks or unticks an optional catalog template (Network Services, Scheduling, Health, Other). */
export function setChosen(draft: TemplateDraft, template: CatalogTemplate, chosen: boolean): TemplateDraft {
  const has = draft.stacks.some((s) => s.catalogTemplateId === template.id)
  if (chosen && !has) return { ...draft, stacks: [...draft.stacks, newStackFor(template, draft.stacks)] }
  if (!chosen && has) return { ...draft, stacks: draft.stacks.filter((s) => s.catalogTemplateId !== template.id) }
  return draft
}

/**
 * Whether unticking this stack is refused: it is the template's only Network Services stack and
 * a network driver is chosen (the driver needs its metadata, DNS and network manager).
 */
export function isRequiredNetworkServices(draft: TemplateDraft, stack: TemplateStack, catalog: readonly CatalogTemplate[]): boolean {
  if (categoryOf(stack, catalog) !== 'Network Services') return false
  if (!draft.stacks.some((s) => categoryOf(s, catalog) === 'Networking')) return false
  return draft.stacks.filter((s) => categoryOf(s, catalog) === 'Network Services').length === 1
}

export function replaceStack(draft: TemplateDraft, name: string, next: TemplateStack): TemplateDraft {
  return { ...draft, stacks: draft.stacks.map((s) => (s.name === name ? next : s)) }
}

/**
 * Sets one answer. An empty answer, or a checkbox back at its default, is left out: the
 * question's default applies, and the template keeps only what the operator chose.
 */
export function withAnswer(stack: TemplateStack, question: Question, value: string): TemplateStack {
  const answers = { ...stack.answers }
  const isDefault = question.type === 'boolean' && value === (question.default ?? 'false')
  if (value === '' || isDefault) delete answers[question.variable]
  else answers[question.variable] = value
  return { ...stack, answers }
}

/** The catalog version a stack deploys: its pinned version, else the default; undefined when the catalog lacks it. */
export function versionOf(stack: Pick<TemplateStack, 'version'>, template: CatalogTemplate | undefined) {
  return template?.versions.find((v) => v.version === (stack.version ?? template.defaultVersion))
}
