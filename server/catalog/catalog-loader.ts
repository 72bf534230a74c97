/**
 * Loads the built-in catalog shipped with Paddock (`server/catalog/library`) and the built-in
 * environment templates (`server/catalog/environment-templates`).
 *
 * Layout of the library, modelled on Rancher's catalog format:
 *
 *   library/<templateId>/config.yml                    name, category, description, version (default)
 *   library/<templateId>/<versionIndex>/docker-compose.yml[.tpl]
 *   library/<templateId>/<versionIndex>/rancher-compose.yml[.tpl]   with a `.catalog` block
 *
 * This is trusted data that ships with the product: anything malformed throws an Error that
 * names the offending file, and the result is parsed with the API contract's zod schemas.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { load } from 'js-yaml'
import { CatalogTemplate, TemplateStack, type Question } from '../../core/api/index.ts'
import { toQuestion as readQuestion } from '../../core/catalog/questions.ts'

export interface BuiltinEnvironmentTemplate {
  /** File stem, e.g. `cattle`. */
  key: string
  name: string
  description: string
  isPublic: boolean
  stacks: TemplateStack[]
}

const DEFAULT_LIBRARY_DIR = fileURLToPath(new URL('./library/', import.meta.url))
const DEFAULT_ENVIRONMENT_TEMPLATES_DIR = fileURLToPath(new URL('./environment-templates/', import.meta.url))

/** Compose files of a version folder: `docker-compose.yml`, `rancher-compose.yml`, optionally `.yaml` / `.tpl`. */
const COMPOSE_FILE = /^(docker|rancher)-compose\.ya?ml(\.tpl)?$/
const VERSION_DIR = /^\d+$/

class CatalogFileError extends Error {
  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(`built-in catalog: ${file}: ${message}`, options)
    this.name = 'CatalogFileError'
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (cause) {
    throw new CatalogFileError(file, `cannot be read (${(cause as Error).message})`, { cause })
  }
}

function loadYamlFile(file: string, text = readText(file)): unknown {
  try {
    return load(text, { filename: file })
  } catch (cause) {
    throw new CatalogFileError(file, `is not valid YAML: ${(cause as Error).message}`, { cause })
  }
}

function loadYamlMapping(file: string): Record<string, unknown> {
  const doc = loadYamlFile(file)
  if (!isRecord(doc)) throw new CatalogFileError(file, 'must be a YAML mapping')
  return doc
}

function subdirectories(dir: string): string[] {
  return readdirSync(dir).filter((name) => statSync(join(dir, name)).isDirectory())
}

/** A scalar from YAML as the string our contract wants (`1500` → "1500", `true` → "true"). */
function scalarToString(file: string, where: string, value: unknown): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  throw new CatalogFileError(file, `${where} must be a string, number or boolean, got ${JSON.stringify(value)}`)
}

function optionalString(file: string, where: string, value: unknown): string | null {
  if (value === undefined || value === null) return null
  return scalarToString(file, where, value)
}

function toQuestion(file: string, index: number, raw: unknown): Question {
  const read = readQuestion(raw, index)
  if (!read.ok) throw new CatalogFileError(file, read.message)
  return read.question
}

function composeFileOrder(name: string): number {
  return name.startsWith('docker-compose') ? 0 : 1
}

function loadVersion(templateDir: string, dirName: string) {
  const versionDir = join(templateDir, dirName)
  const names = readdirSync(versionDir)
    .filter((n) => COMPOSE_FILE.test(n))
    .sort((a, b) => composeFileOrder(a) - composeFileOrder(b) || a.localeCompare(b))
  const dockerNames = names.filter((n) => n.startsWith('docker-compose'))
  const rancherNames = names.filter((n) => n.startsWith('rancher-compose'))
  if (dockerNames.length !== 1) {
    throw new CatalogFileError(versionDir, `needs exactly one docker-compose file, found ${dockerNames.length}`)
  }
  if (rancherNames.length !== 1) {
    throw new CatalogFileError(versionDir, `needs exactly one rancher-compose file, found ${rancherNames.length}`)
  }

  const files = names.map((name) => {
    const file = join(versionDir, name)
    const content = readText(file)
    if (content.trim() === '') throw new CatalogFileError(file, 'is empty')
    // Go templates only parse as YAML once rendered; plain files must parse as they are.
    if (!name.endsWith('.tpl')) loadYamlFile(file, content)
    else checkGoTemplateDelimiters(file, content)
    return { name, content }
  })

  const rancherFile = join(versionDir, rancherNames[0])
  const rancherText = files.find((f) => f.name === rancherNames[0])!.content
  // The `.catalog` block never holds Go template actions, so a .tpl rancher-compose is read
  // from its text with the template lines dropped.
  const rancherDoc = rancherNames[0].endsWith('.tpl')
    ? loadYamlFile(rancherFile, rancherText.replace(/^\s*\{\{.*\}\}\s*$/gm, ''))
    : loadYamlFile(rancherFile, rancherText)
  if (!isRecord(rancherDoc)) throw new CatalogFileError(rancherFile, 'must be a YAML mapping')
  const catalog = rancherDoc['.catalog']
  if (!isRecord(catalog)) throw new CatalogFileError(rancherFile, 'has no `.catalog` mapping')
  if (catalog.version === undefined || catalog.version === null) {
    throw new CatalogFileError(rancherFile, '`.catalog.version` is missing')
  }
  const rawQuestions = catalog.questions ?? []
  if (!Array.isArray(rawQuestions)) throw new CatalogFileError(rancherFile, '`.catalog.questions` must be a list')
  const questions = rawQuestions.map((q, i) => toQuestion(rancherFile, i, q))
  const seen = new Set<string>()
  for (const q of questions) {
    if (seen.has(q.variable)) throw new CatalogFileError(rancherFile, `question ${q.variable} is declared twice`)
    seen.add(q.variable)
  }

  return {
    version: scalarToString(rancherFile, '.catalog.version', catalog.version),
    versionIndex: Number(dirName),
    minimumRancherVersion: optionalString(rancherFile, '.catalog.minimum_rancher_version', catalog.minimum_rancher_version),
    upgradeFrom: optionalString(rancherFile, '.catalog.upgrade_from', catalog.upgrade_from),
    questions,
    files,
  }
}

/** Catches an unbalanced `{{ … }}` in a template that cannot be parsed as YAML before rendering. */
function checkGoTemplateDelimiters(file: string, content: string): void {
  const lines = content.split('\n')
  lines.forEach((line, i) => {
    const opens = line.split('{{').length - 1
    const closes = line.split('}}').length - 1
    if (opens !== closes) throw new CatalogFileError(file, `line ${i + 1}: unbalanced "{{" / "}}"`)
  })
}

function loadTemplate(libraryDir: string, id: string): CatalogTemplate {
  const templateDir = join(libraryDir, id)
  const configFile = join(templateDir, 'config.yml')
  const config = loadYamlMapping(configFile)
  const versions = subdirectories(templateDir)
    .filter((d) => VERSION_DIR.test(d))
    .map((d) => loadVersion(templateDir, d))
    .sort((a, b) => a.versionIndex - b.versionIndex)
  if (versions.length === 0) throw new CatalogFileError(templateDir, 'has no version folders')
  const seen = new Set<string>()
  for (const v of versions) {
    if (seen.has(v.version)) throw new CatalogFileError(templateDir, `version ${v.version} appears in two folders`)
    seen.add(v.version)
  }
  const defaultVersion = config.version === undefined ? versions[versions.length - 1].version : scalarToString(configFile, 'version', config.version)
  if (!seen.has(defaultVersion)) {
    throw new CatalogFileError(configFile, `default version ${defaultVersion} has no version folder`)
  }
  const parsed = CatalogTemplate.safeParse({
    id,
    name: config.name,
    description: typeof config.description === 'string' ? config.description.trim() : config.description,
    category: config.category,
    source: 'builtin',
    defaultVersion,
    versions,
  })
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
    throw new CatalogFileError(templateDir, `does not match the catalog template schema: ${issues}`)
  }
  return parsed.data
}

/** Every catalog template of the built-in library, sorted by id, versions sorted by versionIndex. */
export function loadBuiltinCatalog(dir: string = DEFAULT_LIBRARY_DIR): CatalogTemplate[] {
  return subdirectories(dir)
    .sort()
    .map((id) => loadTemplate(dir, id))
}

/** The built-in environment templates (`<key>.yml`), sorted by key (so `cattle`, the default, comes first). */
export function loadBuiltinEnvironmentTemplates(dir: string = DEFAULT_ENVIRONMENT_TEMPLATES_DIR): BuiltinEnvironmentTemplate[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => {
      const file = join(dir, name)
      const doc = loadYamlMapping(file)
      const key = name.replace(/\.ya?ml$/, '')
      if (typeof doc.name !== 'string' || doc.name === '') throw new CatalogFileError(file, '`name` must be a non-empty string')
      if (typeof doc.description !== 'string') throw new CatalogFileError(file, '`description` must be a string')
      if (typeof doc.isPublic !== 'boolean') throw new CatalogFileError(file, '`isPublic` must be true or false')
      if (!Array.isArray(doc.stacks)) throw new CatalogFileError(file, '`stacks` must be a list')
      const stacks = doc.stacks.map((raw, i) => {
        const parsed = TemplateStack.safeParse(raw)
        if (!parsed.success) {
          const issues = parsed.error.issues.map((is) => `${is.path.join('.') || '(root)'}: ${is.message}`).join('; ')
          throw new CatalogFileError(file, `stacks[${i}]: ${issues}`)
        }
        return parsed.data
      })
      const names = new Set<string>()
      for (const s of stacks) {
        if (names.has(s.name)) throw new CatalogFileError(file, `stack name ${s.name} is used twice`)
        names.add(s.name)
      }
      return { key, name: doc.name, description: doc.description.trim(), isPublic: doc.isPublic, stacks }
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}
