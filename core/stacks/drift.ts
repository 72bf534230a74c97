/**
 * Drift: an environment's running infrastructure stacks against the template stacks it was
 * created from. Pure: the caller passes the template's stacks (the copy kept at creation),
 * the running (non-removed) system stacks and the catalog.
 *
 * - stacks are matched by name; a template stack nothing runs is `missing`, a running stack
 *   the template lacks is `added`;
 * - versions compare the template's pinned version (or the catalog default) with the running one;
 * - answers compare *effective* answers, each side with the questions of its own version, so a
 *   default counts as an answer (`MTU 1500 → 1400` shows even when the template left MTU unset);
 * - the compose differs when the running text is not what the template would give: its custom
 *   compose, or else the catalog's file (of the running version, so a version change alone is
 *   reported once, as a version).
 */
import type { CatalogTemplate, CatalogTemplateVersion, ComposeFile, Question } from '../api/catalog.ts'
import type { DriftChange, StackDrift } from '../api/stacks.ts'
import type { TemplateStack } from '../api/templates.ts'
import { effectiveAnswers } from '../compose/answers.ts'

export interface RunningStack {
  id: string
  name: string
  catalogTemplateId: string | null
  version: string | null
  answers: Record<string, string>
  dockerCompose: string
  rancherCompose: string
}

type TemplateStackInput = Pick<TemplateStack, 'name' | 'catalogTemplateId'> & Partial<Omit<TemplateStack, 'name' | 'catalogTemplateId'>>

const HIDDEN = '••••••'
const isDockerCompose = (f: ComposeFile) => /^docker-compose\.ya?ml(\.tpl)?$/.test(f.name)
const isRancherCompose = (f: ComposeFile) => /^rancher-compose\.ya?ml(\.tpl)?$/.test(f.name)

function findVersion(catalog: CatalogTemplate[], templateId: string | null, version: string | null): CatalogTemplateVersion | undefined {
  const t = catalog.find((c) => c.id === templateId)
  if (!t) return undefined
  return t.versions.find((v) => v.version === (version ?? t.defaultVersion))
}

/** The version a template stack asks for: its pin, else the catalog default; null when the catalog template is unknown. */
function templateVersionOf(stack: TemplateStackInput, catalog: CatalogTemplate[]): string | null {
  if (stack.version) return stack.version
  return catalog.find((c) => c.id === stack.catalogTemplateId)?.defaultVersion ?? null
}

/** Unset ('' or missing) is null, so `{}` and `{X: ''}` agree. */
const valueOf = (answers: Record<string, string>, variable: string) => {
  const v = Object.hasOwn(answers, variable) ? answers[variable] : undefined
  return v === undefined || v === '' ? null : v
}

function answerChanges(
  templateAnswers: Record<string, string>,
  templateQuestions: Question[],
  runningAnswers: Record<string, string>,
  runningQuestions: Question[],
): DriftChange[] {
  const t = effectiveAnswers(templateQuestions, templateAnswers).answers
  const r = effectiveAnswers(runningQuestions, runningAnswers).answers
  const questions = new Map<string, Question>()
  for (const q of [...runningQuestions, ...templateQuestions]) if (!questions.has(q.variable)) questions.set(q.variable, q)
  const others = [...new Set([...Object.keys(t), ...Object.keys(r)])].filter((v) => !questions.has(v)).sort()
  const changes: DriftChange[] = []
  for (const variable of [...questions.keys(), ...others]) {
    const tv = valueOf(t, variable)
    const rv = valueOf(r, variable)
    if (tv === rv) continue
    const q = questions.get(variable)
    const secret = q?.type === 'password'
    changes.push({
      field: q?.label || variable,
      variable,
      template: secret && tv !== null ? HIDDEN : tv,
      running: secret && rv !== null ? HIDDEN : rv,
    })
  }
  return changes
}

function composeChanges(stack: TemplateStackInput, running: RunningStack, catalog: CatalogTemplate[], templateVersion: string | null): DriftChange[] {
  // the catalog files of the running version when the catalog knows it, else of the template's
  const files = (findVersion(catalog, running.catalogTemplateId, running.version) ?? findVersion(catalog, stack.catalogTemplateId, templateVersion))?.files ?? []
  const source = (custom: boolean) => (custom ? "the template's custom compose" : `the catalog's file (${running.catalogTemplateId ?? stack.catalogTemplateId} ${running.version ?? templateVersion ?? '?'})`)
  const changes: DriftChange[] = []
  const sides = [
    { field: 'docker-compose.yml', custom: stack.dockerCompose ?? null, catalogFile: files.find(isDockerCompose), running: running.dockerCompose },
    { field: 'rancher-compose.yml', custom: stack.rancherCompose ?? null, catalogFile: files.find(isRancherCompose), running: running.rancherCompose },
  ]
  for (const side of sides) {
    const expected = side.custom ?? side.catalogFile?.content ?? ''
    if (expected === side.running) continue
    changes.push({ field: side.field, variable: null, template: source(side.custom !== null), running: 'a different (custom) compose' })
  }
  return changes
}

function driftOf(stack: TemplateStackInput, running: RunningStack, catalog: CatalogTemplate[]): StackDrift {
  const changes: DriftChange[] = []
  if (stack.catalogTemplateId !== running.catalogTemplateId) {
    changes.push({ field: 'catalog template', variable: null, template: stack.catalogTemplateId, running: running.catalogTemplateId })
  }
  const templateVersion = templateVersionOf(stack, catalog)
  // an unknown catalog template has no default to compare with: say nothing rather than guess
  if (templateVersion !== null && templateVersion !== running.version) {
    changes.push({ field: 'version', variable: null, template: templateVersion, running: running.version })
  }
  const templateQuestions = findVersion(catalog, stack.catalogTemplateId, templateVersion)?.questions ?? []
  const runningQuestions = findVersion(catalog, running.catalogTemplateId, running.version)?.questions ?? []
  changes.push(...answerChanges(stack.answers ?? {}, templateQuestions, running.answers, runningQuestions))
  const compose = composeChanges(stack, running, catalog, templateVersion)
  changes.push(...compose)
  return {
    name: stack.name,
    catalogTemplateId: running.catalogTemplateId,
    stackId: running.id,
    status: changes.length === 0 ? 'in-sync' : 'drifted',
    changes,
    composeChanged: compose.length > 0,
  }
}

/** Template stacks in their order, then running stacks the template lacks (by name). */
export function computeDrift(template: TemplateStackInput[], running: RunningStack[], catalog: CatalogTemplate[]): StackDrift[] {
  const byName = new Map(running.map((r) => [r.name, r]))
  const out: StackDrift[] = template.map((stack) => {
    const r = byName.get(stack.name)
    if (!r) return { name: stack.name, catalogTemplateId: stack.catalogTemplateId, stackId: null, status: 'missing', changes: [], composeChanged: false }
    return driftOf(stack, r, catalog)
  })
  const inTemplate = new Set(template.map((s) => s.name))
  const added = running.filter((r) => !inTemplate.has(r.name)).sort((a, b) => a.name.localeCompare(b.name))
  for (const r of added) out.push({ name: r.name, catalogTemplateId: r.catalogTemplateId, stackId: r.id, status: 'added', changes: [], composeChanged: false })
  return out
}
