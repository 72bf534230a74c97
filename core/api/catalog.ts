import { z } from 'zod'
import { Id } from './common.ts'

/** A question of a catalog template version (rancher-compose.yml `.catalog.questions`). */
export const Question = z.object({
  variable: z.string(),
  label: z.string(),
  description: z.string().optional(),
  type: z.enum(['string', 'int', 'boolean', 'enum', 'password', 'multiline']),
  /** Defaults are strings, as answers are. */
  default: z.string().optional(),
  required: z.boolean(),
  options: z.array(z.string()).optional(),
  /** Inclusive bounds for `int` questions. */
  min: z.number().optional(),
  max: z.number().optional(),
})
export type Question = z.infer<typeof Question>

export const ComposeFile = z.object({ name: z.string(), content: z.string() })
export type ComposeFile = z.infer<typeof ComposeFile>

export const CatalogTemplateVersion = z.object({
  /** Version as operators see it, e.g. `0.2.5`. */
  version: z.string(),
  /** Position in the template's history (the catalog folder number). */
  versionIndex: z.number().int(),
  minimumRancherVersion: z.string().nullable(),
  upgradeFrom: z.string().nullable(),
  questions: z.array(Question),
  files: z.array(ComposeFile),
})
export type CatalogTemplateVersion = z.infer<typeof CatalogTemplateVersion>

/** Categories of the catalog; an imported template whose config.yml names another category gets `Other`. */
export const CATALOG_CATEGORIES = ['Networking', 'Network Services', 'Scheduling', 'Health', 'Other'] as const

/** `builtin`: shipped with Paddock (read-only, synced on start); `custom`: imported by an operator. */
export const CATALOG_SOURCES = ['builtin', 'custom'] as const

/** An infrastructure stack template with versions, questions and compose files. */
export const CatalogTemplate = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  category: z.enum(CATALOG_CATEGORIES),
  source: z.enum(CATALOG_SOURCES),
  /** The version picked when a template names no version. */
  defaultVersion: z.string(),
  versions: z.array(CatalogTemplateVersion),
})
export type CatalogTemplate = z.infer<typeof CatalogTemplate>

/** Id of an imported catalog template: a lower-case slug (letters, digits, inner dashes), 1–63 characters. */
export const CatalogTemplateSlug = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'a lower-case slug: letters, digits and inner dashes, 1–63 characters')

/** A file of a Rancher catalog template version as an operator pastes or uploads it. */
export const ImportFile = z.strictObject({
  /** `docker-compose.yml(.tpl)`, `rancher-compose.yml(.tpl)`, `config.yml`; a `README.md` is accepted and ignored. */
  name: z.string().min(1).max(255),
  content: z.string().max(512 * 1024),
})
export type ImportFile = z.infer<typeof ImportFile>

/**
 * `POST /catalog`: imports a Rancher catalog template version as a custom catalog template. The
 * files are validated with the network-driver validator (question defaults as answers); the
 * rancher-compose `.catalog` block gives the version and the questions, config.yml the name,
 * description and category. Importing into an existing custom template adds a version and
 * makes it the default.
 */
export const ImportCatalogTemplate = z.strictObject({
  files: z.array(ImportFile).min(1).max(10),
  /** The catalog template's id; when left out, the slug of config.yml's name (or of `.catalog.name`). */
  id: CatalogTemplateSlug.optional(),
})
export type ImportCatalogTemplate = z.infer<typeof ImportCatalogTemplate>
