// Importing a Rancher catalog template version (docker-compose.yml(.tpl), rancher-compose.yml
// with its `.catalog` block, optionally config.yml) as a custom catalog template: which file is
// which, the version and questions from `.catalog`, name / description / category from
// config.yml (the description else from the README's first paragraph), the id, and the network-driver validator's verdict with question defaults as
// answers. Pure: the server (`POST /catalog`) and the import screen run the same code, so the
// screen shows before "Import" exactly what the server would refuse.
import { parseDocument } from 'yaml'
import { CATALOG_CATEGORIES, type CatalogTemplate, type CatalogTemplateVersion, type ComposeFile } from '../api/catalog.ts'
import type { ErrorDetail } from '../api/errors.ts'
import type { Diagnostic } from '../api/validate.ts'
import { validateNetworkDriver } from '../validate/index.ts'
import { scalarText, toQuestion } from './questions.ts'

/** What a file of an import is, by its name. */
export type ImportFileRole = 'docker-compose' | 'rancher-compose' | 'config' | 'readme'

const ROLES: [RegExp, ImportFileRole][] = [
  [/^docker-compose\.ya?ml(\.tpl)?$/, 'docker-compose'],
  [/^rancher-compose\.ya?ml(\.tpl)?$/, 'rancher-compose'],
  [/^config\.ya?ml$/, 'config'],
  [/^README(\.md)?$/i, 'readme'],
]

export function importFileRole(name: string): ImportFileRole | null {
  for (const [pattern, role] of ROLES) if (pattern.test(name)) return role
  return null
}

/** A name as a catalog template id: lower case, runs of anything else than letters and digits become one dash. */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, 63)
    .replace(/-+$/, '')
}

export interface CatalogImportPlan {
  id: string
  name: string
  description: string
  category: CatalogTemplate['category']
  /** The version as it will be stored (its versionIndex is decided by the server). */
  version: Omit<CatalogTemplateVersion, 'versionIndex'>
}

export interface CatalogImportCheck {
  /** Null when the files do not say enough to import (no compose, no `.catalog`, no version or id). */
  plan: CatalogImportPlan | null
  /** Everything that stops the import, as the server's 400 details (`files`, `files.<i>.name`, `files.<i>.content`, `id`). */
  errors: ErrorDetail[]
  /** The errors that are not validator diagnostics: missing or unknown files, `.catalog`, config.yml, id. */
  blockers: ErrorDetail[]
  /** Every diagnostic of the network-driver validator (warnings and infos included). */
  diagnostics: Diagnostic[]
  /** The compose files rendered with the question defaults. */
  rendered: ComposeFile[]
}

export interface CatalogImportInput {
  files: readonly { name: string; content: string }[]
  id?: string
}

/** Ids the catalog's own pages use (`/catalog/import`). */
export const RESERVED_CATALOG_IDS: readonly string[] = ['import']

const YAML_OPTIONS = { version: '1.1', uniqueKeys: false, prettyErrors: false } as const
const MAX_NAME = 200
const MAX_VERSION = 100

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Parses YAML for its values; errors (with 1-based line:column) instead of a throw. */
function readYaml(text: string): { value: unknown; errors: { line: number; column: number; message: string }[] } {
  const doc = parseDocument(text, YAML_OPTIONS)
  if (doc.errors.length > 0) {
    return { value: undefined, errors: doc.errors.map((e) => ({ line: e.linePos?.[0].line ?? 1, column: e.linePos?.[0].col ?? 1, message: e.message.split('\n')[0] })) }
  }
  try {
    return { value: doc.toJS({ maxAliasCount: 1000 }), errors: [] }
  } catch (error) {
    return { value: undefined, errors: [{ line: 1, column: 1, message: error instanceof Error ? error.message : String(error) }] }
  }
}

/** The first paragraph of a README that is not a heading, as one line (a description when config.yml has none). */
function firstParagraph(markdown: string): string | null {
  for (const block of markdown.split(/\r?\n\s*\r?\n/)) {
    const text = block.trim()
    if (text === '' || text.startsWith('#')) continue
    return text.replace(/\s+/g, ' ').slice(0, 1000)
  }
  return null
}

const optionalText = (value: unknown): string | null => (value === undefined || value === null ? null : scalarText(value))

/** Checks an import without writing anything; see CatalogImportCheck. Never throws. */
export function checkCatalogImport(input: CatalogImportInput): CatalogImportCheck {
  const errors: ErrorDetail[] = []
  const fromDiagnostics = new Set<ErrorDetail>()
  const at: Partial<Record<ImportFileRole, number>> = {}
  input.files.forEach((file, i) => {
    const role = importFileRole(file.name)
    if (role === null) {
      errors.push({ path: `files.${i}.name`, message: `${JSON.stringify(file.name)} is not a catalog file: expected docker-compose.yml(.tpl), rancher-compose.yml(.tpl), config.yml or README.md` })
      return
    }
    const first = at[role]
    if (first !== undefined) {
      errors.push({ path: `files.${i}.name`, message: `${file.name}: a second ${role} file (the first is ${input.files[first].name}); a version has one` })
      return
    }
    at[role] = i
  })
  if (at['docker-compose'] === undefined) errors.push({ path: 'files', message: 'a docker-compose.yml or docker-compose.yml.tpl is required' })
  if (at['rancher-compose'] === undefined) errors.push({ path: 'files', message: 'a rancher-compose.yml with a .catalog block is required' })

  // The validator, with no answers: every question default applies.
  const composeIndexes = [at['docker-compose'], at['rancher-compose']].filter((i): i is number => i !== undefined)
  const composeFiles = composeIndexes.map((i) => ({ name: input.files[i].name, content: input.files[i].content }))
  const validated = composeFiles.length > 0 ? validateNetworkDriver({ files: composeFiles }) : { diagnostics: [], rendered: [] }
  const indexOfFile = new Map(composeIndexes.map((i) => [input.files[i].name, i]))
  for (const d of validated.diagnostics) {
    if (d.severity !== 'error') continue
    const index = indexOfFile.get(d.file ?? '') ?? composeIndexes[0]
    const detail = { path: `files.${index}.content`, message: `${d.file ?? input.files[index].name}:${d.line}:${d.column} ${d.message} (${d.code})` }
    errors.push(detail)
    fromDiagnostics.add(detail)
  }

  // `.catalog`: version, questions, name. A rancher-compose that does not parse is the validator's YAML_SYNTAX.
  let catalog: Record<string, unknown> | null = null
  let version: CatalogImportPlan['version'] | null = null
  const ri = at['rancher-compose']
  if (ri !== undefined) {
    const file = input.files[ri]
    const path = `files.${ri}.content`
    // The `.catalog` block never holds template actions; lines that are only an action are dropped.
    const text = file.name.endsWith('.tpl') || file.content.includes('{{') ? file.content.replace(/^[ \t]*\{\{.*\}\}[ \t]*$/gm, '') : file.content
    const read = readYaml(text)
    if (read.errors.length === 0) {
      const block = isRecord(read.value) ? read.value['.catalog'] : undefined
      if (!isRecord(block)) {
        errors.push({ path: 'files', message: `${file.name} has no .catalog block (name, version, questions): it is what makes compose files a catalog template` })
      } else {
        catalog = block
        const v = optionalText(block.version)
        if (v === null || v.trim() === '') errors.push({ path, message: `${file.name}: .catalog.version is missing` })
        else if (v.length > MAX_VERSION) errors.push({ path, message: `${file.name}: .catalog.version is longer than ${MAX_VERSION} characters` })
        const questions = []
        const rawQuestions = block.questions ?? []
        if (!Array.isArray(rawQuestions)) errors.push({ path, message: `${file.name}: .catalog.questions must be a list` })
        else {
          for (const [i, raw] of rawQuestions.entries()) {
            const q = toQuestion(raw, i)
            if (q.ok) questions.push(q.question)
            else errors.push({ path, message: `${file.name}: ${q.message}` })
          }
        }
        if (v !== null && v.trim() !== '') {
          version = {
            version: v.trim(),
            minimumRancherVersion: optionalText(block.minimum_rancher_version),
            upgradeFrom: optionalText(block.upgrade_from),
            questions,
            files: composeFiles,
          }
        }
      }
    } else if (!validated.diagnostics.some((d) => d.file === file.name && d.code === 'YAML_SYNTAX')) {
      // The template-free reading failed where the validator's did not: say so rather than nothing.
      const e = read.errors[0]
      errors.push({ path, message: `${file.name}:${e.line}:${e.column} the .catalog block cannot be read: ${e.message}` })
    }
  }

  // config.yml: name, description, category.
  let config: Record<string, unknown> = {}
  const ci = at.config
  if (ci !== undefined) {
    const file = input.files[ci]
    const read = readYaml(file.content)
    for (const e of read.errors) errors.push({ path: `files.${ci}.content`, message: `${file.name}:${e.line}:${e.column} ${e.message}` })
    if (read.errors.length === 0) {
      if (isRecord(read.value)) config = read.value
      else if (read.value !== null && read.value !== undefined) errors.push({ path: `files.${ci}.content`, message: `${file.name} must be a mapping (name, description, category, version)` })
    }
  }

  const name = (optionalText(config.name) ?? optionalText(catalog?.name) ?? '').trim()
  if (name.length > MAX_NAME) errors.push({ path: ci !== undefined && config.name !== undefined ? `files.${ci}.content` : 'files', message: `the name is longer than ${MAX_NAME} characters` })
  let id = input.id ?? null
  if (id === null && (catalog !== null || ci !== undefined)) {
    if (name === '') errors.push({ path: 'id', message: 'no id given, and neither config.yml nor .catalog has a name to derive one from' })
    else {
      id = slugify(name)
      if (id === '') {
        errors.push({ path: 'id', message: `no id given, and the name ${JSON.stringify(name)} gives no slug to use; give an id` })
        id = null
      }
    }
  }
  if (id !== null && RESERVED_CATALOG_IDS.includes(id)) {
    errors.push({ path: 'id', message: `${JSON.stringify(id)} is reserved for the catalog's own pages; give another id` })
    id = null
  }
  const category = optionalText(config.category)
  const readme = at.readme === undefined ? null : firstParagraph(input.files[at.readme].content)
  const description = (optionalText(config.description) ?? optionalText(catalog?.description) ?? readme ?? '').trim()

  const plan =
    id !== null && version !== null
      ? {
          id,
          name: name || id,
          description,
          category: (CATALOG_CATEGORIES as readonly string[]).includes(category ?? '') ? (category as CatalogTemplate['category']) : 'Other',
          version,
        }
      : null
  return { plan, errors, blockers: errors.filter((e) => !fromDiagnostics.has(e)), diagnostics: validated.diagnostics, rendered: validated.rendered }
}
