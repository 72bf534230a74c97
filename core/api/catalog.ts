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

export const CATALOG_CATEGORIES = ['Networking', 'Network Services', 'Scheduling', 'Health'] as const

/** An infrastructure stack template with versions, questions and compose files. */
export const CatalogTemplate = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  category: z.enum(CATALOG_CATEGORIES),
  /** The version picked when a template names no version. */
  defaultVersion: z.string(),
  versions: z.array(CatalogTemplateVersion),
})
export type CatalogTemplate = z.infer<typeof CatalogTemplate>
