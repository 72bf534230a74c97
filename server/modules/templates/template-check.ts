/**
 * Everything an environment template must pass before it is written (POST and PUT
 * /templates): the template rules of core/templates/rules.ts, then each stack planned the way
 * environment creation will plan it, then every custom compose through the network-driver
 * validator. Pure over the catalog it is given; throws the AppError the API answers with.
 */
import type { CatalogTemplate, ComposeFile } from '../../../core/api/catalog.ts'
import type { ErrorDetail } from '../../../core/api/errors.ts'
import type { TemplateStack } from '../../../core/api/templates.ts'
import { effectiveAnswers } from '../../../core/compose/answers.ts'
import { checkTemplateStacks } from '../../../core/templates/rules.ts'
import { validateNetworkDriver } from '../../../core/validate/index.ts'
import { planStack } from '../../orchestration/stack-plan.ts'
import { AppError, validationFailed } from '../../errors.ts'

const isDockerCompose = (f: ComposeFile) => /^docker-compose\.ya?ml(\.tpl)?$/.test(f.name)
const isRancherCompose = (f: ComposeFile) => /^rancher-compose\.ya?ml(\.tpl)?$/.test(f.name)

// The name planStack gives a custom docker-compose: `.tpl` means Go templates are rendered,
// as Rancher does for the catalog's own `docker-compose.yml.tpl`.
const CUSTOM_DOCKER_COMPOSE = 'docker-compose.yml.tpl'
const CUSTOM_RANCHER_COMPOSE = 'rancher-compose.yml'

/**
 * The error diagnostics of a stack's custom compose, as details naming the field
 * (`stacks.N.dockerCompose` / `stacks.N.rancherCompose`) with `file:line:column` in the text
 * the operator wrote. Warnings and infos do not block a template (the editor shows them).
 */
function customComposeErrors(stack: TemplateStack, index: number, template: CatalogTemplate): ErrorDetail[] {
  if (stack.dockerCompose === null && stack.rancherCompose === null) return []
  const version = template.versions.find((v) => v.version === (stack.version ?? template.defaultVersion))
  if (!version) return []
  const catalogDocker = version.files.find(isDockerCompose)
  const catalogRancher = version.files.find(isRancherCompose)
  const files: ComposeFile[] = []
  const docker = stack.dockerCompose !== null ? { name: CUSTOM_DOCKER_COMPOSE, content: stack.dockerCompose } : catalogDocker
  const rancher = stack.rancherCompose !== null ? { name: CUSTOM_RANCHER_COMPOSE, content: stack.rancherCompose } : catalogRancher
  if (docker) files.push(docker)
  if (rancher) files.push(rancher)
  // The catalog version's questions decide the answers, even when a custom rancher-compose
  // leaves out its `.catalog` block: the environment will be rendered with exactly these.
  const answers = effectiveAnswers(version.questions, stack.answers ?? {}).answers
  const { diagnostics } = validateNetworkDriver({ files, answers })
  const base = `stacks.${index}`
  return diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => {
      const inRancher = d.file !== undefined && /^rancher-compose/.test(d.file)
      return { path: `${base}.${inRancher ? 'rancherCompose' : 'dockerCompose'}`, message: `${d.file ?? CUSTOM_DOCKER_COMPOSE}:${d.line}:${d.column}: ${d.message} (${d.code})` }
    })
}

/**
 * Checks the stacks of a template against the catalog. 400 MULTIPLE_NETWORK_DRIVERS when more
 * than one Networking stack is chosen (with every other problem in the same details), else 400
 * VALIDATION_FAILED naming each field; returns normally when the template can be written.
 */
export function checkTemplateInput(stacks: TemplateStack[], catalog: CatalogTemplate[]): void {
  const rules = checkTemplateStacks(stacks, catalog)
  if (rules.errors.length > 0) {
    if (!rules.multipleDrivers) throw validationFailed(rules.errors)
    // The driver conflict leads the message: it is the reason for the code.
    const ordered = [...rules.errors.filter((d) => d.path === 'stacks'), ...rules.errors.filter((d) => d.path !== 'stacks')]
    const message = ordered.map((d) => `${d.path}: ${d.message}`).join('; ')
    throw new AppError('MULTIPLE_NETWORK_DRIVERS', message, rules.errors)
  }

  // The rules passed, so every stack names a known catalog template and version. A custom
  // compose goes through the validator first: its line:column findings say more than the
  // planner's, which then covers what only a plan reveals (services, the driver block).
  const errors: ErrorDetail[] = []
  const drivers: string[] = []
  stacks.forEach((stack, i) => {
    const template = catalog.find((t) => t.id === stack.catalogTemplateId)
    if (!template) return
    const composeErrors = customComposeErrors(stack, i, template)
    if (composeErrors.length > 0) {
      errors.push(...composeErrors)
      return
    }
    const planned = planStack(stack, i, catalog)
    if (!planned.ok) errors.push(...planned.errors)
    else if (planned.plan.driver !== null) drivers.push(`${JSON.stringify(stack.name)} (${planned.plan.driver.name})`)
  })
  // The category rule counts catalog templates; a custom compose can still add a network_driver
  // block to a stack of another category, which would give the environment two drivers.
  if (drivers.length > 1) {
    const details = [{ path: 'stacks', message: `an environment takes one network driver, but stacks ${drivers.join(' and ')} each declare one; keep the network_driver block in one stack` }, ...errors]
    throw new AppError('MULTIPLE_NETWORK_DRIVERS', details.map((d) => `${d.path}: ${d.message}`).join('; '), details)
  }
  if (errors.length > 0) throw validationFailed(errors)
}
