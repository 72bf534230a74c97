/**
 * Turns one stack of an environment template into what will be written: answers with
 * defaults, compose files rendered, services, and the network driver with its network.
 * No I/O; every problem is a detail with a path under `stacks.<i>` so the caller can answer
 * 400/422 naming the field.
 */
import { parse as parseYaml } from 'yaml'
import type { CatalogTemplate, ComposeFile } from '../../core/api/catalog.ts'
import type { ErrorDetail } from '../../core/api/errors.ts'
import type { TemplateStack } from '../../core/api/templates.ts'
import { effectiveAnswers } from '../../core/compose/answers.ts'
import { renderCompose } from '../../core/compose/render.ts'
import { readServices, type ServiceDef } from '../../core/compose/services.ts'
import { buildNetworkSpec, findNetworkDrivers, type NetworkSpec } from '../../core/network/driver-block.ts'

export interface DriverPlan {
  serviceName: string
  name: string
  description: string
  block: Record<string, unknown>
  network: NetworkSpec | null
}

export interface StackPlan {
  name: string
  catalogTemplateId: string
  version: string
  externalId: string
  answers: Record<string, string>
  /** Compose text as written (before answers), as the stack keeps it. */
  dockerCompose: string
  rancherCompose: string
  services: ServiceDef[]
  driver: DriverPlan | null
}

const isDockerCompose = (f: ComposeFile) => /^docker-compose\.ya?ml(\.tpl)?$/.test(f.name)
const isRancherCompose = (f: ComposeFile) => /^rancher-compose\.ya?ml(\.tpl)?$/.test(f.name)

function renderAndParse(file: ComposeFile, answers: Record<string, string>, path: string, errors: ErrorDetail[]): unknown {
  const goTemplate = file.name.endsWith('.tpl') || file.content.includes('{{')
  const rendered = renderCompose(file.content, answers, { goTemplate })
  for (const e of rendered.errors) errors.push({ path, message: `${file.name}:${e.line}:${e.column}: ${e.message}` })
  try {
    return parseYaml(rendered.text, { uniqueKeys: false }) ?? {}
  } catch (err) {
    errors.push({ path, message: `${file.name} is not valid YAML after rendering: ${(err as Error).message.split('\n')[0]}` })
    return {}
  }
}

/** Plans stack `index` of a template against the catalog. */
export function planStack(
  stack: TemplateStack,
  index: number,
  catalog: CatalogTemplate[],
): { ok: true; plan: StackPlan } | { ok: false; errors: ErrorDetail[]; missingReference?: boolean } {
  const base = `stacks.${index}`
  const template = catalog.find((t) => t.id === stack.catalogTemplateId)
  if (!template) {
    return { ok: false, missingReference: true, errors: [{ path: `${base}.catalogTemplateId`, message: `catalog template ${JSON.stringify(stack.catalogTemplateId)} does not exist` }] }
  }
  const wanted = stack.version ?? template.defaultVersion
  const version = template.versions.find((v) => v.version === wanted)
  if (!version) {
    return {
      ok: false,
      missingReference: true,
      errors: [{ path: `${base}.version`, message: `${template.id} has no version ${JSON.stringify(wanted)} (has ${template.versions.map((v) => v.version).join(', ')})` }],
    }
  }
  const answered = effectiveAnswers(version.questions, stack.answers ?? {})
  const errors: ErrorDetail[] = answered.errors.map((e) => ({ path: `${base}.${e.path}`, message: e.message }))
  const dockerFile = stack.dockerCompose !== null && stack.dockerCompose !== undefined
    ? { name: 'docker-compose.yml.tpl', content: stack.dockerCompose }
    : version.files.find(isDockerCompose)
  const rancherFile = stack.rancherCompose !== null && stack.rancherCompose !== undefined
    ? { name: 'rancher-compose.yml', content: stack.rancherCompose }
    : version.files.find(isRancherCompose)
  const docker = dockerFile ? renderAndParse(dockerFile, answered.answers, `${base}.dockerCompose`, errors) : {}
  const rancher = rancherFile ? renderAndParse(rancherFile, answered.answers, `${base}.rancherCompose`, errors) : {}
  const { services, errors: serviceErrors } = readServices(docker, rancher)
  errors.push(...serviceErrors.map((e) => ({ path: `${base}.dockerCompose.${e.path}`, message: e.message })))

  const declarations = findNetworkDrivers(docker, rancher)
  if (declarations.length > 1) {
    errors.push({
      path: `${base}.dockerCompose`,
      message: `declares ${declarations.length} network drivers (${declarations.map((d) => d.serviceName).join(', ')}); an environment takes exactly one`,
    })
  }
  let driver: DriverPlan | null = null
  if (declarations.length === 1) {
    const decl = declarations[0]
    const built = buildNetworkSpec(decl)
    if (!built.ok) {
      errors.push(...built.errors.map((e) => ({ path: `${base}.dockerCompose.services.${decl.serviceName}.${e.path}`, message: e.message })))
    } else {
      driver = {
        serviceName: decl.serviceName,
        name: built.spec?.driverName ?? String(decl.block.name ?? decl.serviceName),
        description: built.spec?.description ?? String(decl.block.description ?? ''),
        block: decl.block,
        network: built.spec,
      }
    }
  }
  if (errors.length > 0) return { ok: false, errors }
  return {
    ok: true,
    plan: {
      name: stack.name,
      catalogTemplateId: template.id,
      version: version.version,
      // Rancher's form, `catalog://<catalog>:<folder>*<template>:<version>`; imported templates live in the `custom` catalog.
      externalId: `catalog://${template.source === 'custom' ? 'custom' : 'library'}:infra*${template.id}:${version.version}`,
      answers: answered.answers,
      dockerCompose: dockerFile?.content ?? '',
      rancherCompose: rancherFile?.content ?? '',
      services,
      driver,
    },
  }
}
